import { useTranslation } from "react-i18next";
import { BarChart } from "~/ui/chart";
import { useFormat } from "~/ui/format";
import type { InterviewStatistics } from "./statistics";
import { CHANNELS, QUESTION_TYPES } from "./state";

/**
 * A duration in hours and minutes in the reader's language ("40 h 49 min", "40 小时 49 分钟"):
 * a median of "2,449 minutes" tells nobody how long they waited.
 */
export function useDuration() {
  const { t } = useTranslation();
  const format = useFormat();
  return (totalMinutes: number) => {
    const rounded = Math.round(totalMinutes);
    const hours = Math.floor(rounded / 60);
    const minutes = rounded % 60;
    if (hours === 0) return t("interviews.statistics.durationMinutes", { minutes: format.number(minutes) });
    return t("interviews.statistics.duration", { hours: format.number(hours), minutes: format.number(minutes) });
  };
}

/** The headline figures, each with its meaning spelled out, as the download recomputes them. */
export function StatisticsFigures({ statistics }: { statistics: InterviewStatistics }) {
  const { t } = useTranslation();
  const format = useFormat();
  const duration = useDuration();
  const percent = (share: number | null, part: number, whole: number) =>
    share === null
      ? t("interviews.statistics.none")
      : t("interviews.statistics.share", {
          share: `${format.number(Math.round(share * 1000) / 10)}%`,
          part: format.number(part),
          whole: format.number(whole),
        });
  const figures: Array<[string, string]> = [
    ["received", format.number(statistics.received)],
    ["published", format.number(statistics.published)],
    ["hidden", format.number(statistics.hidden)],
    ["rejected", format.number(statistics.rejected)],
    ["merged", format.number(statistics.merged)],
    ["answeredLive", format.number(statistics.answeredLive)],
    ["answeredLater", format.number(statistics.answeredLater)],
    ["unanswered", format.number(statistics.unanswered)],
    [
      "medianReply",
      statistics.medianReplyMinutes === null
        ? t("interviews.statistics.none")
        : duration(statistics.medianReplyMinutes),
    ],
    ["inTime", percent(statistics.answeredInTimeShare, statistics.answeredInTime, statistics.firstReplyCounted)],
    ["firstReplyOverdue", format.number(statistics.firstReplyOverdue)],
    [
      "resolvedInTime",
      percent(statistics.resolvedInTimeShare, statistics.resolvedInTime, statistics.resolutionCounted),
    ],
    ["resolutionOverdue", format.number(statistics.resolutionOverdue)],
    ["satisfaction", percent(statistics.satisfactionShare, statistics.satisfied, statistics.rated)],
  ];
  return (
    <>
      <dl className="stats">
        {figures.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`interviews.statistics.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="note">{t("interviews.statistics.whatIsCounted", { time: format.dateTime(statistics.asOf) })}</p>
    </>
  );
}

/** The split by type, by channel and by how questions were answered, as charts with their tables. */
export function SplitCharts({ statistics }: { statistics: InterviewStatistics }) {
  const { t } = useTranslation();
  const format = useFormat();
  const count = [{ key: "count", label: t("interviews.statistics.questions") }];
  const charts = [
    {
      key: "type",
      title: t("interviews.statistics.byType"),
      rows: QUESTION_TYPES.map((type) => ({
        key: type,
        label: t(`interviews.types.${type}`),
        values: [statistics.byType[type]],
      })),
    },
    {
      key: "channel",
      title: t("interviews.statistics.byChannel"),
      rows: CHANNELS.map((channel) => ({
        key: channel,
        label: t(`interviews.channels.${channel}`),
        values: [statistics.byChannel[channel]],
      })),
    },
    {
      key: "answers",
      title: t("interviews.statistics.byAnswer"),
      rows: (["answeredLive", "answeredLater", "unanswered"] as const).map((key) => ({
        key,
        label: t(`interviews.statistics.${key}`),
        values: [statistics[key]],
      })),
    },
  ];
  return (
    <div className="chart-grid">
      {charts.map((chart) => (
        <BarChart
          key={chart.key}
          title={chart.title}
          labelHeading={chart.title}
          series={count}
          rows={chart.rows}
          formatValue={format.number}
        />
      ))}
    </div>
  );
}
