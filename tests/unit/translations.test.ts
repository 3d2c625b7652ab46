import { describe, expect, it } from "vitest";
import { chinese, english } from "./flat-translations";

const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("have the same keys in both languages, none empty", () => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const [key, value] of Object.entries({ ...english, ...chinese })) expect(value.trim(), key).not.toBe("");
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(english)) expect(variables(chinese[key]), key).toEqual(variables(english[key]));
  });

  it("are really translated: Chinese strings contain Chinese characters", () => {
    const untranslated = Object.entries(chinese).filter(
      ([key, value]) => !/[\u4e00-\u9fff]/.test(value) && english[key] === value,
    );
    // Language names, text-size glyphs and the list separator are the same on purpose.
    expect(
      untranslated.map(([key]) => key).filter((key) => !/^(languages\.|shell\.textSizeGlyph\.)/.test(key)),
    ).toEqual([]);
  });
});
