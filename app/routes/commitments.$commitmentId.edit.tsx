import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { CommitmentFields } from "~/features/commitments/commitment-fields";
import { getCommitment, updateCommitment } from "~/features/commitments/commitments.server";
import { useCommitmentText } from "~/features/commitments/components";
import styles from "~/features/commitments/commitments.css";
import { assignableDepartments, canManageCommitment } from "~/features/commitments/permissions.server";
import { REASON_MAX_LENGTH } from "~/features/commitments/history";
import { commitmentEditSchema, dateToDay, versionedOf } from "~/features/commitments/schemas";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton, TextArea } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

async function requireManager(request: Request, context: AppLoadContext, commitmentId: string | undefined) {
  const user = await requireUser(request, context);
  const commitment = await getCommitment(commitmentId);
  if (!commitment) throw new Response("Not Found", { status: 404 });
  if (!canManageCommitment(user, commitment.departmentId)) throw new Response("Forbidden", { status: 403 });
  return { user, commitment };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, commitment } = await requireManager(request, context, params.commitmentId);
  const { locale } = await translatorFor(request);
  const values: Record<string, string> = {
    titleZh: commitment.titleZh,
    titleEn: commitment.titleEn,
    departmentId: commitment.departmentId,
    promiseZh: commitment.promiseZh,
    promiseEn: commitment.promiseEn,
    targetDate: dateToDay(commitment.targetDate),
  };
  commitment.milestones.forEach((milestone, index) => {
    values[`milestone${index}Id`] = milestone.id;
    values[`milestone${index}Title`] = milestone.title;
    values[`milestone${index}Due`] = dateToDay(milestone.dueDate);
    values[`milestone${index}Done`] = milestone.doneAt ? "on" : "";
  });
  return json({
    title: await pageTitle(request, "commitments.edit"),
    commitment: {
      id: commitment.id,
      titleZh: commitment.titleZh,
      titleEn: commitment.titleEn,
      proposalTitle: commitment.proposal?.title,
    },
    values,
    departments: assignableDepartments(user, await listDepartmentNames(locale)),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, commitment } = await requireManager(request, context, params.commitmentId);
  // The reason is required when the promise or a date differs from what is stored now.
  const result = await submitForm(request, commitmentEditSchema(versionedOf(commitment)), (input) =>
    updateCommitment(user, commitment, input),
  );
  return result.ok
    ? redirectWithFlash(`/commitments/${commitment.id}`, { message: "commitments.flash.saved" })
    : result.response;
}

export default function EditCommitment() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const text = useCommitmentText();
  const { errors, values } = useFormState();
  const submitted = Object.keys(values).length > 0;
  return (
    <section aria-labelledby="edit-title" className="page stack">
      <p>
        <Link
          to={`/commitments/${data.commitment.id}`}
          className="standalone-link"
          lang={text.titleLang(data.commitment)}
        >
          {text.title(data.commitment)}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="edit-title">{t("commitments.edit")}</h1>
      <Form method="post" noValidate className="stack">
        <CommitmentFields
          values={submitted ? values : data.values}
          departments={data.departments}
          errors={errors}
          proposalTitle={data.commitment.proposalTitle}
        />
        <TextArea
          name="reason"
          label={t("commitments.form.reason")}
          hint={t("commitments.form.reasonHint")}
          maxLength={REASON_MAX_LENGTH}
          defaultValue={submitted ? values.reason : ""}
          error={errors.reason}
        />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("commitments.form.save")}</SubmitButton>
      </Form>
    </section>
  );
}
