// One term per thing in each language: wording drifts as features are added, and
// these checks catch the drift that can be caught mechanically.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { chinese, english } from "./flat-translations";

interface Rule {
  /** The thing, and the term the forum uses for it. */
  term: string;
  /** Words that drift from that term. */
  avoid: RegExp;
  /** Keys where the words mean something else. */
  except?: RegExp;
}

const CHINESE: Rule[] = [
  { term: "deleting an account is 注销", avoid: /账户已删除|删除(您的)?账户/ },
  { term: "ending a login is 退出登录, never 登出 or 结束会话; a login is not a 会话", avoid: /登出|会话/ },
  { term: "roles are 授予 and 撤销", avoid: /设为|取消.{0,6}角色|移除.{0,6}角色/ },
];

const ENGLISH: Rule[] = [
  { term: "log in / log out (never sign in / sign out)", avoid: /\bsign(s|ed|ing)?[ -]?(in|out)\b/i },
  // "Session" is an interview's question-and-answer session; a login on a device is a login.
  {
    term: "a session is an interview session",
    avoid: /\bsessions?\b/i,
    except: /^(interviews\.|admin\.audit\.sentences\.interview\.|fields\.sessionId$|dataPolicy\.interviews\.)/,
  },
  { term: "roles are granted and revoked, never made or removed", avoid: /\bmake\b|\bremove\b.{0,30}\brole\b/i },
  { term: "a wrong value is incorrect", avoid: /not right/i },
];

function breaches(texts: Record<string, string>, rules: Rule[]) {
  return rules.flatMap((rule) =>
    Object.entries(texts)
      .filter(([key, text]) => rule.avoid.test(text) && !rule.except?.test(key))
      .map(([key, text]) => `${key}: "${text}" (${rule.term})`),
  );
}

describe("terminology", () => {
  it("Chinese uses one term per thing", () => {
    expect(breaches(chinese, CHINESE)).toEqual([]);
  });

  it("English uses one term per thing", () => {
    expect(breaches(english, ENGLISH)).toEqual([]);
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
