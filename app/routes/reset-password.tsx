import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NewPasswordFields } from "~/features/accounts/new-password-fields";
import { resetPassword } from "~/features/accounts/password-reset.server";
import { resetPasswordSchema } from "~/features/accounts/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { Field, SubmitButton } from "~/ui/form";
import { redirectWithFlash } from "~/ui/flash.server";
import { passRetryAfter } from "~/ui/headers";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const headers = passRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: await pageTitle(request, "resetPassword.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await submitForm(request, resetPasswordSchema, (data) => resetPassword(data, context.clientIp));
  if (!result.ok) return result.response;
  return redirectWithFlash("/login", { message: "login.passwordReset" });
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  return (
    <section className="page narrow" aria-labelledby="reset-title">
      <ErrorSummary errors={errors} />
      <h1 id="reset-title">{t("resetPassword.title")}</h1>
      <p>{t("resetPassword.lead")}</p>
      <Form method="post" noValidate className="stack">
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
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          label={t("fields.resetCode")}
          defaultValue={values.code}
          error={errors.code}
        />
        <NewPasswordFields name="newPassword" label={t("fields.newPassword")} errors={errors} />
        <p className="hint">{t("resetPassword.signedOut")}</p>
        <SubmitButton pendingLabel={t("actions.saving")}>{t("resetPassword.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
