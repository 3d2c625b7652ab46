// Interview sessions (docs/decisions/0015): what residents, moderators, officials and hosts do, through the
// real server with real form posts where a person acts, and through the domain commands where
// that reads more clearly. Every refusal must come with a translated message and leave the
// database exactly as it was.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Browser as Chromium } from "playwright-core";
import { launchChromium } from "./chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, db } from "~/db.server";
import { deleteAccount } from "~/features/accounts/accounts.server";
import { answerQuestion } from "~/features/interviews/answers.server";
import { queueTopic, sessionTopic } from "~/features/interviews/events.server";
import {
  approveQuestion,
  editQuestion,
  mergeQuestions,
  reassignQuestion,
  rejectQuestion,
} from "~/features/interviews/moderation.server";
import { askQuestion, rateAnswer, voteOnQuestion } from "~/features/interviews/questions.server";
import { listQuestionRecords } from "~/features/interviews/records.server";
import { changeSessionState, getSession, scheduleSession } from "~/features/interviews/sessions.server";
import { sessionState, type SessionState } from "~/features/interviews/state";
import { computeStatistics, type QuestionRecord } from "~/features/interviews/statistics";
import { missingHolidayYears } from "~/features/interviews/promise-clock";
import { listOverduePromises } from "~/features/interviews/overdue.server";
import { environmentPromiseSettings } from "~/features/interviews/promise-settings.server";
import { dateToWallTime } from "~/shared/wall-time";
import { i18nextFor } from "~/i18n/i18next.server";
import { applyMigrations } from "../../prisma/tools/migrations";
import { seedDemoCity } from "../../prisma/seed";
import { newAdministrator, newResident, newDepartment, newOfficial, newWithRole, type Person } from "./helpers";
import { asHtml, expectRefusalIn, logInOverHttp, withRealServer } from "./http";
import { live } from "~/features/live/live.server";
import { builtServices } from "../../server";

let base: string;
withRealServer((url) => (base = url));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const unique = () => randomBytes(4).toString("hex");
const submissionKey = () => randomBytes(18).toString("base64url");

// ---------------------------------------------------------------------------------------------
// People, departments and sessions

/** Start and end times that put a session in a state by the schedule alone. */
function scheduleFor(state: SessionState) {
  const now = Date.now();
  switch (state) {
    case "upcoming":
      return { startsAt: new Date(now + DAY), endsAt: new Date(now + DAY + 2 * HOUR), closedAt: null };
    case "live":
      return { startsAt: new Date(now - 30 * MINUTE), endsAt: new Date(now + 90 * MINUTE), closedAt: null };
    case "answering":
      return { startsAt: new Date(now - 3 * HOUR), endsAt: new Date(now - HOUR), closedAt: null };
    case "closed":
      return {
        startsAt: new Date(now - 3 * DAY),
        endsAt: new Date(now - 3 * DAY + 2 * HOUR),
        closedAt: new Date(now - DAY),
      };
  }
}

let world: {
  admin: Person;
  hostDepartment: { id: string };
  otherDepartment: { id: string };
  host: Person;
  otherOfficial: Person;
  moderator: Person;
};

beforeAll(async () => {
  const hostDepartment = await newDepartment("Housing");
  const otherDepartment = await newDepartment("Water");
  world = {
    admin: await newAdministrator(),
    hostDepartment,
    otherDepartment,
    host: await newOfficial(hostDepartment.id),
    otherOfficial: await newOfficial(otherDepartment.id),
    moderator: await newModerator(),
  };
});

async function newSession(options: {
  state: SessionState;
  premoderated?: boolean;
  allowAnonymous?: boolean;
  hosts?: string[];
}) {
  const created = await db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      premoderated: options.premoderated ?? false,
      allowAnonymous: options.allowAnonymous ?? true,
      createdById: world.admin.userId,
      ...scheduleFor(options.state),
      hosts: { create: (options.hosts ?? [world.hostDepartment.id]).map((departmentId) => ({ departmentId })) },
    },
  });
  const session = await getSession(created.id);
  expect(session?.state).toBe(options.state);
  return session!;
}

/** A resident asks through the domain command, as the form would. */
async function ask(
  person: Person,
  sessionId: string,
  text = `Question ${unique()}`,
  extra: { anonymous?: boolean; type?: "suggestion" | "consultation" | "complaint" } = {},
) {
  const session = (await getSession(sessionId))!;
  const outcome = await askQuestion(person.user, session, {
    type: extra.type ?? "consultation",
    text,
    anonymous: extra.anonymous ?? false,
    submissionKey: submissionKey(),
  });
  if (!outcome.ok) throw new Error(`asking failed: ${outcome.error}`);
  return db.question.findUniqueOrThrow({ where: { id: outcome.value.id } });
}

const fresh = async (sessionId: string) => (await getSession(sessionId))!;

/**
 * A resident asks through the running server's form, so that the question's live event is on the
 * server's bus (the build's), which is the one a visitor's replay reads.
 */
async function askOnServer(person: Person, sessionId: string, text: string) {
  const response = await submit(await logIn(person), `/interviews/${sessionId}`, {
    intent: "ask",
    type: "consultation",
    text,
    submissionKey: submissionKey(),
  });
  expect(response.status).toBe(302);
  return db.question.findFirstOrThrow({ where: { sessionId, text } });
}

// ---------------------------------------------------------------------------------------------
// A browser: a logged-in person's cookie and the language they read

type Language = "en" | "zh-CN";
interface Browser {
  cookie: string | null;
  language: Language;
}

const anonymousVisitor = (language: Language = "en"): Browser => ({ cookie: null, language });

const cookies = new Map<string, string>();

/** Logs in over HTTP once per person; the same cookie serves each language. */
async function logIn(person: Person, language: Language = "en"): Promise<Browser> {
  if (!cookies.has(person.userId))
    cookies.set(person.userId, (await logInOverHttp(base, person.email, person.password)).cookie);
  return { cookie: cookies.get(person.userId)!, language };
}

function headersOf(browser: Browser): Record<string, string> {
  return { "Accept-Language": browser.language, ...(browser.cookie ? { Cookie: browser.cookie } : {}) };
}

function open(browser: Browser, path: string) {
  return fetch(`${base}${path}`, { redirect: "manual", headers: headersOf(browser) });
}

/** A form post as a browser without JavaScript sends it. */
function submit(browser: Browser, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...headersOf(browser) },
    body,
  });
}

const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);

/** The page came back refused, with the message in the reader's language. */
const expectRefusal = (
  response: Response,
  browser: Browser,
  key: string,
  options?: Record<string, unknown>,
  status = 400,
) => expectRefusalIn(response, browser.language, key, options, status);

/** Everything a refused action could have touched: the sessions, their questions, votes, answers, and the audit log. */
async function snapshot(...sessionIds: string[]) {
  const where = { sessionId: { in: sessionIds } };
  const [sessions, questions, votes, answers, auditRows] = await Promise.all([
    db.interviewSession.findMany({ where: { id: { in: sessionIds } }, orderBy: { id: "asc" } }),
    db.question.findMany({ where, orderBy: { id: "asc" } }),
    db.questionVote.findMany({ where: { question: where }, orderBy: [{ questionId: "asc" }, { userId: "asc" }] }),
    db.answer.findMany({ where: { question: where }, orderBy: { id: "asc" } }),
    db.auditEntry.count(),
  ]);
  return { sessions, questions, votes, answers, auditRows };
}

// ---------------------------------------------------------------------------------------------

