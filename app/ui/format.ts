import { departmentName } from "~/features/departments/names";
import { useRootData } from "~/root";

/** Dates and numbers in the reader's language and time zone. */
export function useFormat() {
  const data = useRootData();
  const locale = data?.locale ?? "zh-CN";
  const timeZone = data?.timeZone ?? "Asia/Shanghai";
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone });
  const number = new Intl.NumberFormat(locale);
  return {
    dateTime: (value: string | Date) => dateTime.format(new Date(value)),
    date: (value: string | Date) => date.format(new Date(value)),
    number: (value: number) => number.format(value),
    departmentName: (department: { nameZh: string; nameEn: string }) => departmentName(department, locale),
  };
}
