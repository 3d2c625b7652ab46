import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listQuestionRecords } from "~/features/interviews/records.server";
import { requireInterviewSession } from "~/features/interviews/route-helpers.server";
import { useSessionText } from "~/features/interviews/session-header";
import { computeStatistics } from "~/features/interviews/statistics";
import { SplitCharts, StatisticsFigures } from "~/features/interviews/statistics-view";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { translatorFor } from "~/i18n/i18next.server";
import { titleFromLoader } from "~/ui/meta";

export const meta = titleFromLoader;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireInterviewSession(params.sessionId);
  const statistics = computeStatistics(await listQuestionRecords({ sessionId: session.id }), new Date());
  const { t } = await translatorFor(request);
  return json({
    title: `${t("interviews.statistics.title")} · ${t("shell.siteName")}`,
    session: { id: session.id, titleZh: session.titleZh, titleEn: session.titleEn },
    statistics,
  });
}

export default function SessionStatistics() {
  const { t } = useTranslation();
  const { session, statistics } = useLoaderData<typeof loader>();
  const text = useSessionText();
  const base = `/interviews/${session.id}`;
  return (
    <section aria-labelledby="statistics-title" className="page stack">
      <h1 id="statistics-title">{t("interviews.statistics.title")}</h1>
      {/* Below the heading: the session's title can take four lines on a phone. */}
      <p>
        <Link to={base} className="standalone-link" lang={text.lang(session)}>
          {text.title(session)}
        </Link>
      </p>
      <StatisticsFigures statistics={statistics} />
      <SplitCharts statistics={statistics} />
      <section aria-labelledby="download-title" className="stack note">
        <h2 id="download-title">{t("interviews.statistics.download")}</h2>
        <p>{t("interviews.statistics.downloadHint")}</p>
        <h3>{t("interviews.statistics.questionsData")}</h3>
        <OpenDataDownloads
          title={t("interviews.statistics.questionsData")}
          hrefs={{ csv: `${base}/questions.csv`, json: `${base}/questions.json` }}
        />
        <h3>{t("interviews.statistics.figuresData")}</h3>
        <OpenDataDownloads
          title={t("interviews.statistics.figuresData")}
          hrefs={{ csv: `${base}/statistics.csv`, json: `${base}/statistics.json` }}
        />
      </section>
    </section>
  );
}