describe("the life of a session", () => {
  it("follows its schedule: upcoming, then live, then answering; only a host's close archives it", () => {
    const startsAt = new Date("2026-06-01T02:00:00Z");
    const schedule = {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      openedAt: null,
      endedAt: null,
      closedAt: null,
    };
    expect(sessionState(schedule, new Date(startsAt.getTime() - 1))).toBe("upcoming");
    expect(sessionState(schedule, startsAt)).toBe("live");
    expect(sessionState(schedule, new Date(startsAt.getTime() + 2 * HOUR - 1))).toBe("live");
    expect(sessionState(schedule, new Date(startsAt.getTime() + 2 * HOUR))).toBe("answering");
    expect(sessionState(schedule, new Date(startsAt.getTime() + 365 * DAY))).toBe("answering");
    // A host's buttons move it on earlier than the schedule would.
    const opened = { ...schedule, openedAt: new Date(startsAt.getTime() - HOUR) };
    expect(sessionState(opened, new Date(startsAt.getTime() - 30 * MINUTE))).toBe("live");
    const ended = { ...schedule, endedAt: new Date(startsAt.getTime() + HOUR) };
    expect(sessionState(ended, new Date(startsAt.getTime() + HOUR))).toBe("answering");
    const closed = { ...schedule, closedAt: new Date(startsAt.getTime() - HOUR) };
    expect(sessionState(closed, new Date(startsAt.getTime() - 2 * HOUR))).toBe("closed");
  });

  it("is scheduled by a host and moves on as the clock passes its start and end", async () => {
    const { host } = world;
    const timeZone = "Asia/Shanghai";
    const start = dateToWallTime(new Date(Date.now() + 2 * DAY), timeZone);
    const input = {
      titleZh: "老旧小区改造",
      titleEn: "Renovating old neighbourhoods",
      summaryZh: "",
      summaryEn: "",
      topic: "Housing",
      departmentIds: [world.hostDepartment.id],
      guests: [{ name: "王明", title: "局长" }],
      startsAt: start,
      endsAt: "",
      premoderated: true,
      allowAnonymous: true,
      replyWorkingDays: 3,
    };
    const scheduled = await scheduleSession(host.user, input, timeZone);
    if (!scheduled.ok) throw new Error(scheduled.error);
    const session = (await getSession(scheduled.value.id))!;
    expect(session.state).toBe("upcoming");
    // Two hours by default.
    expect(session.endsAt.getTime() - session.startsAt.getTime()).toBe(2 * HOUR);

    // The clock reaches the start, then the end: the same row, read later.
    await db.interviewSession.update({
      where: { id: session.id },
      data: { startsAt: new Date(Date.now() - MINUTE), endsAt: new Date(Date.now() + HOUR) },
    });
    expect((await fresh(session.id)).state).toBe("live");
    await db.interviewSession.update({
      where: { id: session.id },
      data: { startsAt: new Date(Date.now() - 2 * HOUR), endsAt: new Date(Date.now() - MINUTE) },
    });
    expect((await fresh(session.id)).state).toBe("answering");

    // An official cannot schedule for a department they do not belong to.
    const refused = await scheduleSession(world.otherOfficial.user, input, timeZone);
    expect(refused).toMatchObject({ ok: false, error: "interviews.errors.notYourDepartment" });
  });

  it("takes questions in advance and while live, up to 500 characters in any script", async () => {
    const session = await newSession({ state: "upcoming" });
    const browser = await logIn(await newResident(), "zh-CN");
    for (const text of ["问".repeat(500), "x".repeat(500)]) {
      expect(
        (
          await submit(browser, `/interviews/${session.id}`, {
            intent: "ask",
            type: "suggestion",
            text,
            submissionKey: submissionKey(),
          })
        ).status,
      ).toBe(302);
    }
    await db.interviewSession.update({ where: { id: session.id }, data: scheduleFor("live") });
    expect(
      (
        await submit(browser, `/interviews/${session.id}`, {
          intent: "ask",
          type: "complaint",
          text: "直播中提问",
          submissionKey: submissionKey(),
        })
      ).status,
    ).toBe(302);
    const stored = await db.question.findMany({ where: { sessionId: session.id }, orderBy: { receivedAt: "asc" } });
    expect(stored.map((question) => [question.text.length, question.status, question.channel])).toEqual([
      [500, "published", "online"],
      [500, "published", "online"],
      [5, "published", "online"],
    ]);
  });

  it("is opened, ended and closed by a host's buttons, each change audited", async () => {
    const session = await newSession({ state: "upcoming" });
    const host = await logIn(world.host);
    const edit = `/interviews/${session.id}/edit`;

    const opened = await submit(host, edit, { intent: "state", change: "open" });
    expect(opened.status).toBe(302);
    expect((await fresh(session.id)).state).toBe("live");

    const ended = await submit(host, edit, { intent: "state", change: "end" });
    expect(ended.status).toBe(302);
    expect((await fresh(session.id)).state).toBe("answering");

    // Closing cannot be undone: without the ticked confirmation nothing happens.
    const before = await snapshot(session.id);
    await expectRefusal(
      await submit(host, edit, { intent: "state", change: "close" }),
      host,
      "validation.confirmDeletion",
    );
    expect(await snapshot(session.id)).toEqual(before);

    const closed = await submit(host, edit, { intent: "state", change: "close", confirm: "on" });
    expect(closed.status).toBe(302);
    expect((await fresh(session.id)).state).toBe("closed");

    const log = await db.auditEntry.findMany({
      where: { targetType: "interviewSession", targetId: session.id },
      orderBy: { createdAt: "asc" },
    });
    expect(log.map((entry) => [entry.action, entry.actorId, JSON.parse(entry.detail!).from])).toEqual([
      ["interview.open", world.host.userId, "upcoming"],
      ["interview.end", world.host.userId, "live"],
      ["interview.close", world.host.userId, "answering"],
    ]);

    // A closed session is not opened again as if new: that is refused with a message.
    const again = await snapshot(session.id);
    await expectRefusal(
      await submit(host, edit, { intent: "state", change: "open" }),
      host,
      "interviews.errors.cannot.open",
    );
    expect(await snapshot(session.id)).toEqual(again);

    // Closed by mistake: a host reopens it, and it is what its schedule says (here, answering).
    const reopened = await submit(host, edit, { intent: "state", change: "reopen" });
    expect(reopened.status).toBe(302);
    expect((await fresh(session.id)).state).toBe("answering");
    expect(
      await db.auditEntry.count({
        where: { action: "interview.reopen", targetId: session.id, actorId: world.host.userId },
      }),
    ).toBe(1);
    await expectRefusal(
      await submit(host, edit, { intent: "state", change: "reopen" }),
      host,
      "interviews.errors.cannot.reopen",
    );
  });

  it("leaves unanswered questions open to answers and moderation after the close, and says how many there are", async () => {
    const session = await newSession({ state: "live" });
    const waiting = await ask(await newResident(), session.id);
    const host = await logIn(world.host);
    const edit = `/interviews/${session.id}/edit`;
    const page = await (await open(host, edit)).text();
    expect(page).toContain(asHtml(translate("en", "interviews.host.unanswered", { count: 1 })));
    expect((await submit(host, edit, { intent: "state", change: "close", confirm: "on" })).status).toBe(302);
    expect((await fresh(session.id)).state).toBe("closed");
    // The department still answers it after the close, as Chengdu answers after its sessions.
    const answered = await submit(host, `/interviews/${session.id}/console`, {
      intent: "answer",
      questionId: waiting.id,
      text: "Answered after the close.",
      submissionKey: submissionKey(),
    });
    expect(answered.status).toBe(302);
    expect((await db.question.findUniqueOrThrow({ where: { id: waiting.id } })).firstRepliedAt).not.toBeNull();
  });

  it("cannot be changed by anyone but a host: residents and other departments' officials are refused and nothing changes", async () => {
    const session = await newSession({ state: "live" });
    const before = await snapshot(session.id);
    const resident = await logIn(await newResident());
    const stranger = await logIn(world.otherOfficial);
    for (const browser of [resident, stranger]) {
      for (const fields of [
        { intent: "state", change: "end" },
        { intent: "state", change: "close", confirm: "on" },
      ] as Array<Record<string, string>>) {
        expect((await submit(browser, `/interviews/${session.id}/edit`, fields)).status).toBe(403);
      }
    }
    // The command itself checks too, whatever the route does.
    expect(await changeSessionState(world.otherOfficial.user, session, "close")).toEqual({
      ok: false,
      field: "form",
      error: "interviews.errors.notHost",
    });
    expect(await changeSessionState(world.moderator.user, session, "end")).toMatchObject({
      ok: false,
      error: "interviews.errors.notHost",
    });
    expect(await snapshot(session.id)).toEqual(before);
    expect((await fresh(session.id)).state).toBe("live");
  });

  it("closes once when two hosts press close at the same moment", async () => {
    const secondHost = await newOfficial(world.hostDepartment.id);
    for (let round = 0; round < 5; round++) {
      const session = await newSession({ state: "answering" });
      // Both read the session before either pressed: the same page, two browsers.
      const outcomes = await Promise.all([
        changeSessionState(world.host.user, session, "close"),
        changeSessionState(secondHost.user, session, "close"),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ error: "interviews.errors.cannot.close" });
      expect(await db.auditEntry.count({ where: { action: "interview.close", targetId: session.id } })).toBe(1);
      expect((await fresh(session.id)).state).toBe("closed");
    }
  });
});

