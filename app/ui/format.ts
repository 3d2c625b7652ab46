import { departmentName } from "./department-names";
import { boundedCache } from "~/bounded-cache";
import { useRootData } from "~/root";

type Formatters = ReturnType<typeof createFormatters>;

/**
 * An amount of yuan as a reader of the language writes it: "4,200万元" in Chinese (amounts of ten
 * thousand and more in 万, the unit Chinese budgets are read in), "¥42,000,000" in English.
 */
export function formatYuan(amount: number, locale: string): string {
  if (!locale.startsWith("zh")) return `¥${new Intl.NumberFormat("en").format(amount)}`;
  if (Math.abs(amount) < 10_000) return `${new Intl.NumberFormat("zh-CN").format(amount)}元`;
  return `${new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 4 }).format(amount / 10_000)}万元`;
}

function createFormatters(locale: string, timeZone: string) {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone });
  const number = new Intl.NumberFormat(locale);
  return {
    dateTime: (value: string | Date) => dateTime.format(new Date(value)),
    date: (value: string | Date) => date.format(new Date(value)),
    number: (value: number) => number.format(value),
    yuan: (value: number) => formatYuan(value, locale),
    departmentName: (department: { nameZh: string; nameEn: string }) => departmentName(department, locale),
  };
}

// Building the three Intl formatters took about 130 µs on every page that shows a date (issue
// 9). They hold only a language and a time zone, so they are made once per pair and shared.
const formattersFor = boundedCache<Formatters>(200);

/** Dates and numbers in the reader's language and time zone. */
export function useFormat(): Formatters {
  const data = useRootData();
  const locale = data?.locale ?? "zh-CN";
  const timeZone = data?.timeZone ?? "Asia/Shanghai";
  return formattersFor(`${locale} ${timeZone}`, () => createFormatters(locale, timeZone));
}
