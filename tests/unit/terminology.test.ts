// One term per thing in each language: wording drifts as features are added, and
// these checks catch the drift that can be caught mechanically.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { chineseGlossary, englishGlossary, jargon, staffOnlyKeys, type GlossaryEntry } from "~/i18n/glossary";
import { chinese, english } from "./flat-translations";

function breaches(texts: Record<string, string>, rules: GlossaryEntry[]) {
  return rules.flatMap((rule) =>
    Object.entries(texts)
      .filter(([key, text]) => rule.avoid.test(text) && !rule.except?.test(key))
      .map(([key, text]) => `${key}: "${text}" (${rule.term})`),
  );
}

describe("terminology", () => {
  it("Chinese uses one term per thing", () => {
    expect(breaches(chinese, chineseGlossary)).toEqual([]);
  });

  it("English uses one term per thing", () => {
    expect(breaches(english, englishGlossary)).toEqual([]);
  });

  it("each glossary catches the drift it lists", () => {
    // The wordings residents met before the glossary: each must still be caught.
    const drifted = {
      ballot: "排序投票（波达计数法）",
      results: "各名次得分相加（博尔达计分法）。",
      approval: "赞成投票",
      moderator: "由管理员审核后公开。",
      online: "线上 3 张，线下 2 张",
      cycle: "本轮目前不在投票阶段。",
      length: "最多 500 个字符。",
      candidate: "每个候选项目",
    };
    expect(breaches(drifted, chineseGlossary).length).toBe(Object.keys(drifted).length);
    expect(breaches({ timeline: "报告将公布在时间线上。" }, chineseGlossary)).toEqual([]);
  });

  it("no text a resident reads names a command, a file extension, a format or JavaScript", () => {
    const all = { ...english, ...Object.fromEntries(Object.entries(chinese).map(([k, v]) => [`zh:${k}`, v])) };
    const found = Object.entries(all).filter(
      ([key, text]) => jargon.test(text) && !staffOnlyKeys.test(key.replace(/^zh:/, "")),
    );
    expect(found).toEqual([]);
    for (const leak of ["npm run recount -- ballots.csv", "加入日历（.ics）", "需要启用 JavaScript", "问题（CSV）"]) {
      expect(jargon.test(leak)).toBe(true);
    }
  });

  it("Chinese never runs a person's name into the words after it (王局长 Director Wang发布于…)", () => {
    // A name may be Latin letters, and "Wang发布于" reads as one word: a colon or bracket sets it off.
    const runOn = /\{\{(name|person|author\w*|displayName)\}\}[\u4e00-\u9fff]/;
    expect(Object.entries(chinese).filter(([, text]) => runOn.test(text))).toEqual([]);
  });

  it("Chinese uses full-width punctuation next to Chinese text", () => {
    const halfWidth = /[\u4e00-\u9fff] ?[:;,?!()]|[:;,?!()] ?[\u4e00-\u9fff]/;
    expect(Object.entries(chinese).filter(([, text]) => halfWidth.test(text))).toEqual([]);
  });

  it("English uses no full-width punctuation", () => {
    expect(Object.entries(english).filter(([, text]) => /[，。：；？！（）、]/.test(text))).toEqual([]);
  });

  it("Chinese has no doubled function words (such as 在在线访谈 → 在在)", () => {
    expect(Object.entries(chinese).filter(([, text]) => /([在的了是和与对])\1/.test(text))).toEqual([]);
  });

  it("the data policy speaks to residents, not engineers: no algorithm names", () => {
    const jargon = /argon|bcrypt|scrypt|hash|散列|哈希/i;
    const policy = { ...english, ...Object.fromEntries(Object.entries(chinese).map(([k, v]) => [`zh:${k}`, v])) };
    expect(Object.entries(policy).filter(([key, text]) => /dataPolicy\./.test(key) && jargon.test(text))).toEqual([]);
  });

  it("pages put no punctuation of their own next to translated text: each language places its own", () => {
    // e.g. {t("roles.moderator")}: … shows a half-width colon in Chinese; it belongs in the translation.
    const root = resolve(import.meta.dirname, "../../app");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".tsx"));
    const found = files.flatMap((file) =>
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .map((line, index) => ({ line, where: `app/${file}:${index + 1}` }))
        .filter(({ line }) => /\bt\([^)]*\)\}\s?[:;,(]|[:;,)]\s?\{t\(/.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