describe("bad input and abuse", () => {
  let scene: {
    live: Awaited<ReturnType<typeof newSession>>;
    other: Awaited<ReturnType<typeof newSession>>;
    closed: Awaited<ReturnType<typeof newSession>>;
    answering: Awaited<ReturnType<typeof newSession>>;
    asker: Person;
    voter: Person;
    mine: { id: string };
    notVotedFor: { id: string };
    elsewhere: { id: string };
    elsewhereAsker: Person;
    replayedKey: string;
    archived: { id: string };
  };

  beforeAll(async () => {
    // A live session that does not allow anonymous questions, and another live session.
    const liveSession = await newSession({ state: "live", allowAnonymous: false });
    const other = await newSession({ state: "live" });
    const asker = await newResident({ displayName: `Asker ${unique()}` });
    const voter = await newResident({ displayName: `Voter ${unique()}` });
    const elsewhereAsker = await newResident();

    // The asker's question, sent through the real form: its key is replayed below.
    const replayedKey = submissionKey();
    const sent = await submit(await logIn(asker), `/interviews/${liveSession.id}`, {
      intent: "ask",
      type: "consultation",
      text: "When will the lift be installed?",
      submissionKey: replayedKey,
    });
    expect(sent.status).toBe(302);
    const mine = await db.question.findFirstOrThrow({ where: { sessionId: liveSession.id, askerId: asker.userId } });
    const notVotedFor = await ask(elsewhereAsker, liveSession.id);
    expect(await voteOnQuestion(voter.user, liveSession, mine.id, "add")).toMatchObject({ ok: true });
    const elsewhere = await ask(elsewhereAsker, other.id);
    // A question asked while the session was live, before it was closed into the archive.
    const closed = await newSession({ state: "live" });
    const archived = await ask(elsewhereAsker, closed.id);
    await db.interviewSession.update({ where: { id: closed.id }, data: scheduleFor("closed") });
    scene = {
      archived,
      live: liveSession,
      other,
      closed: (await getSession(closed.id))!,
      answering: await newSession({ state: "answering" }),
      asker,
      voter,
      mine,
      notVotedFor,
      elsewhere,
      elsewhereAsker,
      replayedKey,
    };
  });

  type Case = {
    name: string;
    who: () => Person;
    path: () => string;
    fields: () => Record<string, string>;
    error: string;
    options?: Record<string, unknown>;
  };
  const page = () => `/interviews/${scene.live.id}`;
  const asking =
    (text: string, extra: Record<string, string> = {}) =>
    () => ({ intent: "ask", type: "suggestion", text, submissionKey: submissionKey(), ...extra });
  /** The session's edit form as its host would send it unchanged. */
  const sessionFields = (session: { titleZh: string; topic: string; startsAt: Date; endsAt: Date }) => ({
    titleZh: session.titleZh,
    topic: session.topic,
    departmentIds: world.hostDepartment.id,
    startsAt: dateToWallTime(session.startsAt, "Asia/Shanghai"),
    endsAt: dateToWallTime(session.endsAt, "Asia/Shanghai"),
  });

  const CASES: Case[] = [
    { name: "an empty question", who: () => scene.voter, path: page, fields: asking(""), error: "validation.required" },
    {
      name: "a question of blanks",
      who: () => scene.voter,
      path: page,
      fields: asking(" \n\t "),
      error: "validation.required",
    },
    {
      name: "a question of 501 characters",
      who: () => scene.voter,
      path: page,
      fields: asking("长".repeat(501)),
      error: "validation.tooLong",
      options: { max: 500 },
    },
    {
      name: "a script tag",
      who: () => scene.voter,
      path: page,
      fields: asking("<script>alert(1)</script>"),
      error: "validation.markup",
    },
    {
      name: "an image with onerror",
      who: () => scene.voter,
      path: page,
      fields: asking('Look <img src=x onerror="alert(1)"> here'),
      error: "validation.markup",
    },
    {
      name: "a javascript: link",
      who: () => scene.voter,
      path: page,
      fields: asking("See javascript:alert(document.cookie)"),
      error: "validation.markup",
    },
    {
      name: "control characters",
      who: () => scene.voter,
      path: page,
      fields: asking("Hello\u0000world"),
      error: "validation.controlCharacters",
    },
    {
      name: "a question of zero-width spaces and direction marks only",
      who: () => scene.voter,
      path: page,
      fields: asking("\u200b\u200d\u200e\u2060\ufeff"),
      error: "validation.invisibleOnly",
    },
    {
      name: "a question that reads backwards",
      who: () => scene.voter,
      path: page,
      fields: asking("I support \u202Etnemyolpme\u202C this plan"),
      error: "validation.textReversing",
    },
    {
      name: "a type that does not exist",
      who: () => scene.voter,
      path: page,
      fields: asking("A fair question", { type: "rant" }),
      error: "validation.choose",
    },
    {
      name: "a malformed form key",
      who: () => scene.voter,
      path: page,
      fields: asking("A fair question", { submissionKey: "short" }),
      error: "validation.formExpired",
    },
    {
      name: "asking anonymously where the session forbids it",
      who: () => scene.voter,
      path: page,
      fields: asking("A fair question", { anonymous: "on" }),
      error: "interviews.errors.noAnonymous",
    },
    {
      name: "a replayed form",
      who: () => scene.asker,
      path: page,
      fields: () => ({
        intent: "ask",
        type: "consultation",
        text: "When will the lift be installed?",
        submissionKey: scene.replayedKey,
      }),
      error: "interviews.errors.replayed",
    },
    {
      name: "asking in a closed session",
      who: () => scene.voter,
      path: () => `/interviews/${scene.closed.id}`,
      fields: asking("A fair question"),
      error: "interviews.errors.notAccepting",
    },
    {
      name: "asking after the end, while answering",
      who: () => scene.voter,
      path: () => `/interviews/${scene.answering.id}`,
      fields: asking("A fair question"),
      error: "interviews.errors.notAccepting",
    },
    {
      name: "voting in a closed session",
      who: () => scene.voter,
      path: () => `/interviews/${scene.closed.id}`,
      fields: () => ({ intent: "vote", vote: "add", questionId: scene.archived.id }),
      error: "interviews.errors.sessionClosed",
    },
    {
      name: "voting twice",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "vote", vote: "add", questionId: scene.mine.id }),
      error: "interviews.errors.alreadyVoted",
    },
    {
      name: "voting for one's own question",
      who: () => scene.asker,
      path: page,
      fields: () => ({ intent: "vote", vote: "add", questionId: scene.mine.id }),
      error: "interviews.errors.ownQuestion",
    },
    {
      name: "withdrawing a vote never cast",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "vote", vote: "withdraw", questionId: scene.notVotedFor.id }),
      error: "interviews.errors.notVoted",
    },
    {
      name: "a vote that is neither add nor withdraw",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "vote", vote: "twice", questionId: scene.notVotedFor.id }),
      error: "validation.choose",
    },
    {
      name: "voting on another session's question",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "vote", vote: "add", questionId: scene.elsewhere.id }),
      error: "interviews.errors.noSuchQuestion",
    },
    {
      name: "rating another session's question",
      who: () => scene.elsewhereAsker,
      path: page,
      fields: () => ({ intent: "rate", satisfied: "yes", questionId: scene.elsewhere.id }),
      error: "interviews.errors.noSuchQuestion",
    },
    {
      name: "rating an unanswered question",
      who: () => scene.asker,
      path: page,
      fields: () => ({ intent: "rate", satisfied: "yes", questionId: scene.mine.id }),
      error: "interviews.errors.notAnswered",
    },
    {
      name: "rating someone else's question",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "rate", satisfied: "no", questionId: scene.mine.id }),
      error: "interviews.errors.noSuchQuestion",
    },
    {
      name: "a malformed question id",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "vote", vote: "add", questionId: "' OR 1=1 --" }),
      error: "validation.choose",
    },
    {
      name: "an over-long question id",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "vote", vote: "add", questionId: "a".repeat(41) }),
      error: "validation.choose",
    },
    {
      name: "an unknown intent",
      who: () => scene.voter,
      path: page,
      fields: () => ({ intent: "delete", questionId: scene.mine.id }),
      error: "validation.invalid",
    },
    {
      name: "no intent at all",
      who: () => scene.voter,
      path: page,
      fields: () => ({ type: "suggestion", text: "A fair question", submissionKey: submissionKey() }),
      error: "validation.invalid",
    },
    {
      name: "answering outside one's department",
      who: () => world.otherOfficial,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({
        intent: "answer",
        questionId: scene.mine.id,
        text: "We will look into it.",
        submissionKey: submissionKey(),
      }),
      error: "interviews.errors.notYourDepartment",
    },
    {
      name: "marking another department's question as now answering",
      who: () => world.otherOfficial,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({ intent: "answering", questionId: scene.mine.id }),
      error: "interviews.errors.notYourDepartment",
    },
    {
      name: "classing another department's question",
      who: () => world.otherOfficial,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({ intent: "classify", questionId: scene.mine.id, complexity: "complex" }),
      error: "interviews.errors.notYourDepartment",
    },
    {
      name: "answering another session's question through this session",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({
        intent: "answer",
        questionId: scene.elsewhere.id,
        text: "We will look into it.",
        submissionKey: submissionKey(),
      }),
      error: "interviews.errors.noSuchQuestion",
    },
    {
      name: "marking another session's question as now answering",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({ intent: "answering", questionId: scene.elsewhere.id }),
      error: "interviews.errors.noSuchQuestion",
    },
    {
      name: "an answer of script",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({
        intent: "answer",
        questionId: scene.mine.id,
        text: "<script>alert(1)</script>",
        submissionKey: submissionKey(),
      }),
      error: "validation.markup",
    },
    {
      name: "an empty answer",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({ intent: "answer", questionId: scene.mine.id, text: "", submissionKey: submissionKey() }),
      error: "validation.required",
    },
    {
      name: "an unknown console intent",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/console`,
      fields: () => ({ intent: "delete", questionId: scene.mine.id }),
      error: "validation.invalid",
    },
    ...(["approve", "reject", "edit", "reassign"] as const).map((intent): Case => ({
      name: `${intent} on another session's question`,
      who: () => world.moderator,
      path: () => `/interviews/${scene.live.id}/moderate`,
      fields: () => ({
        intent,
        questionId: scene.elsewhere.id,
        reason: "Duplicate",
        text: "Edited text",
        departmentId: world.otherDepartment.id,
      }),
      error: "interviews.errors.noSuchQuestion",
    })),
    {
      name: "merging into another session's question",
      who: () => world.moderator,
      path: () => `/interviews/${scene.live.id}/moderate`,
      fields: () => ({ intent: "merge", questionId: scene.mine.id, intoId: scene.elsewhere.id }),
      error: "interviews.errors.mergeTarget",
    },
    {
      name: "merging a question into itself",
      who: () => world.moderator,
      path: () => `/interviews/${scene.live.id}/moderate`,
      fields: () => ({ intent: "merge", questionId: scene.mine.id, intoId: scene.mine.id }),
      error: "interviews.errors.mergeTarget",
    },
    {
      name: "rejecting without a reason",
      who: () => world.moderator,
      path: () => `/interviews/${scene.live.id}/moderate`,
      fields: () => ({ intent: "reject", questionId: scene.mine.id, reason: "" }),
      error: "validation.required",
    },
    {
      name: "editing a question into script",
      who: () => world.moderator,
      path: () => `/interviews/${scene.live.id}/moderate`,
      fields: () => ({ intent: "edit", questionId: scene.mine.id, text: "<img src=x onerror=alert(1)>" }),
      error: "validation.markup",
    },
    {
      name: "a malformed id on the moderation page",
      who: () => world.moderator,
      path: () => `/interviews/${scene.live.id}/moderate`,
      fields: () => ({ intent: "approve", questionId: "../../admin" }),
      error: "validation.choose",
    },
    {
      name: "a session title with a line break (it would add lines to the calendar file)",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/edit`,
      fields: () => ({ ...sessionFields(scene.live), titleZh: "住房访谈\r\nATTENDEE:mailto:victim@example.com" }),
      error: "validation.singleLine",
    },
    {
      name: "a session end on a day that does not exist",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/edit`,
      fields: () => ({ ...sessionFields(scene.live), endsAt: "2026-02-30T10:00" }),
      error: "validation.impossibleDate",
    },
    {
      name: "a guest whose name is invisible",
      who: () => world.host,
      path: () => `/interviews/${scene.live.id}/edit`,
      fields: () => ({ ...sessionFields(scene.live), guests: "Zhang Wei, Director\n\u200b, \u200b" }),
      error: "validation.guestLine",
    },
    {
      name: "an unknown moderation intent",
      who: () => world.moderator,
      path: () => `/interviews/${scene.live.id}/moderate`,
      fields: () => ({ intent: "purge", questionId: scene.mine.id }),
      error: "validation.invalid",
    },
  ];

  for (const language of ["en", "zh-CN"] as const) {
    describe(`in ${language}`, () => {
      for (const refused of CASES) {
        it(`refuses ${refused.name} with a message and changes nothing`, async () => {
          const sessions = [scene.live.id, scene.other.id, scene.closed.id, scene.answering.id];
          const before = await snapshot(...sessions);
          const browser = await logIn(refused.who(), language);
          await expectRefusal(
            await submit(browser, refused.path(), refused.fields()),
            browser,
            refused.error,
            refused.options,
          );
          expect(await snapshot(...sessions)).toEqual(before);
        });
      }
    });
  }

  it("keeps one question for a form sent twice, also when both arrive at once", async () => {
    const resident = await newResident();
    const browser = await logIn(resident);
    const fields = {
      intent: "ask",
      type: "complaint",
      text: "The street light is broken.",
      submissionKey: submissionKey(),
    };
    const statuses = (await Promise.all([submit(browser, page(), fields), submit(browser, page(), fields)]))
      .map((response) => response.status)
      .sort();
    expect(statuses).toEqual([302, 400]);
    expect(await db.question.count({ where: { askerId: resident.userId } })).toBe(1);
  });

  it("keeps one vote when the same resident votes from two tabs at once", async () => {
    const session = await newSession({ state: "live" });
    const question = await ask(await newResident(), session.id);
    const voter = await newResident();
    const browser = await logIn(voter);
    const fields = { intent: "vote", vote: "add", questionId: question.id };
    const statuses = (
      await Promise.all([
        submit(browser, `/interviews/${session.id}`, fields),
        submit(browser, `/interviews/${session.id}`, fields),
      ])
    )
      .map((response) => response.status)
      .sort();
    // Without JavaScript a counted vote is answered with a redirect to its question.
    expect(statuses).toEqual([302, 400]);
    expect(await db.questionVote.count({ where: { questionId: question.id } })).toBe(1);
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({ voteCount: 1 });
  });

  it("answers a malformed or unknown session address with 404, and changes nothing", async () => {
    const before = await snapshot(scene.live.id);
    const browser = await logIn(scene.voter);
    for (const id of ["%27%3B--", "x".repeat(41), "no-such-session"]) {
      expect((await open(browser, `/interviews/${id}`)).status).toBe(404);
      expect((await submit(browser, `/interviews/${id}`, asking("A fair question")())).status).toBe(404);
    }
    expect(await snapshot(scene.live.id)).toEqual(before);
  });

  it("keeps moderation and the console from residents: 403, and nothing changes", async () => {
    const before = await snapshot(scene.live.id);
    const resident = await logIn(scene.voter);
    expect(
      (
        await submit(resident, `/interviews/${scene.live.id}/moderate`, {
          intent: "reject",
          questionId: scene.mine.id,
          reason: "Mine now",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await submit(resident, `/interviews/${scene.live.id}/console`, {
          intent: "answer",
          questionId: scene.mine.id,
          text: "Answer",
          submissionKey: submissionKey(),
        })
      ).status,
    ).toBe(403);
    expect(await snapshot(scene.live.id)).toEqual(before);
  });
});

