import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { deleteAccount } from "~/features/accounts/accounts.server";
import { blankSessionCookie, requireUser } from "~/features/accounts/auth.server";
import { deleteAccountSchema } from "~/features/accounts/schemas";
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
  await requireUser(request, context);
  return json({ title: await pageTitle(request, "account.delete.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await submitForm(request, deleteAccountSchema, (data) =>
    deleteAccount(user, data.password, context.clientIp),
  );
  if (!result.ok) return result.response;
  return redirectWithFlash("/", { message: "account.delete.done" }, { "Set-Cookie": blankSessionCookie(request) });
}

export default function DeleteAccount() {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="delete-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="delete-title">{t("account.delete.title")}</h1>
      <p>{t("account.delete.lead")}</p>
      <ul>
        <li>{t("account.delete.removed")}</li>
        <li>{t("account.delete.kept")}</li>
        <li>{t("account.delete.final")}</li>
      </ul>
      <p>
        <a className="standalone-link" href="/account/data.json" download>
          {t("account.delete.downloadFirst")}
        </a>
      </p>
      <Form method="post" noValidate className="stack danger-zone">
        <Field
          name="password"
          type="password"
          autoComplete="current-password"
          required
          label={t("fields.currentPassword")}
          error={errors.password}
        />
        <Checkbox
          name="confirm"
          required
          label={t("account.delete.confirm")}
          error={errors.confirm}
          defaultChecked={values.confirm === "on"}
        />
        <SubmitButton className="danger" pendingLabel={t("account.delete.deleting")}>
          {t("account.delete.submit")}
        </SubmitButton>
      </Form>
    </section>
  );
}
