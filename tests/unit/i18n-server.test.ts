// The server shares one i18next instance per language and remembers detected languages
// (docs/decisions/0006). These check that neither changes an answer.
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions, LANGUAGES } from "~/i18n/config";
import { en } from "~/i18n/locales/en";
import { detectLanguage, i18n, i18nextFor, languageCookie } from "~/i18n/i18next.server";

function leafKeys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? leafKeys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe("shared translators", () => {
  it("translate every key as a fresh instance per request did, also with counts and missing keys", async () => {
    const keys = [...leafKeys(en), "no.such.key"];
    for (const lng of LANGUAGES) {
      const fresh = createInstance();
      await fresh.init({ ...i18nOptions, lng });
      const shared = i18nextFor(lng);
      expect(shared.language).toBe(lng);
      for (const key of keys) {
        for (const options of [{}, { count: 1 }, { count: 3, version: "2", minutes: 5 }]) {
          expect(shared.t(key, options)).toBe(fresh.t(key, options));
        }
        // Plain calls are remembered: asked again, and the ways pages ask (a loader's fixed
        // translator, a component's useTranslation), they give the same answer.
        for (const t of [
          shared.t.bind(shared),
          shared.getFixedT(lng),
          shared.getFixedT(null, "translation"),
          shared.t.bind(shared),
        ]) {
          expect(t(key)).toBe(fresh.t(key));
        }
        expect(shared.t(key, { lng: LANGUAGES.find((other) => other !== lng) })).toBe(
          fresh.t(key, { lng: LANGUAGES.find((other) => other !== lng) }),
        );
      }
    }
  });
});

describe("language detection", () => {
  const lng = async (value: string) => (await languageCookie.serialize(value)).split(";")[0];
  const cases = async (): Promise<Array<Record<string, string>>> => [
    {},
    { "Accept-Language": "en" },
    { "Accept-Language": "en-GB,en;q=0.8" },
    { "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8" },
    { "Accept-Language": "fr, en;q=0.5" },
    { "Accept-Language": "de" },
    { "Accept-Language": "zh-TW" },
    { Cookie: await lng("en") },
    { Cookie: await lng("en"), "Accept-Language": "zh-CN" },
    { Cookie: `${await lng("zh-CN")}; forum_session=abc`, "Accept-Language": "en" },
    { Cookie: `forum_session=def; ${await lng("zh-CN")}`, "Accept-Language": "en" },
    { Cookie: `${await lng("fr")}`, "Accept-Language": "en" },
    { Cookie: "lng=not-base64!", "Accept-Language": "en" },
    { Cookie: `${await lng("en")}; ${await lng("zh-CN")}` },
    { Cookie: `${await lng("zh-CN")}; ${await lng("en")}` },
    { Cookie: ` lng = ${(await lng("en")).slice(4)} ;tz=Asia%2FShanghai` },
    { Cookie: `xlng=${(await lng("en")).slice(4)}`, "Accept-Language": "zh-CN" },
  ];

  it("gives what remix-i18next detects, the first time and when remembered, in any order", async () => {
    const all = await cases();
    for (const headers of [...all, ...all.reverse(), ...all]) {
      const request = () => new Request("http://forum.test/", { headers });
      expect(await detectLanguage(request()), JSON.stringify(headers)).toBe(await i18n.getLocale(request()));
    }
  });
});
