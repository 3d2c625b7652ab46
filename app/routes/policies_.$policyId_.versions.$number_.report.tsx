import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireVersionReport } from "~/features/policies/report-route.server";
import { ReportView } from "~/features/policies/report-view";
import styles from "~/features/policies/policy-comments.css";
import { translatorFor } from "~/i18n/i18next.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** /policies/<id>/versions/<n>/report: the response report published with a version. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = await requireVersionReport(params.policyId, params.number);
  const { t } = await translatorFor(request);
  return json({
    title: `${t("policies.comments.report.heading", { title: version.policy.title, number: version.number })} · ${t("shell.siteName")}`,
    version: {
      number: version.number,
      changeNote: version.changeNote,
      createdAt: version.createdAt,
      policy: version.policy,
    },
    report: version.report,
    // A report written before this format (or by hand) is shown as the text it is.
    plainReport: version.report ? null : version.responseReport,
  });
}

export default function VersionReportPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const base = `/policies/${data.version.policy.id}/versions/${data.version.number}`;
  return (
    <section aria-labelledby="report-title" className="page stack">
      <p className="no-print">
        <Link to={base} className="standalone-link">
          {data.version.policy.title}
        </Link>
      </p>
      <h1 id="report-title">
        {t("policies.comments.report.heading", { title: data.version.policy.title, number: data.version.number })}
      </h1>
      <p>
        {t("policies.comments.report.adoptedAt", { date: format.dateTime(data.version.createdAt) })} ·{" "}
        {data.version.changeNote}
      </p>
      {data.report ? (
        <>
          <nav aria-label={t("policies.comments.report.downloads")} className="no-print">
            <ul className="link-row">
              <li>
                <a href={`${base}/report.json`} download>
                  {t("policies.comments.report.json")}
                </a>
              </li>
              <li>
                <a href={`${base}/report.md`} download>
                  {t("policies.comments.report.markdown")}
                </a>
              </li>
            </ul>
          </nav>
          <ReportView report={data.report} />
        </>
      ) : data.plainReport ? (
        <>
          <p>{t("policies.comments.report.plainReport")}</p>
          <p className="comment-text">{data.plainReport}</p>
        </>
      ) : (
        <p className="empty-state">{t("policies.comments.report.noReport")}</p>
      )}
    </section>
  );
}
