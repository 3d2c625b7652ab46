// Every asker hears back (issue 17, item 5; decision 0041): the resident's own questions across
// sessions, offline questions with a private way to reach the person, the satisfaction loop and
// answers corrected in public. Through the real server, with form posts as a browser without
// JavaScript sends them.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { sessionTopic } from "~/features/interviews/events.server";
import { eraseServedContacts } from "~/features/interviews/counter-desk.server";
import { listQuestionRecords } from "~/features/interviews/records.server";
import { computeStatistics } from "~/features/interviews/statistics";
import { dateToWallTime } from "~/shared/wall-time";
import { builtServices } from "../../server";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newDepartment, newOfficial, newResident, newWithRole, type Person } from "./helpers";
import { peopleOverHttp, withRealServer } from "./http";

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
const { open, submit } = peopleOverHttp(() => base);
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
    // The page follows the sessions of its questions, so an approval or an answer there reloads it.
    expect(page).toContain(sessionTopic(first.id));
    expect(page).toContain(sessionTopic(second.id));
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

const submissionKey = () => randomBytes(12).toString("hex");
const PHONE = "13987654321";
const ADDRESS = "Room 402, 17 Lotus Lane";

/** A clerk enters a question through the counter form; returns the stored question. */
async function enterAtCounter(
  clerk: Person,
  sessionId: string,
  fields: Partial<Record<"channel" | "text" | "contact" | "receivedOn" | "departmentId", string>> = {},
) {
  const text = fields.text ?? `Offline ${unique()}: when does the bus stop move?`;
  const response = await submit(clerk, "/counter/questions", {
    sessionId,
    channel: "phone",
    type: "consultation",
    text,
    contact: PHONE,
    receivedOn: "",
    submissionKey: submissionKey(),
    ...fields,
  });
  expect(response.status).toBe(302);
  return db.question.findFirstOrThrow({ where: { sessionId, text } });
}

describe("a question reworded while a moderator reads it", () => {
  it("is not approved unread: the approval names the version the moderator saw", async () => {
    const asker = await newResident();
    const session = await newSession();
    const question = await newQuestion(session.id, asker.userId, { text: "Where can I recycle batteries?" });
    const other = await newQuestion(session.id, asker.userId, { text: "Where can I recycle glass?" });
    const moderation = `/interviews/${session.id}/moderate`;
    const page = await (await open(world.moderator, moderation)).text();
    const seenOf = (id: string) => page.match(new RegExp(`name="seen" form="bulk-approve" value="${id}@([^"]+)"`))![1]!;
    const [seen, otherSeen] = [seenOf(question.id), seenOf(other.id)];

    for (const [id, text] of [
      [question.id, "Where can I recycle batteries? You are all useless idiots"],
      [other.id, "Where can I recycle glass? You are all useless idiots"],
    ] as const) {
      const edited = await submit(asker, "/account/questions", {
        intent: "edit",
        questionId: id,
        type: "complaint",
        text,
      });
      expect(edited.status).toBe(302);
    }
    // The moderator presses approve on the card they read: refused, with the reason.
    const stale = await submit(world.moderator, moderation, { intent: "approve", questionId: question.id, seen });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain(html(translate("en", "interviews.errors.changedSinceRead")));
    const bulk = await submit(world.moderator, moderation, {
      intent: "approveSelected",
      questionIds: other.id,
      seen: `${other.id}@${otherSeen}`,
    });
    expect(bulk.status).toBe(302);
    for (const id of [question.id, other.id])
      expect((await db.question.findUniqueOrThrow({ where: { id } })).status).toBe("pending");

    // Read again, the moderator decides on the words as they are.
    const fresh = await (await open(world.moderator, moderation)).text();
    expect(fresh).toContain("useless idiots");
    const now = fresh.match(new RegExp(`name="seen" form="bulk-approve" value="${question.id}@([^"]+)"`))![1]!;
    expect(
      (await submit(world.moderator, moderation, { intent: "approve", questionId: question.id, seen: now })).status,
    ).toBe(302);
  });
});

