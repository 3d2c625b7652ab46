import { translatorFor } from "~/i18n/i18next.server";

/** Page titles are translated on the server, where meta() can read them from the loader. */
export async function pageTitle(request: Request, key: string) {
  const { t } = await translatorFor(request);
  return `${t(key)} · ${t("shell.siteName")}`;
}