describe("questions from the counter desk", () => {
  it("are entered by counter staff with their channel and count like any other; others are refused", async () => {
    const session = await newSession({ state: "live" });
    const clerk = await newResident({ displayName: `Counter ${unique()}` });
    await db.role.create({ data: { userId: clerk.userId, name: "counterStaff" } });
    const desk = await logIn(clerk);
    const fields = {
      sessionId: session.id,
      channel: "phone",
      type: "complaint",
      text: "Caller says the bus stop sign is missing.",
      submissionKey: submissionKey(),
    };
    expect((await submit(desk, "/counter/questions", fields)).status).toBe(302);
    const entered = await db.question.findFirstOrThrow({ where: { sessionId: session.id } });
    expect(entered).toMatchObject({
      channel: "phone",
      askerId: null,
      enteredById: clerk.userId,
      status: "published",
      departmentId: world.hostDepartment.id,
    });
    expect(await db.auditEntry.findMany({ where: { action: "question.enter", targetId: entered.id } })).toMatchObject([
      { actorId: clerk.userId },
    ]);
    expect(computeStatistics(await listQuestionRecords({ sessionId: session.id }), new Date()).byChannel.phone).toBe(1);
    // The public sees the channel, not the clerk.
    const shown = await (await open(anonymousVisitor(), `/interviews/${session.id}`)).text();
    expect(shown).toContain(
      asHtml(
        translate("en", "interviews.questions.offlineAsker", { channel: translate("en", "interviews.channels.phone") }),
      ),
    );
    expect(shown).not.toContain(clerk.displayName);

    const closed = await newSession({ state: "closed" });
    const before = await snapshot(session.id, closed.id);
    await expectRefusal(await submit(desk, "/counter/questions", fields), desk, "interviews.errors.replayed");
    await expectRefusal(
      await submit(desk, "/counter/questions", { ...fields, channel: "online", submissionKey: submissionKey() }),
      desk,
      "validation.choose",
    );
    await expectRefusal(
      await submit(desk, "/counter/questions", {
        ...fields,
        text: "<script>alert(1)</script>",
        submissionKey: submissionKey(),
      }),
      desk,
      "validation.markup",
    );
    const zhDesk = { ...desk, language: "zh-CN" as const };
    await expectRefusal(
      await submit(zhDesk, "/counter/questions", { ...fields, sessionId: closed.id, submissionKey: submissionKey() }),
      zhDesk,
      "interviews.errors.sessionClosed",
    );
    expect(
      (
        await submit(await logIn(await newResident()), "/counter/questions", {
          ...fields,
          submissionKey: submissionKey(),
        })
      ).status,
    ).toBe(403);
    expect(await snapshot(session.id, closed.id)).toEqual(before);
  });
});

