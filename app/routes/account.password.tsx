import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { changePassword } from "~/features/accounts/accounts.server";
import { requireSession, requireUser } from "~/features/accounts/auth.server";
import { NewPasswordFields } from "~/features/accounts/new-password-fields";
import { changePasswordSchema } from "~/features/accounts/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SubmitButton } from "~/ui/form";
import { passRetryAfter } from "~/ui/headers";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const headers = passRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return json({ title: await pageTitle(request, "account.password.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireSession(request, context);
  const result = await submitForm(request, changePasswordSchema, (data) =>
    changePassword(user, session.id, data, context.clientIp),
  );
  if (!result.ok) return result.response;
  return redirectWithFlash("/account/password", { message: "account.password.changed" });
}

export default function ChangePassword() {
  const { t } = useTranslation();
  const { errors } = useFormState();
  // A new location after each success: the form starts empty again, and no password stays on screen.
  const { key } = useLocation();
  return (
    <section aria-labelledby="password-title">
      <ErrorSummary errors={errors} />
      <h1 id="password-title">{t("account.password.title")}</h1>
      <Form method="post" noValidate className="stack" key={key}>
        <Field
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          label={t("fields.currentPassword")}
          error={errors.currentPassword}
        />
        <NewPasswordFields name="newPassword" label={t("fields.newPassword")} errors={errors} />
        <p className="hint">{t("account.password.othersSignedOut")}</p>
        <SubmitButton pendingLabel={t("actions.saving")}>{t("account.password.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
