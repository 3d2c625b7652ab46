import type { User } from "lucia";
import { db } from "~/db.server";
import { languageCookie } from "~/i18n/i18next.server";
import type { Language } from "~/i18n/config";
import { textSizeCookie } from "./preferences.server";
import type { TextSize } from "./schemas";

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