describe("rate limits", () => {
  it("let one account ask ten questions in ten minutes; the eleventh gets 429 with a translated message and no row", async () => {
    const session = await newSession({ state: "live" });
    const resident = await newResident();
    const english = await logIn(resident, "en");
    for (let i = 0; i < 10; i++) {
      const response = await submit(english, `/interviews/${session.id}`, {
        intent: "ask",
        type: "suggestion",
        text: `Idea number ${i}`,
        submissionKey: submissionKey(),
      });
      expect(response.status, `question ${i + 1}`).toBe(302);
    }
    for (const language of ["en", "zh-CN"] as const) {
      const before = await snapshot(session.id);
      const browser = { ...english, language };
      const response = await submit(browser, `/interviews/${session.id}`, {
        intent: "ask",
        type: "suggestion",
        text: "One more idea",
        submissionKey: submissionKey(),
      });
      const retryAfter = Number(response.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(0);
      await expectRefusal(response, browser, "auth.rateLimited", { count: Math.ceil(retryAfter / 60) }, 429);
      expect(await snapshot(session.id)).toEqual(before);
    }
    expect(await db.question.count({ where: { askerId: resident.userId } })).toBe(10);

    // The limit is the account's own: another resident still asks.
    const other = await logIn(await newResident());
    expect(
      (
        await submit(other, `/interviews/${session.id}`, {
          intent: "ask",
          type: "suggestion",
          text: "My idea",
          submissionKey: submissionKey(),
        })
      ).status,
    ).toBe(302);
  });

  it("stop one account churning votes: after 120 changes in ten minutes the next is refused with 429", async () => {
    const session = await newSession({ state: "live" });
    const question = await ask(await newResident(), session.id);
    const voter = await newResident();
    const browser = await logIn(voter, "zh-CN");
    for (let i = 0; i < 120; i++) {
      const response = await submit(browser, `/interviews/${session.id}`, {
        intent: "vote",
        vote: i % 2 === 0 ? "add" : "withdraw",
        questionId: question.id,
      });
      expect(response.status, `change ${i + 1}`).toBe(302);
    }
    const before = await snapshot(session.id);
    const response = await submit(browser, `/interviews/${session.id}`, {
      intent: "vote",
      vote: "add",
      questionId: question.id,
    });
    const retryAfter = Number(response.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    await expectRefusal(response, browser, "auth.rateLimited", { count: Math.ceil(retryAfter / 60) }, 429);
    expect(await snapshot(session.id)).toEqual(before);
    expect(await db.questionVote.count({ where: { questionId: question.id } })).toBe(0);
  });
});

describe("a form sent with JavaScript, in Chromium", () => {
  let browser: Chromium;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  /** A hydrated page of the person's, its forms sent by Remix without reloading. */
  async function pageOf(person: Person, path: string) {
    const context = await browser.newContext({ locale: "en" });
    const [name, value] = (await logIn(person)).cookie!.split("=") as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    await page.waitForFunction(
      () => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized,
    );
    return page;
  }
  const settled = (page: Awaited<ReturnType<typeof pageOf>>) =>
    page.waitForFunction(
      () =>
        (window as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter?.state.navigation
          .state === "idle",
    );

  it("is emptied after a question or an answer was sent, so pressing again sends no second one", async () => {
    const session = await newSession({ state: "live" });
    const text = `Will the lift subsidy cover the ground floor? ${unique()}`;
    const page = await pageOf(await newResident(), `/interviews/${session.id}`);
    await page.locator('input[name="type"][value="consultation"]').check();
    await page.locator('textarea[name="text"]').fill(text);
    const ask = page.locator('button[name="intent"][value="ask"]');
    await ask.click();
    await page.getByText(translate("en", "interviews.ask.receivedPublished")).first().waitFor();
    await settled(page);
    await expect.poll(() => page.locator('textarea[name="text"]').inputValue()).toBe("");
    await ask.click();
    await settled(page);
    await page.locator(".field-error").first().waitFor();
    expect(await db.question.count({ where: { sessionId: session.id, text } })).toBe(1);

    const question = await db.question.findFirstOrThrow({ where: { sessionId: session.id, text } });
    const answer = `It does, from next month ${unique()}`;
    const official = await pageOf(world.host, `/interviews/${session.id}/console?question=${question.id}`);
    await official.locator(`#answer-${question.id}`).fill(answer);
    const send = official.locator(`form:has(#answer-${question.id}) button[name="intent"][value="answer"]`);
    await send.click();
    await official.getByText(translate("en", "interviews.console.answered")).first().waitFor();
    await settled(official);
    await expect.poll(() => official.locator(`#answer-${question.id}`).inputValue()).toBe("");
    await send.click();
    await settled(official);
    await official.locator(".field-error").first().waitFor();
    expect(await db.answer.count({ where: { questionId: question.id } })).toBe(1);
  });
});

describe("votes of a deleted account", () => {
  it("stop counting in open sessions, so deleting and registering again gives no second vote; a closed session keeps its record", async () => {
    const open = await newSession({ state: "live" });
    const closedSession = await newSession({ state: "live" });
    const question = await ask(await newResident(), open.id);
    const archived = await ask(await newResident(), closedSession.id);
    const voter = await newResident();
    expect(await voteOnQuestion(voter.user, await fresh(open.id), question.id, "add")).toMatchObject({ ok: true });
    expect(await voteOnQuestion(voter.user, await fresh(closedSession.id), archived.id, "add")).toMatchObject({
      ok: true,
    });
    await db.interviewSession.update({ where: { id: closedSession.id }, data: { closedAt: new Date() } });

    expect(await deleteAccount(voter.user, voter.password, "10.9.9.9")).toEqual({ ok: true, value: undefined });
    // Registering again with the same person behind it: one vote on the question, not two.
    const again = await newResident();
    expect(await voteOnQuestion(again.user, await fresh(open.id), question.id, "add")).toMatchObject({
      ok: true,
      value: { voteCount: 1 },
    });
    expect(await db.questionVote.count({ where: { questionId: question.id } })).toBe(1);
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).voteCount).toBe(1);
    // The closed session's record is left as it was published.
    expect((await db.question.findUniqueOrThrow({ where: { id: archived.id } })).voteCount).toBe(1);
    expect(await db.questionVote.count({ where: { questionId: archived.id } })).toBe(1);
  });
});

describe("moderation", () => {
  it("publishes an approved question, audited; a second approval finds it dealt with", async () => {
    const session = await newSession({ state: "live", premoderated: true });
    const question = await ask(await newResident(), session.id, "Is the library open on Sundays?");
    expect(question.status).toBe("pending");
    const visitor = anonymousVisitor();
    expect(await (await open(visitor, `/interviews/${session.id}`)).text()).not.toContain(
      "Is the library open on Sundays?",
    );

    const moderator = await logIn(world.moderator);
    expect(
      (await submit(moderator, `/interviews/${session.id}/moderate`, { intent: "approve", questionId: question.id }))
        .status,
    ).toBe(302);
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({
      status: "published",
      publishedAt: expect.any(Date),
    });
    expect(await (await open(visitor, `/interviews/${session.id}`)).text()).toContain(
      "Is the library open on Sundays?",
    );
    expect(
      await db.auditEntry.findMany({ where: { action: "question.approve", targetId: question.id } }),
    ).toMatchObject([{ actorId: world.moderator.userId }]);

    const before = await snapshot(session.id);
    await expectRefusal(
      await submit(moderator, `/interviews/${session.id}/moderate`, { intent: "approve", questionId: question.id }),
      moderator,
      "interviews.errors.alreadyModerated",
    );
    expect(await snapshot(session.id)).toEqual(before);
  });

  it("rejects with a reason that the asker, and only the asker, sees on the session page", async () => {
    const session = await newSession({ state: "live", premoderated: true });
    const asker = await newResident();
    const question = await ask(asker, session.id, "My neighbour at 13800138000 is noisy.");
    const reason = "Please leave out other people's phone numbers.";
    const moderator = await logIn(world.moderator);
    expect(
      (
        await submit(moderator, `/interviews/${session.id}/moderate`, {
          intent: "reject",
          questionId: question.id,
          reason,
        })
      ).status,
    ).toBe(302);
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({
      status: "rejected",
      rejectionReason: reason,
    });
    expect(await db.auditEntry.findMany({ where: { action: "question.reject", targetId: question.id } })).toMatchObject(
      [{ actorId: world.moderator.userId }],
    );

    const asSeenByAsker = await (await open(await logIn(asker), `/interviews/${session.id}`)).text();
    expect(asSeenByAsker).toContain(asHtml(translate("en", "interviews.questions.rejected", { reason })));
    const asSeenByOthers = await (await open(await logIn(await newResident()), `/interviews/${session.id}`)).text();
    expect(asSeenByOthers).not.toContain(asHtml(reason));
    expect(asSeenByOthers).not.toContain("13800138000");
  });

  it("edits personal data out of a question: gone from the page, the live replay and the audit log, which keeps the edit and its reason", async () => {
    const session = await newSession({ state: "live" });
    const serverLive = (await builtServices()).live;
    const after = await serverLive.lastEventId();
    const asker = await newResident();
    const original = "Call me on 13912345678 about the leaking pipe.";
    const question = await askOnServer(asker, session.id, original);
    const edited = "Call me about the leaking pipe.";
    const moderator = await logIn(world.moderator);
    expect(
      (
        await submit(moderator, `/interviews/${session.id}/moderate`, {
          intent: "edit",
          questionId: question.id,
          text: edited,
          editReason: "personalData",
        })
      ).status,
    ).toBe(302);
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).text).toBe(edited);
    expect(await (await open(anonymousVisitor(), `/interviews/${session.id}`)).text()).not.toContain("13912345678");

    // A visitor without an account replays the session's stream from before the question.
    const replay = (await serverLive.eventsAfter(sessionTopic(session.id), after))!;
    expect(replay.filter((event) => event.type === "question").length).toBeGreaterThan(0);
    expect(JSON.stringify(replay.map((event) => event.data))).not.toContain("13912345678");
    const stream = await fetch(`${base}/live?topic=${sessionTopic(session.id)}&after=${after}`, {
      headers: { Accept: "text/event-stream" },
    });
    const reader = stream.body!.getReader();
    let received = "";
    while (!received.includes(edited)) received += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(received).not.toContain("13912345678");

    // The audit log records the edit, by whom and why, and nowhere the removed number: neither
    // in the edit's entry nor in earlier ones that named the question by its first words.
    const [entry] = await db.auditEntry.findMany({ where: { action: "question.edit", targetId: question.id } });
    expect(entry.actorId).toBe(world.moderator.userId);
    expect(JSON.parse(entry.detail!)).toMatchObject({ editReason: "personalData", excerpt: edited });
    const everything = JSON.stringify(await db.auditEntry.findMany());
    expect(everything).not.toContain("13912345678");
    const adminPage = await (await open(await logIn(world.admin), "/admin/audit")).text();
    expect(adminPage).not.toContain("13912345678");
    expect(adminPage).toContain(asHtml(translate("en", "interviews.moderation.editReasons.personalData")));
    // Saving the same text again is no change, and says so.
    const before = await snapshot(session.id);
    await expectRefusal(
      await submit(moderator, `/interviews/${session.id}/moderate`, {
        intent: "edit",
        questionId: question.id,
        text: edited,
      }),
      moderator,
      "interviews.errors.unchanged",
    );
    expect(await snapshot(session.id)).toEqual(before);
  });

  it("never replays a rejected or merged question's text to a page resuming from before", async () => {
    const session = await newSession({ state: "live" });
    const serverLive = (await builtServices()).live;
    const after = await serverLive.lastEventId();
    const rejected = await askOnServer(await newResident(), session.id, `Write to me at 5 Elm Street ${unique()}`);
    const duplicate = await askOnServer(await newResident(), session.id, `Duplicate ${unique()}`);
    const kept = await askOnServer(await newResident(), session.id, `Kept ${unique()}`);
    const moderator = await logIn(world.moderator);
    const moderate = (fields: Record<string, string>) =>
      submit(moderator, `/interviews/${session.id}/moderate`, fields);
    expect((await moderate({ intent: "reject", questionId: rejected.id, reason: "Personal address" })).status).toBe(
      302,
    );
    expect((await moderate({ intent: "merge", questionId: duplicate.id, intoId: kept.id })).status).toBe(302);

    const replay = (await serverLive.eventsAfter(sessionTopic(session.id), after))!;
    const text = JSON.stringify(replay.map((event) => event.data));
    expect(text).not.toContain(rejected.text);
    expect(text).not.toContain(duplicate.text);
    expect(text).toContain(kept.text);
    // What the replay still says about them: that they left the page.
    expect(
      replay
        .filter((event) => event.type === "removed")
        .map((event) => (event.data as { questionId: string }).questionId),
    ).toEqual([rejected.id, duplicate.id]);
  });

  it("merges a duplicate: votes move to the kept question, one per resident, never the kept asker's own, and the duplicate points there", async () => {
    const session = await newSession({ state: "live" });
    const [keptAsker, duplicateAsker, votedBoth, votedDuplicate] = await Promise.all([
      newResident(),
      newResident(),
      newResident(),
      newResident(),
    ]);
    const kept = await ask(keptAsker, session.id, "When does the metro extension open?");
    const duplicate = await ask(duplicateAsker, session.id, "Metro extension opening date?");
    const current = await fresh(session.id);
    const vote = async (person: Person, questionId: string) =>
      expect(await voteOnQuestion(person.user, current, questionId, "add")).toMatchObject({ ok: true });
    await vote(votedBoth, kept.id);
    await vote(duplicateAsker, kept.id);
    await vote(votedBoth, duplicate.id);
    await vote(votedDuplicate, duplicate.id);
    await vote(keptAsker, duplicate.id); // the kept question's asker liked the duplicate

    const moderator = await logIn(world.moderator);
    expect(
      (
        await submit(moderator, `/interviews/${session.id}/moderate`, {
          intent: "merge",
          questionId: duplicate.id,
          intoId: kept.id,
        })
      ).status,
    ).toBe(302);

    const voters = async (questionId: string) =>
      (await db.questionVote.findMany({ where: { questionId } })).map((row) => row.userId).sort();
    expect(await voters(kept.id)).toEqual([votedBoth.userId, duplicateAsker.userId, votedDuplicate.userId].sort());
    expect(await voters(duplicate.id)).toEqual([]);
    expect(await db.question.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ voteCount: 3 });
    expect(await db.question.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({
      status: "merged",
      mergedIntoId: kept.id,
      voteCount: 0,
    });
    const [entry] = await db.auditEntry.findMany({ where: { action: "question.merge", targetId: duplicate.id } });
    expect(JSON.parse(entry.detail!)).toMatchObject({ intoId: kept.id, votesMoved: 1 });

    // The public list shows the kept question only; the duplicate's asker is told where it went.
    const publicPage = await (await open(anonymousVisitor(), `/interviews/${session.id}`)).text();
    expect(publicPage).toContain("When does the metro extension open?");
    expect(publicPage).not.toContain("Metro extension opening date?");
    const askerPage = await (await open(await logIn(duplicateAsker), `/interviews/${session.id}`)).text();
    expect(askerPage).toContain(asHtml(translate("en", "interviews.questions.mergedInto")));

    // Merging it again is refused: it has been dealt with.
    const before = await snapshot(session.id);
    await expectRefusal(
      await submit(moderator, `/interviews/${session.id}/moderate`, {
        intent: "merge",
        questionId: duplicate.id,
        intoId: kept.id,
      }),
      moderator,
      "interviews.errors.alreadyModerated",
    );
    expect(await snapshot(session.id)).toEqual(before);
  });

  it("reassigns a question to the department that answers it; the old department can no longer answer", async () => {
    const session = await newSession({ state: "live" });
    const question = await ask(await newResident(), session.id, "Who fixes the water main?");
    expect(question.departmentId).toBe(world.hostDepartment.id);
    const moderator = await logIn(world.moderator);
    expect(
      (
        await submit(moderator, `/interviews/${session.id}/moderate`, {
          intent: "reassign",
          questionId: question.id,
          departmentId: world.otherDepartment.id,
        })
      ).status,
    ).toBe(302);
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).departmentId).toBe(
      world.otherDepartment.id,
    );
    expect(
      JSON.parse(
        (await db.auditEntry.findFirstOrThrow({ where: { action: "question.reassign", targetId: question.id } }))
          .detail!,
      ),
    ).toMatchObject({
      departmentId: world.otherDepartment.id,
      fromDepartmentId: world.hostDepartment.id,
    });
    // The routing is public on the question: residents see who handed it on.
    const routed = await db.questionRouting.findFirstOrThrow({ where: { questionId: question.id } });
    const nameOf = async (id: string) => (await db.department.findUniqueOrThrow({ where: { id } })).nameEn;
    const publicPage = await (await open(anonymousVisitor("en"), `/interviews/${session.id}`)).text();
    expect(publicPage).toContain(
      asHtml(
        translate("en", "interviews.questions.routed", {
          from: await nameOf(world.hostDepartment.id),
          to: await nameOf(world.otherDepartment.id),
          time: "",
        }).replace(/, $/, ""),
      ),
    );
    expect(routed).toMatchObject({
      fromDepartmentId: world.hostDepartment.id,
      toDepartmentId: world.otherDepartment.id,
    });

    const current = await fresh(session.id);
    expect(
      await answerQuestion(world.host.user, current, {
        questionId: question.id,
        text: "Not ours now.",
        resolves: false,
        submissionKey: submissionKey(),
      }),
    ).toMatchObject({
      ok: false,
      error: "interviews.errors.notYourDepartment",
    });
    expect(
      await answerQuestion(world.otherOfficial.user, current, {
        questionId: question.id,
        text: "The water bureau fixes it.",
        resolves: false,
        submissionKey: submissionKey(),
      }),
    ).toMatchObject({ ok: true });

    // A hosting department's official cannot take it back to answer it in the responsible
    // department's place; the responsible department can send it back.
    expect(await reassignQuestion(world.host.user, current, question.id, world.hostDepartment.id)).toMatchObject({
      ok: false,
      error: "interviews.errors.notYourDepartment",
    });
    expect(await reassignQuestion(world.otherOfficial.user, current, question.id, world.hostDepartment.id)).toEqual({
      ok: true,
      value: undefined,
    });

    // A resident cannot route questions, and an unknown department is refused.
    const resident = await newResident();
    expect(await reassignQuestion(resident.user, current, question.id, world.hostDepartment.id)).toMatchObject({
      ok: false,
      error: "interviews.errors.notYourDepartment",
    });
    const before = await snapshot(session.id);
    await expectRefusal(
      await submit(moderator, `/interviews/${session.id}/moderate`, {
        intent: "reassign",
        questionId: question.id,
        departmentId: "no-such-department",
      }),
      moderator,
      "validation.choose",
    );
    expect(await snapshot(session.id)).toEqual(before);
  });

  it("counts one decision when two moderators act on the same question at the same moment", async () => {
    const secondModerator = await newModerator();
    for (let round = 0; round < 5; round++) {
      const session = await newSession({ state: "live", premoderated: true });
      const question = await ask(await newResident(), session.id);
      const outcomes = await Promise.all([
        rejectQuestion(world.moderator.user, session, question.id, "Off topic."),
        rejectQuestion(secondModerator.user, session, question.id, "Not for this session."),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ error: "interviews.errors.alreadyModerated" });
      expect(await db.auditEntry.count({ where: { action: "question.reject", targetId: question.id } })).toBe(1);
    }
  });

  it("tells a merged question's asker where it went, and again when the kept question is answered", async () => {
    const session = await newSession({ state: "live" });
    const duplicateAsker = await newResident();
    const kept = await ask(await newResident(), session.id, "Will the night bus run on Sundays?");
    const duplicate = await ask(duplicateAsker, session.id, "Night bus on Sundays?");
    expect(await mergeQuestions(world.moderator.user, await fresh(session.id), duplicate.id, kept.id)).toEqual({
      ok: true,
      value: undefined,
    });
    const told = (kind: string) =>
      db.notification.findMany({ where: { userId: duplicateAsker.userId, kind }, select: { link: true } });
    const link = `/interviews/${session.id}#q-${kept.id}`;
    expect(await told("interviews.questionMerged")).toEqual([{ link }]);
    expect(await told("interviews.mergedAnswered")).toEqual([]);
    const answer = (text: string) =>
      answerQuestion(world.host.user, session, {
        questionId: kept.id,
        text,
        resolves: false,
        submissionKey: submissionKey(),
      });
    expect(await answer("From March.")).toMatchObject({ ok: true });
    expect(await told("interviews.mergedAnswered")).toEqual([{ link }]);
    // A second answer to the same question is not news of the first reply again.
    expect(await answer("And on holidays.")).toMatchObject({ ok: true });
    expect(await told("interviews.mergedAnswered")).toHaveLength(1);
  });

  it("merges a duplicate once when two moderators merge it at the same moment", async () => {
    const secondModerator = await newModerator();
    for (let round = 0; round < 5; round++) {
      const session = await newSession({ state: "live" });
      const [keptAsker, duplicateAsker, voter] = await Promise.all([newResident(), newResident(), newResident()]);
      const kept = await ask(keptAsker, session.id);
      const duplicate = await ask(duplicateAsker, session.id);
      expect(await voteOnQuestion(voter.user, session, duplicate.id, "add")).toMatchObject({ ok: true });
      const outcomes = await Promise.all([
        mergeQuestions(world.moderator.user, session, duplicate.id, kept.id),
        mergeQuestions(secondModerator.user, session, duplicate.id, kept.id),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ error: "interviews.errors.alreadyModerated" });
      expect(await db.auditEntry.count({ where: { action: "question.merge", targetId: duplicate.id } })).toBe(1);
      expect(await db.question.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ voteCount: 1 });
    }
  });

  it("is refused to residents through the commands too", async () => {
    const session = await newSession({ state: "live", premoderated: true });
    const question = await ask(await newResident(), session.id);
    const resident = await newResident();
    const before = await snapshot(session.id);
    const notModerator = { ok: false, field: "form", error: "interviews.errors.notModerator" };
    expect(await approveQuestion(resident.user, session, question.id)).toEqual(notModerator);
    expect(await rejectQuestion(resident.user, session, question.id, "no")).toEqual(notModerator);
    expect(await editQuestion(resident.user, session, question.id, "edited", "personalData")).toEqual(notModerator);
    expect(await mergeQuestions(resident.user, session, question.id, question.id)).toEqual(notModerator);
    expect(await snapshot(session.id)).toEqual(before);
  });
});

