import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCycle, hasReached, yearEndReport } from "~/features/commitments/commitments.server";
import {
  CommitmentHistory,
  ProgressBar,
  StatusBadge,
  useCommitmentText,
  useDayFormat,
} from "~/features/commitments/components";
import styles from "~/features/commitments/commitments.css";
import { COMMITMENT_STATUSES } from "~/features/commitments/schemas";
import { byDepartmentName } from "~/ui/department-names";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { LANGUAGES } from "~/i18n/config";
import { translatorFor } from "~/i18n/i18next.server";
import { useFormat } from "~/ui/format";
import { ReflowTable } from "~/ui/table";
import { titleFromLoader } from "~/ui/meta";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

// The route's name ends its parent segment with "_" so that the report is a page of its own,
// never rendered inside the cycle page's layout: it is meant to print as a document.

/** The year-end report: every commitment of the cycle, printable, from the implementation phase on. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const cycle = await getCycle(params.cycleId);
  if (!cycle) throw new Response("Not Found", { status: 404 });
  const { t, locale } = await translatorFor(request);
  const cycleTitle =
    (locale.startsWith("zh") ? cycle.titleZh || cycle.titleEn : cycle.titleEn || cycle.titleZh) ||
    t("priorities.title");
  const title = `${t("commitments.yearEnd.heading", { cycle: cycleTitle })} · ${t("shell.siteName")}`;
  const now = new Date();
  if (!hasReached(cycle, "implementation", now))
    return json({ title, cycle, open: false as const, report: null, now: now.toISOString() });
  const report = await yearEndReport(cycle.id);
  // Grouped by department, in the reader's order of department names, so that each
  // department's commitments print together (a page break between departments).
  const order = byDepartmentName(locale);
  const departments = [
    ...new Map(report.commitments.map((commitment) => [commitment.department.id, commitment.department])).values(),
  ].sort(order);
  const groups = departments.map((department) => ({
    department,
    commitments: report.commitments.filter((commitment) => commitment.department.id === department.id),
  }));
  return json({
    title,
    cycle,
    open: true as const,
    report: { groups, counts: report.counts, total: report.commitments.length, candidates: report.candidates },
    now: now.toISOString(),
  });
}

type Candidate = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["report"]>["candidates"][number];

/**
 * The vote's ranking next to what became of each candidate: its commitment, or the reason its
 * department gave for making none. A candidate ranked above the lowest one committed, with
 * neither, is flagged in words, not only by colour (decision 0025).
 */
