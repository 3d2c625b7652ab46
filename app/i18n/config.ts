import { en } from "./locales/en";
import { zhCN } from "./locales/zh-CN";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
/** The forum serves Chinese cities, so Chinese is the language of last resort. */
export const FALLBACK_LANGUAGE: Language = "zh-CN";

export const resources = {
  "zh-CN": { translation: zhCN },
  en: { translation: en },
} as const;

export const i18nOptions = {
  supportedLngs: [...LANGUAGES],
  fallbackLng: FALLBACK_LANGUAGE,
  defaultNS: "translation",
  resources,
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}