describe("questions from phone, letter and counter", () => {
  it("keep how to reach the person for the counter desk alone, and hand out a reference number", async () => {
    const session = await newSession({ premoderated: false });
    const live = (await builtServices()).live;
    const after = await live.lastEventId();
    const question = await enterAtCounter(world.clerk, session.id, { contact: `${PHONE}, ${ADDRESS}` });
    expect(question).toMatchObject({ contact: `${PHONE}, ${ADDRESS}`, status: "published", askerId: null });
    expect(question.referenceNumber).toMatch(/^Q-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    // The counter desk finds it by its number, with the contact, in either language.
    const desk = await (
      await open(world.clerk, `/counter/questions/entered?reference=${question.referenceNumber!.toLowerCase()}`)
    ).text();
    expect(desk).toContain(question.referenceNumber);
    expect(desk).toContain(html(`${PHONE}, ${ADDRESS}`));
    const deskZh = await (await open(world.clerk, "/counter/questions/entered", "zh-CN")).text();
    expect(deskZh).toContain(translate("zh-CN", "interviews.counterList.title"));
    // Nobody but counter staff and administrators opens the desk's list.
    for (const person of [world.moderator, world.housingOfficial, await newResident()])
      expect((await open(person, "/counter/questions/entered")).status).toBe(403);
    expect((await open(world.admin, "/counter/questions/entered")).status).toBe(200);

    // Answered, it still shows nowhere public: page, moderation, console, downloads, archive,
    // live replay, audit log.
    const answered = await submit(world.housingOfficial, `/interviews/${session.id}/console?question=${question.id}`, {
      intent: "answer",
      questionId: question.id,
      text: "The stop moves in May.",
      submissionKey: submissionKey(),
    });
    expect(answered.status).toBe(302);
    const pages = [
      await open(null, `/interviews/${session.id}`),
      await open(null, `/interviews/${session.id}/transcript`),
      await open(null, `/interviews/${session.id}/questions.csv`),
      await open(null, `/interviews/${session.id}/questions.json`),
      await open(null, `/interviews/archive?q=${encodeURIComponent("bus stop")}`),
      await open(world.moderator, `/interviews/${session.id}/moderate?view=published`),
      await open(world.housingOfficial, `/interviews/${session.id}/console?question=${question.id}`),
      await open(world.admin, "/admin/audit"),
    ];
    for (const response of pages) {
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).not.toContain(PHONE);
      expect(body).not.toContain("Lotus Lane");
    }
    expect(await (await open(null, `/interviews/${session.id}`)).text()).toContain("The stop moves in May.");
    const replay = (await live.eventsAfter(sessionTopic(session.id), after))!;
    expect(replay.some((event) => JSON.stringify(event.data).includes(question.id))).toBe(true);
    expect(JSON.stringify(replay)).not.toContain(PHONE);
    expect(JSON.stringify(await db.auditEntry.findMany())).not.toContain(PHONE);
  });

  it("start the promise on the day the letter was received, not the day it was entered", async () => {
    // The session ended a week and a day ago and is still answering; a letter came a week ago.
    const session = await newSession({
      premoderated: false,
      startsIn: -8 * 24 * 60 * MINUTE - 120 * MINUTE,
      endsIn: -8 * 24 * 60 * MINUTE,
    });
    const weekAgo = dateToWallTime(new Date(Date.now() - 7 * 24 * 60 * MINUTE), "Asia/Shanghai").slice(0, 10);
    const letter = await enterAtCounter(world.clerk, session.id, { channel: "letter", receivedOn: weekAgo });
    const today = await enterAtCounter(world.clerk, session.id, { channel: "letter" });
    expect(letter.receivedAt.toISOString()).toBe(new Date(`${weekAgo}T00:00:00+08:00`).toISOString());
    // Three working days from a week ago have passed: the letter's reply is overdue, in public.
    expect(letter.firstReplyDueAt.getTime()).toBeLessThan(Date.now());
    expect(today.firstReplyDueAt.getTime()).toBeGreaterThan(Date.now());
    const figures = computeStatistics(await listQuestionRecords({ sessionId: session.id }), new Date());
    expect(figures.firstReplyOverdue).toBe(1);
    const overdue = await (await open(null, "/interviews/overdue")).text();
    expect(overdue).toContain(html(letter.text));
    expect(overdue).not.toContain(html(today.text));

    // A day in the future, or longer ago than a pile of post, is refused next to the field.
    const tomorrow = dateToWallTime(new Date(Date.now() + 2 * 24 * 60 * MINUTE), "Asia/Shanghai").slice(0, 10);
    for (const [receivedOn, key] of [
      [tomorrow, "interviews.counter.receivedInFuture"],
      ["2026-02-30", "validation.impossibleDate"],
      ["2020-01-01", "interviews.counter.receivedTooLongAgo"],
    ] as const) {
      const refused = await submit(world.clerk, "/counter/questions", {
        sessionId: session.id,
        channel: "letter",
        type: "consultation",
        text: `Refused ${unique()}`,
        receivedOn,
        submissionKey: submissionKey(),
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(html(translate("en", key)));
    }
    expect(await db.question.count({ where: { sessionId: session.id } })).toBe(2);
  });

  it("let the counter desk mark the person told, once per outcome, and enter their satisfaction after calling", async () => {
    const session = await newSession({ premoderated: false });
    const question = await enterAtCounter(world.clerk, session.id);
    const colleague = await newWithRole("counterStaff");

    // Nothing to tell before an answer.
    const early = await submit(world.clerk, "/counter/questions/entered", { intent: "told", questionId: question.id });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain(html(translate("en", "interviews.counterList.nothingToTell")));

    await submit(world.housingOfficial, `/interviews/${session.id}/console?question=${question.id}`, {
      intent: "answer",
      questionId: question.id,
      text: "The stop moves in May.",
      submissionKey: submissionKey(),
    });
    // A resident, an official or a moderator cannot mark it.
    for (const person of [await newResident(), world.housingOfficial, world.moderator])
      expect(
        (await submit(person, "/counter/questions/entered", { intent: "told", questionId: question.id })).status,
      ).toBe(403);
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).toldAt).toBeNull();

    expect(
      (await submit(world.clerk, "/counter/questions/entered", { intent: "told", questionId: question.id })).status,
    ).toBe(302);
    // The colleague at the next desk, a moment later: already told.
    const twice = await submit(colleague, "/counter/questions/entered", { intent: "told", questionId: question.id });
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain(html(translate("en", "interviews.counterList.alreadyTold")));
    const told = await db.auditEntry.findMany({ where: { action: "question.told", targetId: question.id } });
    expect(told).toHaveLength(1);
    expect(told[0]!.actorId).toBe(world.clerk.userId);

    // The person was not satisfied: the department hears it, with the comment, as from online.
    const rated = await submit(world.clerk, "/counter/questions/entered", {
      intent: "rate",
      questionId: question.id,
      satisfied: "no",
      comment: "May is too late for the elderly",
    });
    expect(rated.status).toBe(302);
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({
      satisfied: false,
      ratingComment: "May is too late for the elderly",
    });
    const notices = await db.notification.findMany({
      where: { userId: world.housingOfficial.userId, kind: "interviews.answerUnsatisfied" },
    });
    expect(notices.some((notice) => notice.params.includes("May is too late"))).toBe(true);
    expect(await db.auditEntry.count({ where: { action: "question.rateOffline", targetId: question.id } })).toBe(1);
    const again = await submit(colleague, "/counter/questions/entered", {
      intent: "rate",
      questionId: question.id,
      satisfied: "yes",
    });
    expect(again.status).toBe(400);
    // An online question is not the counter's to rate or mark.
    const online = await newQuestion(session.id, (await newResident()).userId, { status: "published" });
    expect(
      (await submit(world.clerk, "/counter/questions/entered", { intent: "told", questionId: online.id })).status,
    ).toBe(400);
  });

  it("erase the contact 30 days after the person was told, and a year after receipt at the latest", async () => {
    const session = await newSession();
    const told = await enterAtCounter(world.clerk, session.id);
    const recent = await enterAtCounter(world.clerk, session.id);
    const old = await enterAtCounter(world.clerk, session.id);
    await db.question.update({
      where: { id: told.id },
      data: { toldAt: new Date(Date.now() - 31 * 24 * 60 * MINUTE) },
    });
    await db.question.update({
      where: { id: recent.id },
      data: { toldAt: new Date(Date.now() - 29 * 24 * 60 * MINUTE) },
    });
    await db.question.update({
      where: { id: old.id },
      data: { receivedAt: new Date(Date.now() - 366 * 24 * 60 * MINUTE) },
    });
    await eraseServedContacts();
    const contact = async (id: string) => (await db.question.findUniqueOrThrow({ where: { id } })).contact;
    expect(await contact(told.id)).toBeNull();
    expect(await contact(old.id)).toBeNull();
    expect(await contact(recent.id)).toBe(PHONE);
  });
});

