import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import styles from "~/features/policies/policies.css";
import { requirePolicyManager } from "~/features/policies/route-helpers.server";
import { CHANGE_NOTE_MAX_LENGTH, versionSchema } from "~/features/policies/schemas";
import { textAsLines } from "~/features/policies/render.server";
import { VersionEditor } from "~/features/policies/version-editor";
import { latestVersion, publishVersion } from "~/features/policies/versions.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton, TextArea } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { policy } = await requirePolicyManager(request, context, params.policyId);
  const latest = await latestVersion(policy.id);
  return json({
    title: await pageTitle(request, "policies.editor.pageTitle"),
    policy: { id: policy.id, title: policy.title, status: policy.status },
    // The next version usually changes the last one: the editor starts from its text.
    latest: latest && {
      number: latest.number,
      content: JSON.parse(latest.content) as unknown,
      lines: textAsLines(JSON.parse(latest.content)),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, policy } = await requirePolicyManager(request, context, params.policyId);
  const result = await submitForm(request, versionSchema, (input) => publishVersion(user, policy, input));
  if (!result.ok) return result.response;
  return redirectWithFlash(`/policies/${policy.id}/versions/${result.value.number}`, {
    message: "policies.flash.published",
    values: { number: String(result.value.number) },
  });
}

export default function NewVersion() {
  const { t } = useTranslation();
  const { policy, latest } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="new-version-title" className="page stack">
      <p>
        <Link to={`/policies/${policy.id}`} className="standalone-link">
          {policy.title}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="new-version-title">{t("policies.editor.pageTitle")}</h1>
      <p className="lead">{t("policies.editor.lead")}</p>
      {policy.status === "open" ? (
        // Said before anything is typed: the server refuses such a version anyway.
        <p className="card" data-testid="consultation-open">
          {t("policies.errors.consultationOpen")}{" "}
          <Link to={`/policies/${policy.id}/adopt`}>
            {t("policies.page.adopt", { number: (latest?.number ?? 0) + 1 })}
          </Link>
        </p>
      ) : null}
      {latest ? <p className="hint">{t("policies.editor.startsFrom", { number: latest.number })}</p> : null}
      <Form method="post" noValidate className="stack">
        <VersionEditor
          initial={latest?.content ?? null}
          initialLines={latest?.lines ?? ""}
          submitted={values.content}
          submittedLines={values.lines}
          error={errors.content}
          linesError={errors.lines}
        />
        <TextArea
          name="changeNote"
          label={t("policies.editor.changeNote")}
          hint={t("policies.editor.changeNoteHint")}
          defaultValue={values.changeNote}
          maxLength={CHANGE_NOTE_MAX_LENGTH}
          error={errors.changeNote}
        />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("policies.editor.publish")}</SubmitButton>
      </Form>
    </section>
  );
}
