import { useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";

/** Names and titles kept in both languages, in the reader's (the other one when one is empty). */
export function useVotingText() {
  const { i18n } = useTranslation();
  const format = useFormat();
  const chinese = i18n.language.startsWith("zh");
  return {
    areaName: (area: { nameZh: string; nameEn: string }) => format.departmentName(area),
    cycleTitle: (cycle: { titleZh: string; titleEn: string }) =>
      chinese ? cycle.titleZh || cycle.titleEn : cycle.titleEn || cycle.titleZh,
    yuan: (amount: number | null) => (amount === null ? "—" : format.yuan(amount)),
    /** A stored day ("2027-03-14", castOn) in words: a calendar day, in no zone of its own. */
    day: (day: string) =>
      new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(`${day}T00:00:00Z`),
      ),
  };
}