describe("answers", () => {
  it("given during the session are live; the first sets the first reply, one that resolves sets the resolution", async () => {
    const session = await newSession({ state: "live" });
    const question = await ask(await newResident(), session.id, "Will the park get new benches?");
    const official = await logIn(world.host);
    const consolePath = `/interviews/${session.id}/console`;

    expect((await submit(official, consolePath, { intent: "answering", questionId: question.id })).status).toBe(302);
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).answeringAt).not.toBeNull();

    expect(
      (
        await submit(official, consolePath, {
          intent: "answer",
          questionId: question.id,
          text: "Yes, twenty of them.",
          submissionKey: submissionKey(),
        })
      ).status,
    ).toBe(302);
    const replied = await db.question.findUniqueOrThrow({ where: { id: question.id }, include: { answers: true } });
    expect(replied.answers).toMatchObject([
      { mode: "live", text: "Yes, twenty of them.", authorId: world.host.userId, resolves: false },
    ]);
    expect(replied.firstRepliedAt?.getTime()).toBe(replied.answers[0].createdAt.getTime());
    expect(replied.resolvedAt).toBeNull();
    expect(replied.answeringAt).toBeNull();

    // A replayed answer form adds nothing.
    const key = submissionKey();
    expect(
      (
        await submit(official, consolePath, {
          intent: "answer",
          questionId: question.id,
          text: "They are ordered.",
          resolves: "on",
          submissionKey: key,
        })
      ).status,
    ).toBe(302);
    const before = await snapshot(session.id);
    await expectRefusal(
      await submit(official, consolePath, {
        intent: "answer",
        questionId: question.id,
        text: "They are ordered.",
        resolves: "on",
        submissionKey: key,
      }),
      official,
      "interviews.errors.replayed",
    );
    expect(await snapshot(session.id)).toEqual(before);

    const resolved = await db.question.findUniqueOrThrow({
      where: { id: question.id },
      include: { answers: { orderBy: { createdAt: "asc" } } },
    });
    expect(resolved.answers.map((answer) => [answer.mode, answer.resolves])).toEqual([
      ["live", false],
      ["live", true],
    ]);
    // The first reply stays the first answer's time; the resolution is the second's.
    expect(resolved.firstRepliedAt?.getTime()).toBe(replied.firstRepliedAt?.getTime());
    expect(resolved.resolvedAt?.getTime()).toBe(resolved.answers[1].createdAt.getTime());

    const shown = await (await open(anonymousVisitor(), `/interviews/${session.id}`)).text();
    expect(shown).toContain("Yes, twenty of them.");
    expect(shown).toContain(asHtml(translate("en", "interviews.questions.answerLive")));
  });

  it("given after the end are later, also once the session is closed", async () => {
    const session = await newSession({ state: "live" });
    const question = await ask(await newResident(), session.id, "What about the bus stop?");
    // The session's end passes.
    await db.interviewSession.update({ where: { id: session.id }, data: scheduleFor("answering") });

    const official = await logIn(world.host, "zh-CN");
    const consolePath = `/interviews/${session.id}/console`;
    // "Now answering" belongs to the live session only.
    const unchanged = await snapshot(session.id);
    await expectRefusal(
      await submit(official, consolePath, { intent: "answering", questionId: question.id }),
      official,
      "interviews.errors.notLive",
    );
    expect(await snapshot(session.id)).toEqual(unchanged);

    expect(
      (
        await submit(official, consolePath, {
          intent: "answer",
          questionId: question.id,
          text: "It moves next month.",
          resolves: "on",
          submissionKey: submissionKey(),
        })
      ).status,
    ).toBe(302);
    const answered = await db.question.findUniqueOrThrow({ where: { id: question.id }, include: { answers: true } });
    expect(answered.answers).toMatchObject([{ mode: "later", resolves: true }]);
    expect(answered.firstRepliedAt).not.toBeNull();
    expect(answered.resolvedAt?.getTime()).toBe(answered.firstRepliedAt?.getTime());
    expect(await (await open(anonymousVisitor("zh-CN"), `/interviews/${session.id}`)).text()).toContain(
      asHtml(translate("zh-CN", "interviews.questions.answerLater")),
    );

    // Closing does not freeze the record: the department can still add to its answer.
    await db.interviewSession.update({ where: { id: session.id }, data: { closedAt: new Date() } });
    const more = await submit(official, consolePath, {
      intent: "answer",
      questionId: question.id,
      text: "One more thing.",
      submissionKey: submissionKey(),
    });
    expect(more.status).toBe(302);
    expect(await db.answer.count({ where: { questionId: question.id } })).toBe(2);
  });

  it("tell the responsible department's officials when the asker is not satisfied, with the comment", async () => {
    const session = await newSession({ state: "live" });
    const asker = await newResident();
    const question = await ask(asker, session.id, "Why is the fountain still broken?");
    expect(
      await answerQuestion(world.host.user, session, {
        questionId: question.id,
        text: "It is on the list.",
        resolves: true,
        submissionKey: submissionKey(),
      }),
    ).toMatchObject({ ok: true });
    const browser = await logIn(asker);
    const rated = await submit(browser, `/interviews/${session.id}`, {
      intent: "rate",
      questionId: question.id,
      satisfied: "no",
      comment: "That is what you said last year.",
    });
    expect(rated.status).toBe(302);
    const told = await db.notification.findMany({
      where: { kind: "interviews.answerUnsatisfied", link: { contains: question.id } },
    });
    // Every official of the department that answered, and nobody else (the host is one of them).
    const officials = await db.membership.findMany({ where: { departmentId: question.departmentId! } });
    expect(told.map((row) => row.userId).sort()).toEqual(officials.map((row) => row.userId).sort());
    expect(told.map((row) => row.userId)).toContain(world.host.userId);
    expect(JSON.parse(told[0].params)).toMatchObject({ comment: "That is what you said last year." });
  });

  it("are rated once, by the asker only", async () => {
    const session = await newSession({ state: "live" });
    const asker = await newResident();
    const question = await ask(asker, session.id, "Can the playground stay open later?");
    expect(
      await answerQuestion(world.host.user, session, {
        questionId: question.id,
        text: "Until 9 pm from May.",
        resolves: true,
        submissionKey: submissionKey(),
      }),
    ).toMatchObject({ ok: true });

    const other = await logIn(await newResident());
    let before = await snapshot(session.id);
    await expectRefusal(
      await submit(other, `/interviews/${session.id}`, { intent: "rate", questionId: question.id, satisfied: "no" }),
      other,
      "interviews.errors.noSuchQuestion",
    );
    expect(await snapshot(session.id)).toEqual(before);

    const browser = await logIn(asker);
    expect(
      (
        await submit(browser, `/interviews/${session.id}`, {
          intent: "rate",
          questionId: question.id,
          satisfied: "yes",
          comment: "Thank you.",
        })
      ).status,
    ).toBe(302);
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({
      satisfied: true,
      ratingComment: "Thank you.",
      ratedAt: expect.any(Date),
    });

    before = await snapshot(session.id);
    for (const language of ["en", "zh-CN"] as const) {
      const again = { ...browser, language };
      await expectRefusal(
        await submit(again, `/interviews/${session.id}`, { intent: "rate", questionId: question.id, satisfied: "no" }),
        again,
        "interviews.errors.alreadyRated",
      );
    }
    expect(await rateAnswer(asker.user, session, question.id, false, "")).toMatchObject({
      ok: false,
      error: "interviews.errors.alreadyRated",
    });
    expect(await snapshot(session.id)).toEqual(before);
  });
});

