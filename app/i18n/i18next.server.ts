import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { FALLBACK_LANGUAGE, i18nOptions, LANGUAGES } from "./config";

const ONE_YEAR = 60 * 60 * 24 * 365;

/** The language a person chose, kept for a year so that the choice survives logging out. */
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: ONE_YEAR });

export const i18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: FALLBACK_LANGUAGE,
    cookie: languageCookie,
    order: ["cookie", "header"],
  },
  i18next: i18nOptions,
});

export async function translatorFor(request: Request) {
  const locale = await i18n.getLocale(request);
  return { locale, t: await i18n.getFixedT(locale) };
}
