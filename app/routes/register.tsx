import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { registerResident } from "~/features/accounts/accounts.server";
import { createSessionCookie, getCurrentUser } from "~/features/accounts/auth.server";
import { NewPasswordFields } from "~/features/accounts/new-password-fields";
import { registerSchema } from "~/features/accounts/schemas";
import { syncPreferencesAtLogin } from "~/features/preferences/save-preference.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, Field, SubmitButton } from "~/ui/form";
import { passRetryAfter } from "~/ui/headers";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const headers = passRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(request, context)) throw redirect("/account");
  return json({ title: await pageTitle(request, "register.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await submitForm(request, registerSchema, (data, { locale }) =>
    registerResident(
      { email: data.email, displayName: data.displayName, password: data.password, locale },
      context.clientIp,
    ),
  );
  if (!result.ok) return result.response;
  const headers = await syncPreferencesAtLogin(request, result.value.userId);
  headers.append("Set-Cookie", await createSessionCookie(request, result.value.userId));
  return redirectWithFlash("/account", { message: "account.profile.welcome" }, headers);
}

export default function Register() {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  // The address is already registered: offer the way out next to the message, not just a question.
  const emailError =
    errors.email === t("validation.emailTaken") ? (
      <>
        {errors.email} <Link to="/login">{t("register.logInInstead")}</Link>
      </>
    ) : (
      errors.email
    );
  return (
    <section className="page narrow" aria-labelledby="register-title">
      <ErrorSummary errors={errors} />
      <h1 id="register-title">{t("register.title")}</h1>
      <p>{t("register.lead")}</p>
      <Form method="post" noValidate className="stack">
        <Field
          name="email"
          type="email"
          autoComplete="email"
          required
          label={t("fields.email")}
          defaultValue={values.email}
          error={emailError}
        />
        <Field
          name="displayName"
          autoComplete="nickname"
          required
          maxLength={60}
          label={t("fields.displayName")}
          hint={t("register.displayNameHint")}
          defaultValue={values.displayName}
          error={errors.displayName}
        />
        <NewPasswordFields name="password" label={t("fields.password")} errors={errors} />
        <Checkbox
          name="consent"
          required
          defaultChecked={values.consent === "on"}
          error={errors.consent}
          label={
            <>
              {t("register.consent")}{" "}
              <Link to="/data-policy" target="_blank">
                {t("register.readPolicy")}
              </Link>
            </>
          }
        />
        <SubmitButton pendingLabel={t("register.submitting")}>{t("register.submit")}</SubmitButton>
      </Form>
      <p>
        {t("register.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}
