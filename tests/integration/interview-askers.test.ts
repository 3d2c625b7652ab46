// Every asker hears back (issue 17, item 5; decision 0041): the resident's own questions across
// sessions, offline questions with a private way to reach the person, the satisfaction loop and
// answers corrected in public. Through the real server, with form posts as a browser without
// JavaScript sends them.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newDepartment, newOfficial, newResident, newWithRole, type Person } from "./helpers";
import { logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const MINUTE = 60_000;
const unique = () => randomBytes(4).toString("hex");

let world: {
  admin: Person;
  moderator: Person;
  clerk: Person;
  housing: { id: string };
  water: { id: string };
  housingOfficial: Person;
  waterOfficial: Person;
};

beforeAll(async () => {
  const housing = await newDepartment("Housing");
  const water = await newDepartment("Water");
  world = {
    admin: await newAdministrator(),
    moderator: await newWithRole("moderator"),
    clerk: await newWithRole("counterStaff"),
    housing,
    water,
    housingOfficial: await newOfficial(housing.id),
    waterOfficial: await newOfficial(water.id),
  };
});

/** A live session hosted by the housing department, premoderated unless said otherwise. */
async function newSession(options: { premoderated?: boolean; startsIn?: number; endsIn?: number } = {}) {
  const now = Date.now();
  return db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      premoderated: options.premoderated ?? true,
      allowAnonymous: true,
      createdById: world.admin.userId,
      startsAt: new Date(now + (options.startsIn ?? -30 * MINUTE)),
      endsAt: new Date(now + (options.endsIn ?? 90 * MINUTE)),
      hosts: { create: [{ departmentId: world.housing.id }] },
    },
  });
}

async function newQuestion(
  sessionId: string,
  askerId: string | null,
  fields: Partial<{
    status: string;
    text: string;
    receivedAt: Date;
    rejectionReason: string;
    mergedIntoId: string;
  }> = {},
) {
  const text = fields.text ?? `Question ${unique()} about the lift`;
  const now = new Date();
  return db.question.create({
    data: {
      sessionId,
      askerId,
      type: "consultation",
      text,
      searchText: text.toLowerCase(),
      status: fields.status ?? "pending",
      rejectionReason: fields.rejectionReason,
      mergedIntoId: fields.mergedIntoId,
      publishedAt: fields.status === "published" ? now : null,
      departmentId: world.housing.id,
      receivedAt: fields.receivedAt ?? now,
      firstReplyDueAt: new Date(now.getTime() + 3 * 24 * 60 * MINUTE),
      resolutionDueAt: new Date(now.getTime() + 3 * 24 * 60 * MINUTE),
    },
  });
}

type Language = "en" | "zh-CN";
const cookies = new Map<string, string>();
async function cookieOf(person: Person) {
  if (!cookies.has(person.userId))
    cookies.set(person.userId, (await logInOverHttp(base, person.email, person.password)).cookie);
  return cookies.get(person.userId)!;
}
async function open(person: Person | null, path: string, language: Language = "en") {
  return fetch(`${base}${path}`, {
    redirect: "manual",
    headers: { "Accept-Language": language, ...(person ? { Cookie: await cookieOf(person) } : {}) },
  });
}
async function submit(person: Person, path: string, fields: Record<string, string>, language: Language = "en") {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: base,
      "Accept-Language": language,
      Cookie: await cookieOf(person),
    },
    body: new URLSearchParams(fields),
  });
}
const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);
/** Text as the page writes it: React escapes quotes and ampersands. */
const html = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");

