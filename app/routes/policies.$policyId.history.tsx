import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser, requireUser } from "~/features/accounts/auth.server";
import { runIntent } from "~/features/interviews/route-helpers.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { requireDraftPolicy } from "~/features/policies/editing-pages.server";
import { canModerateDraft } from "~/features/policies/editing-permissions.server";
import { restoreRevisionSchema } from "~/features/policies/editing-schemas";
import { listRevisions, restoreRevision } from "~/features/policies/revisions.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { ReflowTable } from "~/ui/table";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const policy = await requireDraftPolicy(params.policyId);
  const reader = await getCurrentUser(request, context);
  const { t } = await translatorFor(request);
  const search = new URL(request.url).searchParams;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(search.get("page") ?? "1", 10) || 1));
  const history = await listRevisions(policy.id, page);
  // A restore asks first, on the page itself, so that it also works without JavaScript.
  const confirm = Number.parseInt(search.get("restore") ?? "", 10);
  return json({
    title: `${t("policies.editing.history.title", { title: policy.title })} · ${t("shell.siteName")}`,
    policy: { id: policy.id, title: policy.title },
    page,
    ...history,
    canRestore: canModerateDraft(reader),
    confirmRestore: canModerateDraft(reader) && confirm > 0 ? confirm : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const policy = await requireDraftPolicy(params.policyId);
  const { intent, response } = await runIntent(request, {
    restore: () => submitForm(request, restoreRevisionSchema, (input) => restoreRevision(user, policy.id, input)),
  });
  if (!intent) return response;
  return redirectWithFlash(`/policies/${policy.id}/history`, { message: "policies.editing.flash.restored" });
}

export default function HistoryPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const { errors } = useFormState();
  const base = `/policies/${data.policy.id}`;
  return (
    <section aria-labelledby="history-title" className="page stack">
      <p>
        <Link to={`${base}/draft`} className="standalone-link">
          {t("policies.editing.draft.title", { title: data.policy.title })}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="history-title">{t("policies.editing.history.title", { title: data.policy.title })}</h1>
      <p>{t("policies.editing.history.lead")}</p>
      {data.confirmRestore ? (
        <Form method="post" className="card stack" aria-labelledby="restore-title">
          <h2 id="restore-title">{t("policies.editing.history.restore")}</h2>
          <p>{t("policies.editing.history.restoreConfirm", { number: data.confirmRestore })}</p>
          <input type="hidden" name="revision" value={data.confirmRestore} />
          <SubmitButton name="intent" value="restore" pendingLabel={t("policies.editing.draft.save.sending")}>
            {t("policies.editing.history.restore")} ·{" "}
            {t("policies.editing.history.revision", { number: data.confirmRestore })}
          </SubmitButton>
        </Form>
      ) : null}
      {data.revisions.length === 0 ? (
        <p className="empty">{t("policies.editing.history.empty")}</p>
      ) : (
        <ReflowTable
          caption={t("policies.editing.history.title", { title: data.policy.title })}
          columns={[
            t("policies.editing.history.revisionColumn"),
            t("policies.editing.history.time"),
            t("policies.editing.history.authors"),
            t("policies.editing.history.summary"),
            t("policies.editing.history.size"),
            t("policies.editing.history.sizeChange"),
            t("policies.editing.history.actions"),
          ]}
          rows={data.revisions.map((revision) => ({
            key: String(revision.number),
            cells: [
              t("policies.editing.history.revision", { number: revision.number }),
              format.dateTime(revision.createdAt),
              <span key="authors" data-testid="revision-authors">
                {revision.authors.join(t("policies.editing.draft.nameSeparator"))}
              </span>,
              revision.restoredFrom
                ? t("policies.editing.history.restoredFrom", { number: revision.restoredFrom })
                : revision.summary || t("policies.editing.history.noSummary"),
              t("policies.editing.history.sizeValue", { size: format.number(revision.size) }),
              // The sign is text, not colour: "+12" / "−3".
              revision.sizeChange > 0
                ? `+${format.number(revision.sizeChange)}`
                : revision.sizeChange < 0
                  ? `−${format.number(-revision.sizeChange)}`
                  : "0",
              <span key="actions" className="link-row">
                {revision.number > 1 ? (
                  <Link to={`${base}/diff?from=${revision.number - 1}&to=${revision.number}`}>
                    {t("policies.editing.history.diffPrevious", { number: revision.number - 1 })}
                  </Link>
                ) : null}{" "}
                {/* The revisions download holds only changes; each revision's full text is its own file. */}
                <a href={`${base}/revisions/${revision.number}.json`} download>
                  {t("policies.editing.history.fullText", { number: revision.number })}
                </a>{" "}
                {data.canRestore ? (
                  <Link to={`?restore=${revision.number}`}>{t("policies.editing.history.restore")}</Link>
                ) : null}
              </span>,
            ],
          }))}
        />
      )}
      {data.revisions.length > 0 ? (
        <p>
          <Link to={`${base}/diff?from=${data.revisions[0].number}&to=draft`} className="standalone-link">
            {t("policies.editing.draft.compareWithDraft")}
          </Link>
        </p>
      ) : null}
      <Pagination page={data.page} pageCount={data.pageCount} />
      <OpenDataDownloads
        title={t("policies.editing.history.openData")}
        hrefs={{ csv: `${base}/revisions/revisions.csv`, json: `${base}/revisions/revisions.json` }}
      />
    </section>
  );
}