/** An online question asked through the session page's form, published, and its id. */
async function askOnline(asker: Person, sessionId: string, text = `Online ${unique()}: when is the park lit?`) {
  const response = await submit(asker, `/interviews/${sessionId}?index`, {
    intent: "ask",
    type: "consultation",
    text,
    submissionKey: submissionKey(),
  });
  expect(response.status).toBe(302);
  return db.question.findFirstOrThrow({ where: { sessionId, text } });
}
async function answerOver(official: Person, sessionId: string, questionId: string, text: string) {
  const response = await submit(official, `/interviews/${sessionId}/console?question=${questionId}`, {
    intent: "answer",
    questionId,
    text,
    submissionKey: submissionKey(),
  });
  expect(response.status).toBe(302);
}
const rate = (asker: Person, sessionId: string, questionId: string, satisfied: "yes" | "no", comment = "") =>
  submit(asker, `/interviews/${sessionId}?index`, { intent: "rate", questionId, satisfied, comment });

describe("an unsatisfied asker", () => {
  it("reaches the department with the comment, which officials and moderators read and the public does not; a new answer can be rated again", async () => {
    const session = await newSession({ premoderated: false });
    const asker = await newResident();
    const question = await askOnline(asker, session.id);
    await answerOver(world.housingOfficial, session.id, question.id, "The park is lit from next year.");
    const live = (await builtServices()).live;
    const after = await live.lastEventId();
    const comment = `Next year is too late ${unique()}`;
    expect((await rate(asker, session.id, question.id, "no", comment)).status).toBe(302);

    // The department's console shows the rating and the comment on the question; so does the moderation page.
    const console = await (
      await open(world.housingOfficial, `/interviews/${session.id}/console?question=${question.id}`)
    ).text();
    expect(console).toContain(comment);
    expect(console).toContain(html(translate("en", "interviews.console.answerAgain")));
    expect(await (await open(world.moderator, `/interviews/${session.id}/moderate?view=published`)).text()).toContain(
      comment,
    );
    // Not the public: page, downloads, live replay.
    for (const path of [`/interviews/${session.id}`, `/interviews/${session.id}/questions.json`])
      expect(await (await open(null, path)).text()).not.toContain(comment);
    expect(JSON.stringify(await live.eventsAfter(sessionTopic(session.id), after))).not.toContain(comment);
    // The notice leads to the question, open in the console.
    const [notice] = await db.notification.findMany({
      where: {
        userId: world.housingOfficial.userId,
        kind: "interviews.answerUnsatisfied",
        link: { contains: question.id },
      },
    });
    expect(notice!.link).toBe(`/interviews/${session.id}/console?question=${question.id}`);

    // Rated once per answer: a second press is refused.
    const twice = await rate(asker, session.id, question.id, "yes");
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain(html(translate("en", "interviews.errors.alreadyRated")));

    // The department takes it up again: the asker hears, and may rate the new answer.
    await answerOver(world.housingOfficial, session.id, question.id, "We found the money: the lights come in March.");
    expect(await db.notification.count({ where: { userId: asker.userId, kind: "interviews.questionAnswered" } })).toBe(
      2,
    );
    expect(await (await open(asker, `/interviews/${session.id}`)).text()).toContain(
      html(translate("en", "interviews.rating.again")),
    );
    expect((await rate(asker, session.id, question.id, "yes")).status).toBe(302);
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({ satisfied: true });
    expect((await rate(asker, session.id, question.id, "no")).status).toBe(400);

    // The statistics count the latest rating, with its count.
    const figures = computeStatistics(await listQuestionRecords({ sessionId: session.id }), new Date());
    expect(figures).toMatchObject({ rated: 1, satisfied: 1 });
    expect(await (await open(null, `/interviews/${session.id}/statistics`)).text()).toContain(
      html(translate("en", "interviews.statistics.share", { share: "100%", part: "1", whole: "1" })),
    );
    // Another resident cannot rate someone else's answer.
    expect((await rate(await newResident(), session.id, question.id, "no")).status).toBe(400);
  });
});

