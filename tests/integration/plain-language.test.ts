// What residents write keeps its own language on a page in the other one (a screen reader picks
// the voice by `lang`), and pages speak plainly: the form's own words in error summaries, the
// counter form addressed to staff, no doubled phase, guests written with the comma of their text.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { getSession } from "~/features/interviews/sessions.server";
import { askQuestion } from "~/features/interviews/questions.server";
import { createCycle } from "./priorities-fixtures";
import { newAdministrator, newDepartment, newOfficial, newResident, newWithRole, type Person } from "./helpers";
import { logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const HOUR = 60 * 60 * 1000;
const unique = () => randomBytes(4).toString("hex");

let sessionId: string;
let resident: Person;
let official: Person;

beforeAll(async () => {
  const department = await newDepartment("Education");
  const admin = await newAdministrator();
  resident = await newResident();
  official = await newOfficial(department.id);
  const session = await db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Schools",
      premoderated: false,
      allowAnonymous: true,
      createdById: admin.userId,
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + HOUR),
      hosts: { create: [{ departmentId: department.id }] },
      guests: {
        create: [
          { name: "孙丽", title: "市教育局局长", position: 0 },
          { name: "Zhang Wei", title: "Deputy Director", position: 1 },
        ],
      },
    },
  });
  sessionId = session.id;
  for (const text of ["学校门口的路什么时候修？", "When will the road by the school be repaired?"]) {
    const outcome = await askQuestion(resident.user, (await getSession(sessionId))!, {
      type: "consultation",
      text,
      anonymous: false,
      submissionKey: randomBytes(18).toString("base64url"),
    });
    expect(outcome.ok).toBe(true);
  }
});

const page = async (path: string, language: "en" | "zh-CN", cookie?: string) => {
  const response = await fetch(`${base}${path}`, {
    headers: { "Accept-Language": language, ...(cookie ? { Cookie: cookie } : {}) },
  });
  expect(response.status).toBe(200);
  return response.text();
};

describe("user-written text carries its language", () => {
  it("marks a Chinese question on the English page as Chinese, and an English one as English", async () => {
    const html = await page(`/interviews/${sessionId}`, "en");
    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(/<p [^>]*class="question-text"[^>]*lang="zh-CN"[^>]*>学校门口的路什么时候修？<\/p>/);
    expect(html).toMatch(/<p [^>]*class="question-text"[^>]*lang="en"[^>]*>When will the road/);
  });

  it("writes a Chinese guest with a Chinese comma, and an English one with an English comma", async () => {
    for (const language of ["en", "zh-CN"] as const) {
      const html = await page(`/interviews/${sessionId}`, language);
      expect(html).toMatch(/<li lang="zh-CN">孙丽(<!-- -->)?，(<!-- -->)?市教育局局长<\/li>/);
      expect(html).toMatch(/<li lang="en">Zhang Wei(<!-- -->)?, (<!-- -->)?Deputy Director<\/li>/);
      expect(html).not.toContain("孙丽, ");
    }
  });

  it("marks a Chinese candidate's title on the English page as Chinese", async () => {
    const { cycle } = await createCycle(db, { method: "approval", maxChoices: 1, costs: [null], phase: "vote" });
    const proposal = await db.proposal.findFirstOrThrow({ where: { cycleId: cycle.id } });
    await db.proposal.update({
      where: { id: proposal.id },
      data: { title: "增设社区食堂", description: "为老人提供午餐。" },
    });
    const html = await page(`/priorities/${cycle.id}/proposals/${proposal.id}`, "en");
    expect(html).toMatch(/<h1 [^>]*lang="zh-CN"[^>]*>增设社区食堂<\/h1>/);
    expect(html).toMatch(/<p [^>]*lang="zh-CN"[^>]*>为老人提供午餐。<\/p>/);
  });
});

describe("plain Chinese on the pages", () => {
  it("names the phase once: 当前阶段：投票, not 当前阶段：投票 投票", async () => {
    const { cycle } = await createCycle(db, { method: "approval", maxChoices: 1, costs: [null], phase: "vote" });
    const html = await page(`/priorities/${cycle.id}`, "zh-CN");
    expect(html).toContain("当前阶段：投票");
    expect(html).not.toMatch(/当前阶段：投票(<!-- -->)?\s*(<!-- -->)?<span class="badge">/);
  });

  it("names the field in the error summary as the form labels it (您的问题, not 内容)", async () => {
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const response = await fetch(`${base}/interviews/${sessionId}`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: base,
        "Accept-Language": "zh-CN",
        Cookie: `${cookie}; lng=zh-CN`,
      },
      body: new URLSearchParams({
        intent: "ask",
        type: "consultation",
        text: "",
        submissionKey: randomBytes(18).toString("base64url"),
      }),
    });
    const html = await response.text();
    expect(html).toContain('<h2 id="error-summary-title">');
    expect(html).toMatch(/<a href="#field-text">[^<]*您的问题：/);
    expect(html).not.toMatch(/<a href="#field-text">[^<]*内容：/);
  });

  it("asks counter staff for the resident's question, not for 'your' question", async () => {
    const clerk = await newWithRole("counterStaff");
    const { cookie } = await logInOverHttp(base, clerk.email, clerk.password);
    const html = await page("/counter/questions", "zh-CN", `${cookie}; lng=zh-CN`);
    expect(html).toContain("居民提出的问题");
    expect(html).not.toContain("您的问题");
  });

  it("tells the official on the console what the session's state means for them, not a resident's help", async () => {
    const { cookie } = await logInOverHttp(base, official.email, official.password);
    const html = await page(`/interviews/${sessionId}/console`, "zh-CN", `${cookie}; lng=zh-CN`);
    expect(html).toContain("访谈正在进行，居民正在提问和投票。");
    expect(html).not.toContain("您可以提问");
  });
});