describe("an anonymous question", () => {
  it("never shows its asker to the public, in pages, live events or open data; moderators see who asked", async () => {
    const session = await newSession({ state: "live", premoderated: true, allowAnonymous: true });
    const name = `Hidden Person ${unique()}`;
    const asker = await newResident({ displayName: name });
    const events: string[] = [];
    // Events come from the server's routes (the build's bus) and from the commands this test calls
    // itself (app/ source's bus): both are heard.
    const buses = [live, (await builtServices()).live];
    const stop = buses.flatMap((bus) =>
      [sessionTopic(session.id), queueTopic(session.id)].map((topic) =>
        bus.subscribe(topic, (event) => events.push(event.json)),
      ),
    );
    try {
      const text = "Why was the clinic's opening delayed?";
      expect(
        (
          await submit(await logIn(asker), `/interviews/${session.id}`, {
            intent: "ask",
            type: "complaint",
            text,
            anonymous: "on",
            submissionKey: submissionKey(),
          })
        ).status,
      ).toBe(302);
      const question = await db.question.findFirstOrThrow({ where: { sessionId: session.id, askerId: asker.userId } });
      expect(question.anonymous).toBe(true);

      // The queue shows the real asker to moderators.
      const queue = await (await open(await logIn(world.moderator), `/interviews/${session.id}/moderate`)).text();
      expect(queue).toContain(asHtml(translate("en", "interviews.moderation.askedBy", { name })));

      expect(await approveQuestion(world.moderator.user, session, question.id)).toMatchObject({ ok: true });
      expect(
        await answerQuestion(world.host.user, session, {
          questionId: question.id,
          text: "The builder was late.",
          resolves: false,
          submissionKey: submissionKey(),
        }),
      ).toMatchObject({ ok: true });

      // Officials answer the question, not the person: their console shows no name either.
      const consolePage = await (await open(await logIn(world.host), `/interviews/${session.id}/console`)).text();
      expect(consolePage).toContain(asHtml(text));
      for (const secret of [name, asker.email, asker.userId]) expect(consolePage).not.toContain(secret);

      for (const browser of [anonymousVisitor(), anonymousVisitor("zh-CN"), await logIn(await newResident())]) {
        const page = await (await open(browser, `/interviews/${session.id}`)).text();
        expect(page).toContain(asHtml(text));
        expect(page).toContain(asHtml(translate(browser.language, "interviews.questions.anonymous")));
        for (const secret of [name, asker.email, asker.userId]) expect(page).not.toContain(secret);
      }

      expect(events.some((event) => event.includes(question.id))).toBe(true);
      for (const event of events)
        for (const secret of [name, asker.email, asker.userId]) expect(event).not.toContain(secret);

      const records = JSON.stringify(await listQuestionRecords({ sessionId: session.id }));
      expect(records).toContain(text);
      for (const secret of [name, asker.email, asker.userId]) expect(records).not.toContain(secret);
    } finally {
      for (const unsubscribe of stop) unsubscribe();
    }
  });
});

describe("statistics", () => {
  it("computed from the open-data records equal a count by hand", async () => {
    const session = await newSession({ state: "closed" });
    const official = world.host;
    const t0 = new Date("2026-03-02T01:00:00Z").getTime();
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE);
    // The session began an hour before the first question: every promise ran from receipt.
    await db.interviewSession.update({ where: { id: session.id }, data: { startsAt: at(-60), endsAt: at(60) } });
    // Each question is received at t0 + its offset, promised a first reply within 60 minutes
    // and a resolution within a day.
    type Made = {
      offset: number;
      type: string;
      channel: string;
      status: string;
      answers?: Array<{ after: number; mode: "live" | "later"; resolves?: boolean }>;
      satisfied?: boolean;
    };
    const made: Made[] = [
      {
        offset: 0,
        type: "suggestion",
        channel: "online",
        status: "published",
        answers: [{ after: 30, mode: "live", resolves: true }],
        satisfied: true,
      },
      {
        offset: 5,
        type: "consultation",
        channel: "online",
        status: "published",
        answers: [
          { after: 90, mode: "live" },
          { after: 2000, mode: "later", resolves: true },
        ],
        satisfied: false,
      },
      {
        offset: 10,
        type: "complaint",
        channel: "phone",
        status: "published",
        answers: [{ after: 300, mode: "later", resolves: true }],
      },
      { offset: 15, type: "consultation", channel: "letter", status: "published" },
      { offset: 20, type: "consultation", channel: "online", status: "rejected" },
      { offset: 25, type: "suggestion", channel: "online", status: "merged" },
      { offset: 30, type: "complaint", channel: "counter", status: "pending" },
      {
        offset: 35,
        type: "consultation",
        channel: "online",
        status: "published",
        answers: [{ after: 45, mode: "later" }],
        satisfied: true,
      },
    ];
    for (const question of made) {
      const receivedAt = at(question.offset);
      const answers = question.answers ?? [];
      const resolving = answers.find((answer) => answer.resolves);
      await db.question.create({
        data: {
          sessionId: session.id,
          channel: question.channel,
          type: question.type,
          text: `Question at ${question.offset}`,
          status: question.status,
          departmentId: world.hostDepartment.id,
          receivedAt,
          firstReplyDueAt: at(question.offset + 60),
          resolutionDueAt: at(question.offset + 24 * 60),
          firstRepliedAt: answers[0] ? at(question.offset + answers[0].after) : null,
          resolvedAt: resolving ? at(question.offset + resolving.after) : null,
          satisfied: question.satisfied ?? null,
          ratedAt: question.satisfied === undefined ? null : at(question.offset + 3000),
          answers: {
            create: answers.map((answer) => ({
              authorId: official.userId,
              authorName: "Official",
              mode: answer.mode,
              text: "An answer",
              resolves: !!answer.resolves,
              createdAt: at(question.offset + answer.after),
            })),
          },
        },
      });
    }

    const records = await listQuestionRecords({ sessionId: session.id });
    expect(records).toHaveLength(8);
    // Only published questions carry their text.
    expect(records.filter((record) => record.text !== null).map((record) => record.status)).toEqual([
      "published",
      "published",
      "published",
      "published",
      "published",
    ]);

    const asOf = new Date();
    const statistics = computeStatistics(records, asOf);
    expect(statistics).toEqual({
      asOf: asOf.toISOString(),
      received: 8,
      published: 5,
      hidden: 0,
      rejected: 1,
      merged: 1,
      pending: 1,
      // Questions 1 and 2 were first answered live; 3 and 8 after the session; 4 not yet.
      answeredLive: 2,
      answeredLater: 2,
      unanswered: 1,
      byType: { suggestion: 2, consultation: 4, complaint: 2 },
      byChannel: { online: 5, phone: 1, letter: 1, counter: 1 },
      // First replies after 30, 90, 300 and 45 minutes: the median of 30, 45, 90, 300.
      medianReplyMinutes: 67.5,
      // Every first-reply promise is decided by now: four answered, and two past their time
      // without a reply (4, published, and 7, still waiting for a moderator). Within 60
      // minutes: 30 and 45, so 2 of 6, not 2 of the 4 answered.
      firstReplyCounted: 6,
      answeredInTime: 2,
      firstReplyOverdue: 2,
      answeredInTimeShare: 2 / 6,
      // Resolved: 1 at 30 minutes and 3 at 300, both within a day; 2 at 2000 minutes, late. 4 and
      // 8 were never resolved and their day has passed.
      resolutionCounted: 5,
      resolved: 3,
      resolvedInTime: 2,
      resolutionOverdue: 2,
      resolvedInTimeShare: 2 / 5,
      rated: 3,
      satisfied: 2,
      satisfactionShare: 2 / 3,
    });

    // The records name nobody.
    expect(JSON.stringify(records)).not.toContain(official.userId);

    // The session's statistics page shows these figures, computed the same way.
    const route = encodeURIComponent("routes/interviews.$sessionId.statistics");
    const served = await (await open(anonymousVisitor(), `/interviews/${session.id}/statistics?_data=${route}`)).json();
    expect({ ...served.statistics, asOf: asOf.toISOString() }).toEqual(statistics);
  });

  it("of broken promises are public: each overdue question on its card and on a page by department", async () => {
    const department = await newDepartment(`Roads ${unique()}`);
    const session = await newSession({ state: "answering", hosts: [department.id] });
    const past = new Date(Date.now() - DAY);
    const future = new Date(Date.now() + DAY);
    const make = (text: string, fields: Record<string, unknown>) =>
      db.question.create({
        data: {
          sessionId: session.id,
          type: "complaint",
          text,
          status: "published",
          departmentId: department.id,
          firstReplyDueAt: past,
          resolutionDueAt: past,
          ...fields,
        },
      });
    const unanswered = await make(`Pothole on Elm Road ${unique()}`, {});
    const unresolved = await make(`Broken street light ${unique()}`, {
      firstRepliedAt: new Date(Date.now() - 2 * DAY),
    });
    const onTime = await make(`Bus shelter ${unique()}`, { firstReplyDueAt: future, resolutionDueAt: future });
    const pending = await make(`Waiting for a moderator ${unique()}`, { status: "pending" });
    for (const language of ["en", "zh-CN"] as const) {
      const page = await (await open(anonymousVisitor(language), "/interviews/overdue")).text();
      expect(page).toContain(asHtml(unanswered.text));
      expect(page).toContain(asHtml(unresolved.text));
      expect(page).not.toContain(asHtml(onTime.text));
      // Only what the public pages show: a question not yet published is not listed.
      expect(page).not.toContain(asHtml(pending.text));
      expect(page).toContain(asHtml(translate(language, "interviews.overduePage.replyOverdue")));
      expect(page).toContain(asHtml(translate(language, "interviews.questions.resolutionOverdue")));
      const sessionPage = await (await open(anonymousVisitor(language), `/interviews/${session.id}`)).text();
      expect(sessionPage).toContain(asHtml(translate(language, "interviews.questions.resolutionOverdue")));
    }
    // One reply overdue and one resolution overdue, counted for the department.
    const group = (await listOverduePromises()).find((entry) => entry.department?.id === department.id);
    expect(group).toMatchObject({ replyOverdue: 1, resolutionOverdue: 1 });
    // The counts are the department's figures: they count every broken promise, also when the
    // list under them is cut short.
    const shortList = (await listOverduePromises(new Date(), 1)).find(
      (entry) => entry.department?.id === department.id,
    );
    expect(shortList).toMatchObject({ replyOverdue: 1, resolutionOverdue: 1 });
  });

  it("warn on the dashboard when the coming year's holidays are not set", async () => {
    const missing = missingHolidayYears(new Date(), environmentPromiseSettings);
    // The defaults stop at 2026, and it is past November 2026.
    expect(missing.length).toBeGreaterThan(0);
    for (const language of ["en", "zh-CN"] as const) {
      const page = await (await open(anonymousVisitor(language), "/interviews/dashboard")).text();
      expect(page).toContain(
        asHtml(
          translate(language, "interviews.dashboardPage.holidaysMissing", {
            years: missing.join(translate(language, "shell.listSeparator")),
          }),
        ),
      );
    }
  });

  it("count every question past its promised time, answered or not, and time replies from the promise's start", async () => {
    const session = await newSession({ state: "closed" });
    const t0 = new Date("2026-03-03T02:00:00Z").getTime(); // the session's start
    const at = (minutes: number) => new Date(t0 + minutes * MINUTE);
    await db.interviewSession.update({ where: { id: session.id }, data: { startsAt: at(0), endsAt: at(120) } });
    const create = (index: number, fields: { receivedAt: Date; dueAt: Date; repliedAt?: Date; mode?: "live" }) =>
      db.question.create({
        data: {
          sessionId: session.id,
          type: "consultation",
          text: `Question ${index}`,
          status: "published",
          departmentId: world.hostDepartment.id,
          receivedAt: fields.receivedAt,
          firstReplyDueAt: fields.dueAt,
          resolutionDueAt: new Date(fields.dueAt.getTime() + DAY),
          firstRepliedAt: fields.repliedAt ?? null,
          answers: fields.repliedAt
            ? {
                create: {
                  authorId: world.host.userId,
                  authorName: "Official",
                  mode: fields.mode ?? "later",
                  text: "An answer",
                  createdAt: fields.repliedAt,
                },
              }
            : undefined,
        },
      });
    // Chengdu's shape: 40 answered live within their time, 160 never answered, past it.
    for (let index = 0; index < 40; index++)
      await create(index, { receivedAt: at(index), dueAt: at(120), repliedAt: at(60 + index), mode: "live" });
    for (let index = 40; index < 200; index++) await create(index, { receivedAt: at(index % 120), dueAt: at(120) });
    // Sent two days before the session and answered 2,449 minutes after it started.
    await create(200, { receivedAt: at(-2 * 24 * 60), dueAt: at(3 * 24 * 60), repliedAt: at(2449) });

    const records = await listQuestionRecords({ sessionId: session.id });
    // Before the due time only the answered questions are decided (41 of 41).
    const during = computeStatistics(records, at(100));
    expect(during).toMatchObject({ firstReplyCounted: 41, answeredInTime: 41, firstReplyOverdue: 0 });
    // After it, the 160 unanswered count too: 41 of 201, where the old figure stayed at 41 of 41.
    const after = computeStatistics(records, new Date());
    expect(after).toMatchObject({
      firstReplyCounted: 201,
      answeredInTime: 41,
      firstReplyOverdue: 160,
      answeredInTimeShare: 41 / 201,
    });
    // The early question's reply time runs from the session's start, not from its receipt.
    const early = records.find((record) => record.receivedAt === at(-2 * 24 * 60).toISOString())!;
    expect(early.clockStartedAt).toBe(at(0).toISOString());
    expect(computeStatistics([early], new Date()).medianReplyMinutes).toBe(2449);

    // The page says what it counts, and the share's whole, in both languages; a duration in
    // hours and minutes.
    for (const language of ["en", "zh-CN"] as const) {
      const page = await (await open(anonymousVisitor(language), `/interviews/${session.id}/statistics`)).text();
      expect(page).toContain(
        asHtml(translate(language, "interviews.statistics.share", { share: "20.4%", part: "41", whole: "201" })),
      );
      expect(page).toContain(language === "en" ? "whose promised time has passed, answered or not" : "无论是否已答复");
    }
    const single = await db.interviewSession.create({
      data: {
        titleEn: "One question",
        topic: "Housing",
        createdById: world.admin.userId,
        startsAt: at(0),
        endsAt: at(120),
        closedAt: at(5000),
        hosts: { create: [{ departmentId: world.hostDepartment.id }] },
      },
    });
    await db.question.update({ where: { id: early.id }, data: { sessionId: single.id } });
    const english = await (await open(anonymousVisitor("en"), `/interviews/${single.id}/statistics`)).text();
    expect(english).toContain(translate("en", "interviews.statistics.duration", { hours: "40", minutes: "49" }));
    expect(english).toContain("40 h 49 min");
    const chinese = await (await open(anonymousVisitor("zh-CN"), `/interviews/${single.id}/statistics`)).text();
    expect(chinese).toContain("40 小时 49 分钟");
  });
});

