// Pages are rendered with one shared i18next instance per language and remembered language
// detection (docs/decisions/0006). Requests in different languages that are served at the same moment
// must each get their own language throughout: <html lang>, the title the loader translated,
// and the text the components translated.
import { describe, expect, it } from "vitest";
import { en } from "~/i18n/locales/en";
import { zhCN } from "~/i18n/locales/zh-CN";
import { languageCookie } from "~/i18n/i18next.server";
import { withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const LANGUAGE_TEXT = {
  en: { lang: "en", locale: en },
  "zh-CN": { lang: "zh-CN", locale: zhCN },
} as const;
type Lang = keyof typeof LANGUAGE_TEXT;

const PAGES = [
  { path: "/", title: (l: Lang) => LANGUAGE_TEXT[l].locale.home.title },
  { path: "/data-policy", title: (l: Lang) => LANGUAGE_TEXT[l].locale.dataPolicy.title },
];

/** Text as React writes it into HTML. */
const html = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");

async function expectPageIn(response: Response, language: Lang, pageTitle: string) {
  const other: Lang = language === "en" ? "zh-CN" : "en";
  const page = await response.text();
  const own = LANGUAGE_TEXT[language].locale.shell;
  const others = LANGUAGE_TEXT[other].locale.shell;
  expect(response.status).toBe(200);
  expect(page).toContain(`<html lang="${LANGUAGE_TEXT[language].lang}"`);
  // Translated in the loader (the <title>) and while rendering (the header and the heading).
  expect(page).toContain(`<title>${html(`${pageTitle} · ${own.siteName}`)}</title>`);
  expect(page).toContain(`>${html(pageTitle)}</h1>`);
  expect(page).toContain(html(own.skipToContent));
  expect(page).not.toContain(html(others.skipToContent));
  expect(page).not.toContain(html(others.siteName));
}

describe("pages served at the same time in different languages", () => {
  it("each come back wholly in their own language, by Accept-Language and by the lng cookie", async () => {
    const chosen = {
      en: (await languageCookie.serialize("en")).split(";")[0],
      "zh-CN": (await languageCookie.serialize("zh-CN")).split(";")[0],
    };
    // 120 at once: with one instance whose language was switched per request, this caught the
    // mix-up in most runs; with 40 it did not.
    const requests = Array.from({ length: 120 }, (_, i) => {
      const language: Lang = i % 2 ? "en" : "zh-CN";
      const page = PAGES[Math.floor(i / 2) % PAGES.length];
      // Half choose by the browser's languages, half by a cookie that contradicts them.
      const headers: Record<string, string> =
        i % 4 < 2
          ? { "Accept-Language": language === "en" ? "en-GB,en;q=0.9" : "zh-CN,zh;q=0.9" }
          : { "Accept-Language": language === "en" ? "zh-CN" : "en", Cookie: chosen[language] };
      return { language, page, response: fetch(`${base}${page.path}`, { headers }) };
    });
    // All requests are in flight before any answer is read.
    const responses = await Promise.all(requests.map((request) => request.response));
    for (const [i, { language, page }] of requests.entries()) {
      await expectPageIn(responses[i], language, page.title(language));
    }
  });
});
