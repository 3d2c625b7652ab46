import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { formatResetCode, issueResetCode } from "~/features/accounts/password-reset.server";
import { issueResetCodeSchema } from "~/features/accounts/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { Checkbox, Field, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCounterDesk(request, context);
  return json({ title: await pageTitle(request, "counter.resetCode.title") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireCounterDesk(request, context);
  const result = await submitForm(request, issueResetCodeSchema, (data) => issueResetCode(actor, data.email));
  if (!result.ok) return result.response;
  const { code, expiresAt, displayName } = result.value;
  return json({
    issued: {
      code: formatResetCode(code),
      expiresAt,
      displayName,
      url: `${new URL(request.url).origin}/reset-password`,
    },
  });
}

export default function IssueResetCode() {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  const issued = (
    useActionData<typeof action>() as
      { issued?: { code: string; expiresAt: string; displayName: string; url: string } } | undefined
  )?.issued;
  const format = useFormat();
  return (
    <section aria-labelledby="reset-code-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="reset-code-title">{t("counter.resetCode.title")}</h1>
      {issued ? (
        <div role="status" className="status">
          <h2>{t("counter.resetCode.issued", { name: issued.displayName })}</h2>
          <p className="reset-code" lang="en">
            {issued.code}
          </p>
          <p>{t("counter.resetCode.instructions", { time: format.dateTime(issued.expiresAt), url: issued.url })}</p>
        </div>
      ) : null}
      <p>{t("counter.resetCode.lead")}</p>
      <Form method="post" noValidate className="stack" key={issued?.code}>
        <Field
          name="email"
          type="email"
          autoComplete="off"
          required
          label={t("fields.email")}
          defaultValue={values.email}
          error={errors.email}
        />
        <Checkbox
          name="identityChecked"
          label={t("counter.resetCode.identityChecked")}
          error={errors.identityChecked}
        />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("counter.resetCode.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
