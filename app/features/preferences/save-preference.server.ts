import type { User } from "lucia";
import { db } from "~/db.server";
import { languageCookie } from "~/i18n/i18next.server";
import { isLanguage, type Language } from "~/i18n/config";
import { textSizeCookie } from "./preferences.server";
import { isTextSize, type TextSize } from "~/ui/text-sizes";

type Choice = { locale?: Language; textSize?: TextSize };

/** Cookies that keep the choice for this browser, also for visitors without an account. */
export async function preferenceCookies(choice: Choice): Promise<Headers> {
  const headers = new Headers();
  if (choice.locale) headers.append("Set-Cookie", await languageCookie.serialize(choice.locale));
  if (choice.textSize) headers.append("Set-Cookie", await textSizeCookie.serialize(choice.textSize));
  return headers;
}

/** Keeps the choice in this browser and, for a signed-in person, on the account too. */
export async function savePreference(user: User | null, choice: Choice): Promise<Headers> {
  if (user) await db.user.update({ where: { id: user.id }, data: choice });
  return preferenceCookies(choice);
}

/**
 * When someone logs in (or has just registered), a choice already made in this browser wins,
 * because it is the more recent one, and is saved to the account. What this browser has not
 * chosen comes from the account, so that the settings follow the person to a new device.
 * Returns the cookies that keep the outcome in this browser.
 */
export async function syncPreferencesAtLogin(request: Request, userId: string): Promise<Headers> {
  const header = request.headers.get("cookie");
  const [locale, textSize]: unknown[] = await Promise.all([languageCookie.parse(header), textSizeCookie.parse(header)]);
  const here: Choice = {
    locale: isLanguage(locale) ? locale : undefined,
    textSize: isTextSize(textSize) ? textSize : undefined,
  };
  const account = await db.user.update({ where: { id: userId }, data: here, select: { locale: true, textSize: true } });
  return preferenceCookies({
    locale: !here.locale && isLanguage(account.locale) ? account.locale : undefined,
    textSize: !here.textSize && isTextSize(account.textSize) ? account.textSize : undefined,
  });
}
