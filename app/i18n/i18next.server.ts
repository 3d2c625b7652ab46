import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { boundedCache } from "~/bounded-cache";
import { FALLBACK_LANGUAGE, i18nOptions, isLanguage, LANGUAGES, type Language } from "./config";

const ONE_YEAR = 60 * 60 * 24 * 365;

/** The language a person chose, kept for a year so that the choice survives logging out. */
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: ONE_YEAR });

/** Detects the reader's language: the `lng` cookie, then Accept-Language, then Chinese. Pages use detectLanguage. */
export const i18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: FALLBACK_LANGUAGE,
    cookie: languageCookie,
    order: ["cookie", "header"],
  },
  i18next: i18nOptions,
});

/**
 * The reader's language, exactly as `i18n` detects it, remembered per pair of the request's
 * `lng` cookie and Accept-Language header: detection reads nothing else. A page detects it
 * three times (root loader, page loader, entry.server), and each time remix-i18next decoded
 * the cookie (base64 and JSON) and parsed Accept-Language through Intl (docs/decisions/0006). The key is
 * the Accept-Language header and the Cookie header's `lng` segments, kept whole so that two
 * requests share an answer only when their language inputs are the same text; the rest of the
 * Cookie header (the session) is never part of it.
 */
const detectedLanguage = boundedCache<Promise<string>>(1000);

export function detectLanguage(request: Request): Promise<string> {
  const lngSegments = (request.headers.get("cookie") ?? "")
    .split(";")
    .filter((segment) => segment.slice(0, segment.indexOf("=")).trim() === languageCookie.name);
  const key = `${lngSegments.join(";")}\n${request.headers.get("accept-language") ?? ""}`;
  return detectedLanguage(key, () =>
    i18n.getLocale(request).catch((error: unknown) => {
      detectedLanguage.forget(key);
      throw error;
    }),
  );
}

/**
 * i18next works out the languages to look a key up in ("en", then the fallback "zh-CN") on
 * every t() call, putting each code through Intl.getCanonicalLocales (about 2 µs, half the cost
 * of a t() call; a page makes dozens). The answer depends only on the code and the instance's
 * options, which never change after start-up, so it is worked out once per code. The map is
 * bounded in case a caller ever passes a language from request input.
 */
function rememberLanguageHierarchies(instance: I18n) {
  const languageUtils = instance.services.languageUtils as {
    toResolveHierarchy(code: string, fallbackCode?: unknown): string[];
  };
  const toResolveHierarchy = languageUtils.toResolveHierarchy.bind(languageUtils);
  const hierarchyOf = boundedCache<readonly string[]>(50);
  languageUtils.toResolveHierarchy = (code, fallbackCode) =>
    typeof code === "string" && fallbackCode === undefined
      ? // A copy, so that no caller can change the remembered answer.
        [...hierarchyOf(code, () => toResolveHierarchy(code))]
      : toResolveHierarchy(code, fallbackCode);
}

/**
 * A page makes dozens of t() calls, most with a key and nothing else, and each one walked
 * i18next's whole lookup (key parsing, resource paths, fallbacks, post-processing): a tenth of
 * an anonymous page's CPU (docs/decisions/0006). With no options but those getFixedT and useTranslation add
 * (this instance's own language, the default namespace), the answer depends only on the key and
 * the instance's resources, which never change after start-up, so it is remembered per key.
 * Calls with anything else (counts, values, context, returnObjects) are translated as before.
 */
function rememberPlainTranslations(instance: I18n) {
  const { translator } = instance as unknown as {
    translator: { translate(keys: unknown, options?: unknown, lastKey?: unknown): unknown };
  };
  const translate = translator.translate.bind(translator);
  const plain = boundedCache<unknown>(5000);
  const defaultNamespace = instance.options.defaultNS;
  translator.translate = (keys, options, ...rest) => {
    if (typeof keys !== "string" || rest.length || !isPlain(options, instance.language, defaultNamespace))
      return translate(keys, options, ...rest);
    const translated = plain(keys, () => translate(keys, options));
    return typeof translated === "string" ? translated : translate(keys, options);
  };
}

const FIXED_T_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);

function isPlain(options: unknown, language: string, defaultNamespace: unknown): boolean {
  if (options === undefined) return true;
  if (typeof options !== "object" || options === null) return false;
  const { lng, lngs, ns, keyPrefix } = options as Record<string, unknown>;
  return (
    Object.keys(options).every((name) => FIXED_T_OPTIONS.has(name)) &&
    (lng === undefined || lng === language) &&
    // getFixedT sets these to null when it has none.
    lngs == null &&
    keyPrefix == null &&
    (ns === undefined ||
      ns === defaultNamespace ||
      (Array.isArray(ns) && ns.length === 1 && ns[0] === defaultNamespace))
  );
}

/**
 * One i18next instance per language, made once when the server starts (docs/decisions/0006). Creating and
 * initialising an instance per request, as entry.server and remix-i18next's getFixedT did, cost
 * about half a millisecond each time and a quarter of all page-serving CPU. Sharing is safe: an
 * instance's language is set here and never changed (nothing on the server calls
 * changeLanguage), the resources are bundled and complete, and t() is synchronous and keeps no
 * per-call state. `initImmediate: false` makes init finish synchronously (the resources are in
 * memory), so the instances are ready when this module has loaded.
 */
const instances = new Map<Language, I18n>(
  LANGUAGES.map((lng) => {
    const instance = createInstance();
    void instance.use(initReactI18next).init({ ...i18nOptions, lng, initImmediate: false });
    if (!instance.isInitialized || instance.language !== lng)
      throw new Error(`i18next did not initialise ${lng} synchronously`);
    rememberLanguageHierarchies(instance);
    rememberPlainTranslations(instance);
    return [lng, instance];
  }),
);
const translators = new Map<Language, TFunction>(
  [...instances].map(([lng, instance]) => [lng, instance.getFixedT(lng)]),
);

/** The shared, ready i18next instance of a language, for rendering a page in it. */
export function i18nextFor(locale: string): I18n {
  return instances.get(isLanguage(locale) ? locale : FALLBACK_LANGUAGE)!;
}

export async function translatorFor(request: Request) {
  const locale = await detectLanguage(request);
  return { locale, t: translators.get(isLanguage(locale) ? locale : FALLBACK_LANGUAGE)! };
}
