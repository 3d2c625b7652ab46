// Voting on a question and rating an answer from a browser without JavaScript (docs/decisions/0032):
// the post is answered with a redirect to the question itself (post, redirect, get), so a reload
// does not vote again, and the page there says what happened with the new count.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { answerQuestion } from "~/features/interviews/answers.server";
import { askQuestion } from "~/features/interviews/questions.server";
import { getSession } from "~/features/interviews/sessions.server";
import { newAdministrator, newDepartment, newOfficial, newResident, type Person } from "./helpers";
import { logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const MINUTE = 60_000;
const unique = () => randomBytes(4).toString("hex");
let admin: Person;
let department: { id: string };
let official: Person;

beforeAll(async () => {
  admin = await newAdministrator();
  department = await newDepartment("Housing");
  official = await newOfficial(department.id);
});

async function liveSession() {
  const created = await db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      premoderated: false,
      allowAnonymous: true,
      createdById: admin.userId,
      startsAt: new Date(Date.now() - 30 * MINUTE),
      endsAt: new Date(Date.now() + 90 * MINUTE),
      hosts: { create: [{ departmentId: department.id }] },
    },
  });
  return (await getSession(created.id))!;
}

async function ask(person: Person, sessionId: string) {
  const outcome = await askQuestion(person.user, (await getSession(sessionId))!, {
    type: "consultation",
    text: `When will the lifts be fitted? ${unique()}`,
    anonymous: false,
    submissionKey: randomBytes(18).toString("base64url"),
  });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.value.id;
}

/** A form post as a browser without JavaScript sends it: to the address the page's form names. */
async function post(cookie: string, path: string, fields: Record<string, string>, language = "en") {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: base,
      Cookie: cookie,
      "Accept-Language": language,
    },
    body: new URLSearchParams(fields),
  });
}

/** Follows a redirect as the browser does, carrying the cookies it set (the confirmation). */
async function follow(response: Response, cookie: string, language = "en") {
  const flash = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const page = await fetch(new URL(response.headers.get("Location")!, base), {
    headers: { Cookie: [cookie, flash].filter(Boolean).join("; "), "Accept-Language": language },
  });
  return page.text();
}

const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ");

describe("without JavaScript", () => {
  it("a vote comes back to its question with a confirmation and the new count, at an address safe to reload", async () => {
    const session = await liveSession();
    const questionId = await ask(await newResident(), session.id);
    const voter = await newResident();
    const { cookie } = await logInOverHttp(base, voter.email, voter.password);
    const response = await post(cookie, `/interviews/${session.id}?index&sort=newest`, {
      intent: "vote",
      vote: "add",
      questionId,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/interviews/${session.id}?sort=newest#q-${questionId}`);
    const page = textOf(await follow(response, cookie));
    expect(page).toContain("Your vote was counted. Votes for this question now: 1.");
    expect(await db.questionVote.count({ where: { questionId } })).toBe(1);

    const withdrawn = await post(
      cookie,
      `/interviews/${session.id}?index`,
      { intent: "vote", vote: "withdraw", questionId },
      "zh-CN",
    );
    expect(withdrawn.headers.get("Location")).toBe(`/interviews/${session.id}#q-${questionId}`);
    expect(textOf(await follow(withdrawn, cookie, "zh-CN"))).toContain("您的投票已撤回，这个问题现有 0 票。");
  });

  it("with JavaScript (a fetcher's data request) a vote still answers in place, without a redirect", async () => {
    const session = await liveSession();
    const questionId = await ask(await newResident(), session.id);
    const voter = await newResident();
    const { cookie } = await logInOverHttp(base, voter.email, voter.password);
    const response = await post(
      cookie,
      `/interviews/${session.id}?index&_data=${encodeURIComponent("routes/interviews.$sessionId._index")}`,
      {
        intent: "vote",
        vote: "add",
        questionId,
        answer: "in-place",
      },
    );
    expect(response.status).toBe(200);
    expect(await db.questionVote.count({ where: { questionId } })).toBe(1);
  });

  it("rating an answer comes back to the rated question, not the top of the page", async () => {
    const session = await liveSession();
    const asker = await newResident();
    const questionId = await ask(asker, session.id);
    const answered = await answerQuestion(official.user, session, {
      questionId,
      text: "Next spring.",
      resolves: true,
      submissionKey: randomBytes(18).toString("base64url"),
    });
    expect(answered.ok).toBe(true);
    const { cookie } = await logInOverHttp(base, asker.email, asker.password);
    const response = await post(cookie, `/interviews/${session.id}?index&sort=votes`, {
      intent: "rate",
      questionId,
      satisfied: "yes",
      comment: "",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/interviews/${session.id}?sort=votes#q-${questionId}`);
  });
});