describe("the demo seed", () => {
  type SeededQuestion = Awaited<ReturnType<typeof db.question.findMany<{ include: { answers: true } }>>>[number];
  /** A seeded question as the open data would publish it (the seed's database is not the app's). */
  const asRecord = (question: SeededQuestion): QuestionRecord => ({
    id: question.id,
    sessionId: question.sessionId,
    type: question.type as QuestionRecord["type"],
    channel: question.channel as QuestionRecord["channel"],
    status: question.status as QuestionRecord["status"],
    departmentId: question.departmentId,
    receivedAt: question.receivedAt.toISOString(),
    clockStartedAt: question.receivedAt.toISOString(),
    firstReplyDueAt: question.firstReplyDueAt.toISOString(),
    firstRepliedAt: question.firstRepliedAt?.toISOString() ?? null,
    firstAnswerMode: ([...question.answers].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]?.mode ??
      null) as QuestionRecord["firstAnswerMode"],
    resolutionDueAt: question.resolutionDueAt.toISOString(),
    resolvedAt: question.resolvedAt?.toISOString() ?? null,
    satisfied: question.satisfied,
    votes: question.voteCount,
  });

  /** A database of its own, empty and migrated: the seed only ever fills an empty one. */
  async function withEmptyDatabase(fill: (emptyDb: ReturnType<typeof createDb>) => Promise<void>) {
    let url: string;
    let dropDatabase: () => Promise<void>;
    if (process.env.TEST_DATABASE === "postgresql") {
      const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
      const name = `forum_seed_${unique()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const target = new URL(serverUrl);
      target.pathname = `/${name}`;
      url = target.toString();
      dropDatabase = async () => {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      };
    } else {
      const dir = mkdtempSync(join(tmpdir(), "forum-seed-"));
      url = `file:${join(dir, "forum.db")}`;
      dropDatabase = async () => rmSync(dir, { recursive: true, force: true });
    }
    await applyMigrations(url);
    const emptyDb = createDb(url);
    try {
      await fill(emptyDb);
    } finally {
      await emptyDb.$disconnect();
      await dropDatabase();
    }
  }

  it("gives an empty database one past session with a realistic record, one live and one upcoming session", async () => {
    await withEmptyDatabase(async (seeded) => {
      expect(await seedDemoCity(seeded)).toBe(true);
      const now = new Date();
      const sessions = await seeded.interviewSession.findMany({
        include: { questions: { include: { answers: true } } },
      });
      const byState = (state: SessionState) => sessions.filter((session) => sessionState(session, now) === state);
      expect(byState("live")).toHaveLength(1);
      expect(byState("upcoming")).toHaveLength(1);
      const past = [...byState("answering"), ...byState("closed")];
      expect(past).toHaveLength(1);

      const questions = past[0].questions;
      const published = questions.filter((question) => question.status === "published");
      expect(published.length).toBeGreaterThanOrEqual(24);
      expect(new Set(questions.map((question) => question.type))).toEqual(
        new Set(["suggestion", "consultation", "complaint"]),
      );
      expect(new Set(questions.map((question) => question.channel)).size).toBeGreaterThanOrEqual(3);
      const modes = new Set(questions.flatMap((question) => question.answers.map((answer) => answer.mode)));
      expect(modes).toEqual(new Set(["live", "later"]));
      const overdue = published.filter((question) =>
        question.firstRepliedAt ? question.firstRepliedAt > question.firstReplyDueAt : question.firstReplyDueAt < now,
      );
      expect(overdue.length).toBeGreaterThan(0);
      expect(published.some((question) => !question.firstRepliedAt && question.firstReplyDueAt < now)).toBe(true);
      expect(published.filter((question) => question.satisfied === true).length).toBeGreaterThan(0);
      expect(published.filter((question) => question.satisfied === false).length).toBeGreaterThan(0);
      // Moderation left its marks too: a merged duplicate and a rejected question.
      expect(questions.some((question) => question.status === "merged" && question.mergedIntoId)).toBe(true);
      expect(questions.some((question) => question.status === "rejected" && question.rejectionReason)).toBe(true);

      // Its figures come out of the same function the statistics page uses.
      const statistics = computeStatistics(questions.map(asRecord), new Date());
      expect(statistics.answeredLive).toBeGreaterThan(0);
      expect(statistics.answeredLater).toBeGreaterThan(0);
      expect(statistics.unanswered).toBeGreaterThan(0);
      expect(statistics.rated).toBeGreaterThan(0);

      // Seeding again changes nothing: it only fills an empty database.
      expect(await seedDemoCity(seeded)).toBe(false);
      expect(await seeded.interviewSession.count()).toBe(3);
    });
  });
});

const newModerator = () => newWithRole("moderator");
