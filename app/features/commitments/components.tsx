import { useTranslation } from "react-i18next";
import { useRootData } from "~/root";
import { boundedCache } from "~/bounded-cache";

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