function CandidateRanking({ candidates }: { candidates: readonly Candidate[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const outcome = (candidate: Candidate) => {
    if (candidate.commitmentId)
      return <Link to={`/commitments/${candidate.commitmentId}`}>{t("commitments.ranking.committed")}</Link>;
    if (candidate.skipReason)
      return <span className="report-text">{t("commitments.ranking.reason", { reason: candidate.skipReason })}</span>;
    if (candidate.unexplained)
      return <strong className="badge status-delayed">{t("commitments.ranking.noReason")}</strong>;
    return t("commitments.ranking.notCommitted");
  };
  return (
    <section aria-labelledby="ranking-title" className="stack">
      <h2 id="ranking-title">{t("commitments.ranking.title")}</h2>
      <p>{t("commitments.ranking.intro")}</p>
      {candidates.length === 0 ? (
        <p className="empty-state">{t("commitments.ranking.empty")}</p>
      ) : (
        <ReflowTable
          caption={t("commitments.ranking.title")}
          columns={[
            t("commitments.ranking.rank"),
            t("commitments.ranking.ballotNumber"),
            t("commitments.ranking.candidate"),
            t("commitments.ranking.department"),
            t("commitments.ranking.outcome"),
          ]}
          rows={candidates.map((candidate) => ({
            key: candidate.id,
            cells: [
              format.number(candidate.rank),
              format.number(candidate.ballotNumber),
              candidate.title,
              candidate.department ? format.departmentName(candidate.department) : "",
              outcome(candidate),
            ],
          }))}
        />
      )}
    </section>
  );
}

function OtherLanguage() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const other = LANGUAGES.find((language) => language !== i18n.language) ?? "en";
  return (
    <Form method="post" action="/settings" className="inline-form no-print">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" name="locale" value={other} className="link-button" lang={other}>
        {i18n.getFixedT(other)("commitments.yearEnd.otherLanguage", {
          language: t(`languages.${other}`, { lng: other }),
        })}
      </button>
    </Form>
  );
}

export default function YearEndReport() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const day = useDayFormat();
  const text = useCommitmentText();
  const cycleTitle = text.title(data.cycle) || t("priorities.title");
  return (
    <article aria-labelledby="report-title" className="page stack year-end">
      <p className="print-only">{t("shell.siteName")}</p>
      <h1 id="report-title">{t("commitments.yearEnd.heading", { cycle: cycleTitle })}</h1>
      {/* Below the heading, so that the heading is on the first screen of a phone. */}
      <p className="no-print">
        <Link to={`/priorities/${data.cycle.id}`} className="standalone-link">
          {t("commitments.cycleLink")}
        </Link>
      </p>
      <OtherLanguage />
      {!data.open || !data.report ? (
        <p className="note">
          {t("commitments.yearEnd.notYet", { date: format.date(data.cycle.implementationStartsAt) })}
        </p>
      ) : (
        <>
          <p className="lead">{t("commitments.yearEnd.intro")}</p>
          <p>{t("commitments.yearEnd.asOf", { date: format.date(data.now) })}</p>
          <p className="hint no-print">{t("commitments.yearEnd.printHint")}</p>
          <section aria-labelledby="summary-title" className="stack">
            <h2 id="summary-title">{t("commitments.yearEnd.summary")}</h2>
            <ul className="status-counts">
              {COMMITMENT_STATUSES.map((status) => (
                <li key={status}>
                  <StatusBadge status={status} /> {format.number(data.report!.counts[status] ?? 0)}
                </li>
              ))}
              <li>{t("commitments.yearEnd.totalIs", { total: format.number(data.report.total) })}</li>
            </ul>
          </section>
          <CandidateRanking candidates={data.report.candidates} />
          {data.report.groups.length === 0 ? <p className="empty-state">{t("commitments.yearEnd.empty")}</p> : null}
          {data.report.groups.map(({ department, commitments }) => (
            <section
              key={department.id}
              aria-labelledby={`department-${department.id}`}
              className="stack department-section"
            >
              <h2 id={`department-${department.id}`}>{format.departmentName(department)}</h2>
              {commitments.map((commitment) => (
                <section
                  key={commitment.id}
                  aria-labelledby={`commitment-${commitment.id}`}
                  className="stack commitment-entry"
                >
                  <h3 id={`commitment-${commitment.id}`} lang={text.titleLang(commitment)}>
                    <Link to={`/commitments/${commitment.id}`}>{text.title(commitment)}</Link>
                  </h3>
                  <p lang={text.promiseLang(commitment)}>{text.promise(commitment)}</p>
                  <p>
                    <StatusBadge status={commitment.status} />{" "}
                    {t("commitments.targetDate", { date: day(commitment.targetDate) })}
                  </p>
                  <ProgressBar id={`progress-${commitment.id}`} percent={commitment.percent} />
                  <h4>{t("commitments.yearEnd.lastReport")}</h4>
                  {commitment.lastReport ? (
                    <>
                      <p>{t("commitments.page.reportedOn", { date: day(commitment.lastReport.reportedOn) })}</p>
                      <UserText as="p" className="report-text" text={commitment.lastReport.text} />
                    </>
                  ) : (
                    <p>{t("commitments.yearEnd.noReport")}</p>
                  )}
                  {commitment.changes.length > 0 ? (
                    <>
                      <h4>{t("commitments.history.title")}</h4>
                      <CommitmentHistory changes={commitment.changes} level={5} />
                    </>
                  ) : null}
                </section>
              ))}
            </section>
          ))}
          <div className="no-print stack">
            <h2>{t("commitments.openData.commitments")}</h2>
            <OpenDataDownloads
              title={t("commitments.openData.commitments")}
              hrefs={{
                csv: `/commitments/data/commitments.csv?cycle=${data.cycle.id}`,
                json: `/commitments/data/commitments.json?cycle=${data.cycle.id}`,
              }}
            />
            <h2>{t("commitments.openData.reports")}</h2>
            <OpenDataDownloads
              title={t("commitments.openData.reports")}
              hrefs={{
                csv: `/commitments/data/progress-reports.csv?cycle=${data.cycle.id}`,
                json: `/commitments/data/progress-reports.json?cycle=${data.cycle.id}`,
              }}
            />
            <h2>{t("commitments.openData.changes")}</h2>
            <OpenDataDownloads
              title={t("commitments.openData.changes")}
              hrefs={{
                csv: `/commitments/data/changes.csv?cycle=${data.cycle.id}`,
                json: `/commitments/data/changes.json?cycle=${data.cycle.id}`,
              }}
            />
          </div>
        </>
      )}
    </article>
  );
}
