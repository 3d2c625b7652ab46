import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { adoptDraft, prepareAdoption } from "~/features/policies/adoption.server";
import { canAdopt } from "~/features/policies/comment-permissions.server";
import { adoptSchema, CHANGE_NOTE_MAX_LENGTH } from "~/features/policies/comment-schemas";
import { findPolicyForComments } from "~/features/policies/comments.server";
import { PlainPolicyEditor } from "~/features/policies/plain-policy-editor";
import styles from "~/features/policies/policy-comments.css";
import { ReportView } from "~/features/policies/report-view";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SubmitButton } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** Officials of the owning department only; anyone else is refused before anything is read. */
async function requireAdoption(request: Request, context: AppLoadContext, policyId: string | undefined) {
  const user = await requireUser(request, context);
  const policy = await findPolicyForComments(policyId);
  if (!policy) throw new Response("Not Found", { status: 404 });
  if (!canAdopt(user, policy)) throw new Response("Forbidden", { status: 403 });
  return { user, policy };
}

/** /policies/<id>/adopt: the next official version from the community draft, with its response report. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { policy } = await requireAdoption(request, context, params.policyId);
  const { t } = await translatorFor(request);
  const { number, content, report, stamp } = await prepareAdoption(policy);
  return json({
    title: `${t("policies.comments.adopt.title")} · ${policy.title} · ${t("shell.siteName")}`,
    policy,
    number,
    content,
    stamp,
    report,
    withoutOutcome: report.comments.filter((comment) => !comment.outcome).length,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, policy } = await requireAdoption(request, context, params.policyId);
  const result = await submitForm(request, adoptSchema, (input) => adoptDraft(user, policy, input));
  if (!result.ok) return result.response;
  return redirectWithFlash(`/policies/${policy.id}/versions/${result.value.number}/report`, {
    message: "policies.comments.flash.adopted",
  });
}

export default function AdoptPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="adopt-title" className="page stack">
      <p>
        <Link to={`/policies/${data.policy.id}/comments`} className="standalone-link">
          {t("policies.comments.back")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="adopt-title">{t("policies.comments.adopt.heading", { title: data.policy.title })}</h1>
      <p>{t("policies.comments.adopt.intro", { number: data.number })}</p>
      <Form
        method="post"
        noValidate
        className="stack"
        onSubmit={(event) => {
          if (!window.confirm(t("policies.comments.adopt.confirm"))) event.preventDefault();
        }}
      >
        <input type="hidden" name="number" value={data.number} />
        {/* The draft this page showed; after a refusal it is the draft now, as the preview below. */}
        <input type="hidden" name="draftStamp" value={data.stamp} />
        {errors.form === t("policies.comments.errors.draftChanged") ? (
          <p className="card" data-testid="draft-changed">
            {t("policies.comments.adopt.draftChangedHint")}{" "}
            <a href={`/policies/${data.policy.id}/adopt`}>{t("policies.comments.adopt.refresh")}</a>
          </p>
        ) : null}
        <Field
          name="changeNote"
          label={t("policies.comments.adopt.changeNote")}
          hint={t("policies.comments.adopt.changeNoteHint")}
          maxLength={CHANGE_NOTE_MAX_LENGTH}
          defaultValue={values.changeNote}
          error={errors.changeNote}
        />
        <div className={`field${errors.content ? " has-error" : ""}`} id="field-content" tabIndex={-1}>
          <p className="plain-policy-label">{t("policies.comments.adopt.text", { number: data.number })}</p>
          <p className="hint">{t("policies.comments.adopt.textHint")}</p>
          <PlainPolicyEditor
            name="content"
            initial={data.content}
            label={t("policies.comments.adopt.text", { number: data.number })}
          />
          {errors.content ? <p className="field-error">{errors.content}</p> : null}
        </div>
        {data.withoutOutcome > 0 ? (
          <p className="hint">{t("policies.comments.adopt.withoutOutcome", { count: data.withoutOutcome })}</p>
        ) : null}
        <SubmitButton pendingLabel={t("policies.comments.adopt.sending")}>
          {t("policies.comments.adopt.submit", { number: data.number })}
        </SubmitButton>
      </Form>
      <h2>{t("policies.comments.adopt.reportPreview")}</h2>
      <ReportView report={data.report} />
    </section>
  );
}
