// A response report as a page section: every comment with its kind, quote, outcome and reason,
// then the changes adopted against the previous version. Used by the report page and by the
// adoption page's preview.
import { useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";
import type { ResponseReport } from "./adoption.server";
import { DiffMark } from "./diff-view";
import { UserText } from "~/ui/user-text";
import { SuggestedChange, useSuggesterName } from "./policy-suggestions";

export function ReportView({ report }: { report: ResponseReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const suggesterName = useSuggesterName();
  const outcomeText = (outcome: string | null) =>
    outcome ? t(`policies.comments.outcomes.${outcome}`) : t("policies.comments.outcomes.none");
  return (
    <div className="response-report stack">
      <section className="stack" aria-labelledby="report-comments">
        <h2 id="report-comments">{t("policies.comments.report.commentsHeading", { count: report.comments.length })}</h2>
        {report.comments.length === 0 ? (
          <p className="empty-state">{t("policies.comments.report.noComments")}</p>
        ) : null}
        <ol className="report-comments">
          {report.comments.map((comment) => (
            <li key={comment.id} id={`comment-${comment.id}`} className="card stack" data-testid="report-comment">
              <p>
                <span className={`badge kind-${comment.kind}`}>{t(`policies.comments.kinds.${comment.kind}`)}</span>{" "}
                {comment.detached ? (
                  <span className="badge detached-badge">{t("policies.comments.detached")}</span>
                ) : null}{" "}
                {t("policies.comments.postedBy", {
                  name: comment.authorName,
                  date: format.dateTime(comment.createdAt),
                })}
              </p>
              <UserText as="blockquote" text={comment.quote} />
              <p className="comment-text">
                {comment.text ?? t("policies.comments.hiddenBecause", { reason: comment.hiddenReason ?? "" })}
              </p>
              <p data-testid="report-outcome">
                {comment.outcomeReason
                  ? t("policies.comments.outcomeWithReason", {
                      outcome: outcomeText(comment.outcome),
                      reason: comment.outcomeReason,
                    })
                  : t("policies.comments.outcomeLine", { outcome: outcomeText(comment.outcome) })}
              </p>
            </li>
          ))}
        </ol>
      </section>
      {/* A consultation without suggestions (most of those in open editing) has no section for them. */}
      {report.suggestions?.length ? (
        <section className="stack" aria-labelledby="report-suggestions">
          <h2 id="report-suggestions">
            {t("policies.suggestions.report.heading", { count: report.suggestions.length })}
          </h2>
          <ol className="report-comments">
            {report.suggestions.map((suggestion) => (
              <li
                key={suggestion.id}
                id={`suggestion-${suggestion.id}`}
                className="card stack"
                data-testid="report-suggestion"
              >
                <p>
                  <span className={`badge suggestion-status-${suggestion.status}`}>
                    {t(`policies.suggestions.statuses.${suggestion.status}`)}
                  </span>{" "}
                  {t("policies.suggestions.postedBy", {
                    name: suggesterName(suggestion.authorName),
                    date: format.dateTime(suggestion.createdAt),
                  })}
                </p>
                {suggestion.hiddenReason ? (
                  <p>{t("policies.suggestions.hiddenBecause", { reason: suggestion.hiddenReason })}</p>
                ) : (
                  <SuggestedChange {...suggestion} />
                )}
                {suggestion.explanation ? <UserText as="p" text={suggestion.explanation} /> : null}
                <p>{t("policies.suggestions.counts", { support: suggestion.support, oppose: suggestion.oppose })}</p>
                <p data-testid="report-suggestion-outcome">
                  {suggestion.status === "rejected"
                    ? t("policies.suggestions.rejectedLine", { reason: suggestion.reason ?? "" })
                    : suggestion.status === "accepted"
                      ? t("policies.suggestions.acceptedNoRevision")
                      : t("policies.suggestions.report.open")}
                </p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section className="stack" aria-labelledby="report-changes">
        <h2 id="report-changes">{t("policies.comments.report.changesHeading")}</h2>
        <p>
          {t("policies.comments.report.changesSummary", {
            count: report.changes.count,
            added: report.changes.charactersAdded,
            removed: report.changes.charactersRemoved,
          })}
        </p>
        {report.changes.whole ? <p className="hint">{t("policies.comments.report.changesWhole")}</p> : null}
        <ul className="report-changes">
          {report.changes.list.map((change, index) => (
            <li key={index}>
              <span className="hint">{t("policies.comments.report.changeAt", { before: change.before })}</span>{" "}
              {change.removed ? <DiffMark kind="removed">{change.removed}</DiffMark> : null}{" "}
              {change.added ? <DiffMark kind="added">{change.added}</DiffMark> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
