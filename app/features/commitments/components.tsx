import { useTranslation } from "react-i18next";
import { useRootData } from "~/root";
import { boundedCache } from "~/bounded-cache";
import { useFormat } from "~/ui/format";
import type { FieldChange, VersionedValue } from "./history";

type Titled = { titleZh: string; titleEn: string };
type Promised = { promiseZh: string; promiseEn: string };

/** A commitment's title and promise in the reader's language, the other language when empty. */
export function useCommitmentText() {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith("zh");
  const pick = (zhText: string, enText: string) => (zh ? zhText || enText : enText || zhText);
  const langOf = (zhText: string, enText: string) => ((zh ? zhText || !enText : !enText) ? "zh-CN" : "en");
  return {
    title: (row: Titled) => pick(row.titleZh, row.titleEn),
    titleLang: (row: Titled) => langOf(row.titleZh, row.titleEn),
    promise: (row: Promised) => pick(row.promiseZh, row.promiseEn),
    promiseLang: (row: Promised) => langOf(row.promiseZh, row.promiseEn),
  };
}

const dayFormatters = boundedCache<Intl.DateTimeFormat>(20);

/**
 * A calendar day (a target date, a due date, a report's date) in the reader's language. Days
 * are stored at midnight UTC and shown in UTC, so every reader sees the day that was meant,
 * whatever their time zone.
 */
export function useDayFormat() {
  const locale = useRootData()?.locale ?? "zh-CN";
  const format = dayFormatters(locale, () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }));
  return (value: string | Date) => format.format(new Date(value));
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge commitment-status status-${status}`}>{t(`commitments.statuses.${status}`)}</span>;
}

/** The bar shows the share; the text beside it says it, for readers who cannot see the bar. */
export function ProgressBar({ percent, id }: { percent: number; id: string }) {
  const { t } = useTranslation();
  return (
    <div className="commitment-progress">
      <progress id={id} max={100} value={percent} aria-labelledby={`${id}-text`} />
      <span id={`${id}-text`}>{t("commitments.percent", { percent })}</span>
    </div>
  );
}

interface HistoryEntry {
  id: string;
  authorName: string;
  reason: string;
  changedAt: string | Date;
  fields: FieldChange[];
}

/** One value of a change: a day as a day, milestones as a list, text as it was written. */
function ChangedValue({ field, value }: { field: FieldChange["field"]; value: VersionedValue }) {
  const { t } = useTranslation();
  const day = useDayFormat();
  if (Array.isArray(value)) {
    if (value.length === 0) return <>{t("commitments.history.noMilestones")}</>;
    return (
      <ul>
        {value.map((milestone, index) => (
          <li key={index}>
            {t("commitments.history.milestone", { title: milestone.title, date: day(milestone.dueDate) })}
          </li>
        ))}
      </ul>
    );
  }
  if (!value) return <>{t("commitments.history.empty")}</>;
  if (field === "targetDate") return <>{day(value)}</>;
  return (
    <span className="report-text" lang={field.endsWith("Zh") ? "zh-CN" : "en"}>
      {value}
    </span>
  );
}

/**
 * A commitment's changes to its promise, title and dates, newest first: when, by whom, from what
 * to what and why (decision 0025). The commitment page and the year-end report show the same.
 */
export function CommitmentHistory({ changes, level = 3 }: { changes: readonly HistoryEntry[]; level?: 3 | 5 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const Heading = level === 3 ? "h3" : "h5";
  return (
    <ol className="timeline commitment-history">
      {changes.map((change) => (
        <li key={change.id} id={`change-${change.id}`} className="stack">
          <Heading>
            {t("commitments.history.changedOn", { date: format.dateTime(change.changedAt), name: change.authorName })}
          </Heading>
          <dl>
            {change.fields.map((field) => (
              <div key={field.field}>
                <dt>{t(`commitments.history.fields.${field.field}`)}</dt>
                <dd>
                  <span className="change-label">{t("commitments.history.from")}</span>
                  <ChangedValue field={field.field} value={field.before} />
                </dd>
                <dd>
                  <span className="change-label">{t("commitments.history.to")}</span>
                  <ChangedValue field={field.field} value={field.after} />
                </dd>
              </div>
            ))}
          </dl>
          <p>
            {change.reason
              ? t("commitments.history.reason", { reason: change.reason })
              : t("commitments.history.noReason")}
          </p>
        </li>
      ))}
    </ol>
  );
}