describe("a resident's own questions", () => {
  it("lists every question the resident asked, in every session, with where each stands, a page at a time", async () => {
    const asker = await newResident();
    const other = await newResident();
    const [first, second] = [await newSession(), await newSession({ premoderated: false })];
    const waiting = await newQuestion(first.id, asker.userId, { text: `Waiting ${unique()}` });
    const published = await newQuestion(first.id, asker.userId, { status: "published", text: `Published ${unique()}` });
    const answered = await newQuestion(second.id, asker.userId, { status: "published", text: `Answered ${unique()}` });
    await db.answer.create({
      data: {
        questionId: answered.id,
        authorId: world.housingOfficial.userId,
        authorName: "Official Wang",
        mode: "live",
        text: "The lift is repaired on Monday.",
      },
    });
    await db.question.update({ where: { id: answered.id }, data: { firstRepliedAt: new Date() } });
    const rejected = await newQuestion(second.id, asker.userId, {
      status: "rejected",
      rejectionReason: "Not about this interview",
    });
    const kept = await newQuestion(second.id, other.userId, { status: "published", text: `Kept ${unique()}` });
    const merged = await newQuestion(second.id, asker.userId, { status: "merged", mergedIntoId: kept.id });
    const someoneElses = await newQuestion(first.id, other.userId, { text: `Not yours ${unique()}` });

    const page = await (await open(asker, "/account/questions")).text();
    const state = (id: string) => page.match(new RegExp(`id="mine-${id}"[^>]*data-state="([a-z]+)"`))?.[1];
    expect(state(waiting.id)).toBe("waiting");
    expect(state(published.id)).toBe("published");
    expect(state(answered.id)).toBe("answered");
    expect(state(rejected.id)).toBe("rejected");
    expect(state(merged.id)).toBe("merged");
    expect(page).toContain("The lift is repaired on Monday.");
    expect(page).toContain(
      html(translate("en", "interviews.myQuestions.reason", { reason: "Not about this interview" })),
    );
    expect(page).toContain(`/interviews/${second.id}#q-${kept.id}`);
    expect(page).toContain(first.titleEn);
    expect(page).toContain(second.titleEn);
    expect(page).not.toContain(someoneElses.text);
    // The account menu leads there.
    expect(await (await open(asker, "/account")).text()).toContain('href="/account/questions"');
    const zh = await (await open(asker, "/account/questions", "zh-CN")).text();
    expect(zh).toContain(translate("zh-CN", "interviews.myQuestions.states.waiting"));

    // Twenty a page, the newest first.
    const many = await newResident();
    const session = await newSession();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++)
      ids.push((await newQuestion(session.id, many.userId, { receivedAt: new Date(Date.now() - i * MINUTE) })).id);
    const cards = (text: string) => [...text.matchAll(/id="mine-([^"]+)"/g)].map((match) => match[1]);
    expect(cards(await (await open(many, "/account/questions")).text())).toEqual(ids.slice(0, 20));
    expect(cards(await (await open(many, "/account/questions?page=2")).text())).toEqual(ids.slice(20));
  });

  it("is for signed-in residents only", async () => {
    const response = await open(null, "/account/questions");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  it("lets the asker reword a question while it waits for moderation, and nobody else, and not after", async () => {
    const asker = await newResident();
    const intruder = await newResident();
    const session = await newSession();
    const question = await newQuestion(session.id, asker.userId, { text: "When is the lift fixed? Call 13912345678" });

    const edited = await submit(asker, "/account/questions", {
      intent: "edit",
      questionId: question.id,
      type: "complaint",
      text: "When is the lift in block 3 fixed?",
    });
    expect(edited.status).toBe(302);
    let stored = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(stored).toMatchObject({ text: "When is the lift in block 3 fixed?", type: "complaint", status: "pending" });
    // The moderation page shows the words as they are now.
    expect(await (await open(world.moderator, `/interviews/${session.id}/moderate`)).text()).toContain(
      "When is the lift in block 3 fixed?",
    );

    // Another resident, even knowing the id.
    const stolen = await submit(intruder, "/account/questions", {
      intent: "edit",
      questionId: question.id,
      type: "suggestion",
      text: "Something else entirely",
    });
    expect(stolen.status).toBe(400);
    expect(await stolen.text()).toContain(html(translate("en", "interviews.errors.noSuchQuestion")));
    // Empty words are refused next to the field.
    const empty = await submit(asker, "/account/questions", {
      intent: "edit",
      questionId: question.id,
      type: "suggestion",
      text: "   ",
    });
    expect(empty.status).toBe(400);
    stored = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(stored.text).toBe("When is the lift in block 3 fixed?");

    // Once a moderator has approved it, its words are part of the public record.
    expect(
      (
        await submit(world.moderator, `/interviews/${session.id}/moderate`, {
          intent: "approve",
          questionId: question.id,
        })
      ).status,
    ).toBe(302);
    const late = await submit(
      asker,
      "/account/questions",
      {
        intent: "edit",
        questionId: question.id,
        type: "suggestion",
        text: "A different question after approval",
      },
      "zh-CN",
    );
    expect(late.status).toBe(400);
    expect(await late.text()).toContain(translate("zh-CN", "interviews.myQuestions.notWaiting"));
    stored = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(stored).toMatchObject({ text: "When is the lift in block 3 fixed?", status: "published" });
  });

  it("lets the asker withdraw a question while it waits, and nobody else, and not after", async () => {
    const asker = await newResident();
    const intruder = await newResident();
    const session = await newSession();
    const question = await newQuestion(session.id, asker.userId);
    const approved = await newQuestion(session.id, asker.userId, { status: "published" });

    const stolen = await submit(intruder, "/account/questions", { intent: "withdraw", questionId: question.id });
    expect(stolen.status).toBe(400);
    expect(await db.question.count({ where: { id: question.id } })).toBe(1);

    const late = await submit(asker, "/account/questions", { intent: "withdraw", questionId: approved.id });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain(html(translate("en", "interviews.myQuestions.notWaiting")));
    expect(await db.question.count({ where: { id: approved.id } })).toBe(1);

    const withdrawn = await submit(asker, "/account/questions", { intent: "withdraw", questionId: question.id });
    expect(withdrawn.status).toBe(302);
    expect(await db.question.count({ where: { id: question.id } })).toBe(0);
    // Pressed twice: nothing left to withdraw, and a message rather than an error page.
    const again = await submit(asker, "/account/questions", { intent: "withdraw", questionId: question.id });
    expect(again.status).toBe(400);
    expect(await (await open(world.moderator, `/interviews/${session.id}/moderate`)).text()).not.toContain(
      question.text,
    );
  });
});
