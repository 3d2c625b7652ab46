import { translatorFor } from "~/i18n/i18next.server";
import { getCycle } from "./cycles.server";

/** The cycle named in the address, or a 404 page: an unknown or malformed id names nothing. */
export async function requireCycle(cycleId: string | undefined) {
  const cycle = await getCycle(cycleId ?? "");
  if (!cycle) throw new Response("Not Found", { status: 404 });
  return cycle;
}

/** The page title of a cycle's page: its title in the reader's language, then the forum's name. */
export async function cycleTitle(request: Request, cycle: { titleZh: string; titleEn: string }, key?: string) {
  const { t, locale } = await translatorFor(request);
  const title = locale.startsWith("zh") ? cycle.titleZh || cycle.titleEn : cycle.titleEn || cycle.titleZh;
  return [key ? t(key) : null, title, t("shell.siteName")].filter(Boolean).join(" · ");
}