describe("an answer corrected or withdrawn by its department", () => {
  it("keeps the earlier text in the public history, says when, and tells the asker", async () => {
    const session = await newSession({ premoderated: false });
    const asker = await newResident();
    const question = await askOnline(asker, session.id);
    await answerOver(world.housingOfficial, session.id, question.id, "The pool opens on 1 June.");
    const answer = await db.answer.findFirstOrThrow({ where: { questionId: question.id } });
    const console = `/interviews/${session.id}/console?question=${question.id}`;

    // Another department's official, a moderator and a resident cannot correct it.
    for (const person of [world.waterOfficial, await newResident()]) {
      const refused = await submit(person, console, { intent: "correct", answerId: answer.id, text: "Never." });
      expect([400, 403]).toContain(refused.status);
    }
    expect(
      (await submit(world.waterOfficial, console, { intent: "correct", answerId: answer.id, text: "Never." })).status,
    ).toBe(400);
    expect((await db.answer.findUniqueOrThrow({ where: { id: answer.id } })).text).toBe("The pool opens on 1 June.");

    const live = (await builtServices()).live;
    const after = await live.lastEventId();
    expect(
      (
        await submit(world.housingOfficial, console, {
          intent: "correct",
          answerId: answer.id,
          text: "The pool opens on 1 July.",
        })
      ).status,
    ).toBe(302);
    const page = await (await open(null, `/interviews/${session.id}`)).text();
    expect(page).toContain("The pool opens on 1 July.");
    // The earlier text stays public, with when it was corrected.
    expect(page).toContain("The pool opens on 1 June.");
    const corrected = await db.answer.findUniqueOrThrow({ where: { id: answer.id } });
    expect(corrected.correctedAt).not.toBeNull();
    const zhPage = await (await open(null, `/interviews/${session.id}`, "zh-CN")).text();
    expect(zhPage).toContain(translate("zh-CN", "interviews.questions.answerHistory", { count: 1 }));
    // Pages that catch up get the corrected answer.
    const replay = (await live.eventsAfter(sessionTopic(session.id), after))!;
    expect(JSON.stringify(replay)).toContain("The pool opens on 1 July.");
    expect(await db.notification.count({ where: { userId: asker.userId, kind: "interviews.answerCorrected" } })).toBe(
      1,
    );
    expect(await db.auditEntry.count({ where: { action: "question.correctAnswer", targetId: question.id } })).toBe(1);
    // The same text again changes nothing.
    expect(
      (
        await submit(world.housingOfficial, console, {
          intent: "correct",
          answerId: answer.id,
          text: "The pool opens on 1 July.",
        })
      ).status,
    ).toBe(400);

    // Withdrawn: the only answer no longer counts as a reply, so the question is owed one again.
    expect(
      (await submit(world.housingOfficial, console, { intent: "withdrawAnswer", answerId: answer.id })).status,
    ).toBe(302);
    const stored = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(stored.firstRepliedAt).toBeNull();
    const after2 = await (await open(null, `/interviews/${session.id}`)).text();
    expect(after2).toContain("The pool opens on 1 July.");
    expect(after2).toContain("The pool opens on 1 June.");
    expect(await db.answerRevision.count({ where: { answerId: answer.id } })).toBe(2);
    // A withdrawn answer cannot be corrected or withdrawn again.
    expect(
      (await submit(world.housingOfficial, console, { intent: "withdrawAnswer", answerId: answer.id })).status,
    ).toBe(400);
    expect(
      (await submit(world.housingOfficial, console, { intent: "correct", answerId: answer.id, text: "Back again" }))
        .status,
    ).toBe(400);
    // The due list has it again.
    expect(await (await open(world.housingOfficial, "/interviews/due")).text()).toContain(html(question.text));
  });
});
