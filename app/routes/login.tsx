import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { logIn } from "~/features/accounts/accounts.server";
import {
  createSessionCookie,
  getCurrentUser,
  readKnownDeviceToken,
  serializeKnownDeviceCookie,
} from "~/features/accounts/auth.server";
import { loginSchema, safeRedirect } from "~/features/accounts/schemas";
import { syncPreferencesAtLogin } from "~/features/preferences/save-preference.server";
import { ErrorSummary } from "~/ui/error-summary";
import { Field, SubmitButton } from "~/ui/form";
import { passRetryAfter } from "~/ui/headers";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const headers = passRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(request, context))
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/account"));
  return json({ title: await pageTitle(request, "login.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const deviceToken = await readKnownDeviceToken(request);
  const result = await submitForm(request, loginSchema, async (data) => {
    const outcome = await logIn(data, { ip: context.clientIp, deviceToken });
    return outcome.ok ? { ok: true, value: { ...outcome.value, redirectTo: data.redirectTo } } : outcome;
  });
  if (!result.ok) return result.response;
  const headers = await syncPreferencesAtLogin(request, result.value.userId);
  headers.append("Set-Cookie", await createSessionCookie(request, result.value.userId));
  headers.append("Set-Cookie", await serializeKnownDeviceCookie(request, result.value.deviceToken));
  return redirect(safeRedirect(result.value.redirectTo, "/account"), { headers });
}

export default function Login() {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  const [searchParams] = useSearchParams();
  return (
    <section className="page narrow" aria-labelledby="login-title">
      <ErrorSummary errors={errors} />
      <h1 id="login-title">{t("login.title")}</h1>
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="redirectTo" value={values.redirectTo ?? searchParams.get("redirectTo") ?? ""} />
        <Field
          name="email"
          type="email"
          autoComplete="username"
          required
          label={t("fields.email")}
          defaultValue={values.email}
          error={errors.email}
        />
        <Field
          name="password"
          type="password"
          autoComplete="current-password"
          required
          label={t("fields.password")}
          error={errors.password}
        />
        <SubmitButton pendingLabel={t("login.submitting")}>{t("login.submit")}</SubmitButton>
      </Form>
      <p>
        {t("login.noAccount")} <Link to="/register">{t("nav.register")}</Link>
      </p>
      <p>
        <Link to="/reset-password">{t("login.forgot")}</Link>
      </p>
      <p className="hint">{t("login.counterHelp")}</p>
    </section>
  );
}
