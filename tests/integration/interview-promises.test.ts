// The response-time promises (docs/decisions/0012, 0030) end to end: a resident asks through the
// real form, an official classifies and answers through the real console, and the due times
// stored on the question, listed for officials, shown on the session page and counted in the
// statistics follow the session's own promise in Beijing time: answered live where time allows,
// and every first reply by closing time on the session's n-th working day after its end,
// 24 / 48 / 72 hours to resolve but never before the first reply, China's 2026 holidays and
// make-up days.
//
// The clock is the Date object alone, faked in this process (the server runs in it too), so the
// database, sockets and timers keep real time. Every instant is written as Beijing wall time.
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { listDuePromises } from "~/features/interviews/answers.server";
import { parsePromiseSettings } from "~/features/interviews/promise-settings.server";
import { firstReplyDueAt, isWithinWorkingDay } from "~/features/interviews/promise-clock";
import { listQuestionRecords } from "~/features/interviews/records.server";
import { getSession, scheduleSession } from "~/features/interviews/sessions.server";
import { computeStatistics } from "~/features/interviews/statistics";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newResident, newDepartment, newOfficial, type Person } from "./helpers";
import { asHtml, logInOverHttp, withRealServer } from "./http";
import { at, BEIJING, clockAt, wall } from "./wall-clock";

let base: string;
withRealServer((url) => (base = url));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const unique = () => randomBytes(4).toString("hex");
const submissionKey = () => randomBytes(18).toString("base64url");

// ---------------------------------------------------------------------------------------------
// People and sessions

let world: { admin: Person; department: { id: string }; official: Person };

beforeAll(async () => {
  const department = await newDepartment();
  world = { admin: await newAdministrator(), department, official: await newOfficial(department.id) };
});

/**
 * A session of the department, live from half an hour before the clock's time for two hours,
 * promising its answers within `replyWorkingDays` working days of its end.
 */
async function newLiveSession(departmentId = world.department.id, replyWorkingDays = 3) {
  const now = Date.now();
  const created = await db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      premoderated: false,
      allowAnonymous: true,
      createdById: world.admin.userId,
      startsAt: new Date(now - 30 * MINUTE),
      endsAt: new Date(now + 90 * MINUTE),
      replyWorkingDays,
      hosts: { create: [{ departmentId }] },
    },
  });
  expect((await getSession(created.id))?.state).toBe("live");
  return created;
}

// ---------------------------------------------------------------------------------------------
// A browser: a cookie for the logged-in person, a language and a time zone

type Language = "en" | "zh-CN";
interface Browser {
  cookie: string | null;
  language: Language;
  timeZone?: string;
}

/** Logs in at the clock's current time (the login lasts 30 days from it). */
async function logIn(person: Person, language: Language = "en"): Promise<Browser> {
  return { cookie: (await logInOverHttp(base, person.email, person.password)).cookie, language };
}

function headersOf(browser: Browser): Record<string, string> {
  const cookies = [browser.cookie, browser.timeZone ? `tz=${encodeURIComponent(browser.timeZone)}` : null].filter(
    Boolean,
  );
  return { "Accept-Language": browser.language, ...(cookies.length > 0 ? { Cookie: cookies.join("; ") } : {}) };
}

async function open(browser: Browser, path: string) {
  const response = await fetch(`${base}${path}`, { redirect: "manual", headers: headersOf(browser) });
  expect(response.status, path).toBe(200);
  return response.text();
}

function submit(browser: Browser, path: string, fields: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...headersOf(browser) },
    body: new URLSearchParams(fields),
  });
}

const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);

/** A resident sets the clock, then asks through the session page's form, as a browser without JavaScript. */
async function askAt(
  wallTime: string,
  options: { sessionId?: string; asker?: Person; replyWorkingDays?: number } = {},
) {
  clockAt(wallTime);
  const sessionId = options.sessionId ?? (await newLiveSession(undefined, options.replyWorkingDays)).id;
  // A new resident for each question: the clock stands still, and ten questions in ten minutes is the limit.
  const asker = await logIn(options.asker ?? (await newResident()));
  const text = `Question ${unique()} asked at ${wallTime}`;
  const response = await submit(asker, `/interviews/${sessionId}`, {
    intent: "ask",
    type: "consultation",
    text,
    submissionKey: submissionKey(),
  });
  expect(response.status, `asking at ${wallTime}`).toBe(302);
  return db.question.findFirstOrThrow({ where: { sessionId, text } });
}

/** When the stored first reply is due, in Beijing time, in a session live at that time. */
const firstReplyDue = async (wallTime: string, replyWorkingDays = 3) =>
  wall((await askAt(wallTime, { replyWorkingDays })).firstReplyDueAt);

async function consolePost(official: Browser, sessionId: string, fields: Record<string, string>) {
  const response = await submit(official, `/interviews/${sessionId}/console`, fields);
  expect(response.status, `${fields.intent} in the console`).toBe(302);
}

const answer = (official: Browser, question: { id: string; sessionId: string }, options: { resolves?: boolean } = {}) =>
  consolePost(official, question.sessionId, {
    intent: "answer",
    questionId: question.id,
    text: `Answer ${unique()}`,
    submissionKey: submissionKey(),
    ...(options.resolves ? { resolves: "on" } : {}),
  });

const classify = (official: Browser, question: { id: string; sessionId: string }, complexity: string) =>
  consolePost(official, question.sessionId, { intent: "classify", questionId: question.id, complexity });

const reread = (question: { id: string }) => db.question.findUniqueOrThrow({ where: { id: question.id } });

// ---------------------------------------------------------------------------------------------

describe("the first reply's due time, stored when a question arrives", () => {
  it("is closing time on the session's n-th working day after its end, whatever the hour of asking", async () => {
    // Tuesday 3 March 2026: the session runs 09:30–11:30 and promises three working days.
    expect(await firstReplyDue("2026-03-03 10:00")).toBe("2026-03-06 17:30"); // Friday
    expect(await firstReplyDue("2026-03-03 11:25")).toBe("2026-03-06 17:30");
    expect(await firstReplyDue("2026-03-03 10:00", 1)).toBe("2026-03-04 17:30");
    // Friday: the weekend is not counted.
    expect(await firstReplyDue("2026-03-06 10:00", 1)).toBe("2026-03-09 17:30");
    // An evening session ending at 21:30 on Tuesday: the next working day's closing.
    expect(await firstReplyDue("2026-03-03 20:00", 1)).toBe("2026-03-04 17:30");
  });

  it("keeps a live answer in time and no card overdue while the session runs", async () => {
    const question = await askAt("2026-03-03 10:00", { replyWorkingDays: 1 });
    const official = await logIn(world.official);
    // An hour into the session, and after its end: the question is not overdue.
    for (const time of ["2026-03-03 11:00", "2026-03-03 11:31"]) {
      clockAt(time);
      const page = await open({ cookie: null, language: "en" }, `/interviews/${question.sessionId}`);
      expect(page, time).not.toContain(asHtml(translate("en", "interviews.questions.overdue")));
    }
    // Answered live at 11:20: in time (one working hour from receipt made it due at 11:00, and
    // the card said "replied late" next to "answered live").
    clockAt("2026-03-03 11:20");
    await answer(official, question);
    const page = await open({ cookie: null, language: "en" }, `/interviews/${question.sessionId}`);
    expect(page).toContain(asHtml(translate("en", "interviews.questions.repliedInTime")));
    expect(page).not.toContain(asHtml(translate("en", "interviews.questions.repliedLate")));
  });

  it("skips the National Day holiday week and counts a make-up working Saturday (调休上班)", async () => {
    // Wednesday 30 September: the next working day is Thursday 8 October, after 1–7 October.
    expect(await firstReplyDue("2026-09-30 10:00", 1)).toBe("2026-10-08 17:30");
    // Friday 9 October: Saturday 10 October is worked in exchange for National Day.
    expect(await firstReplyDue("2026-10-09 10:00", 1)).toBe("2026-10-10 17:30");
    // An ordinary Friday a week later: Monday.
    expect(await firstReplyDue("2026-10-16 10:00", 1)).toBe("2026-10-19 17:30");
  });

  it("comes with a resolution due 48 hours after receipt, never before the first reply", async () => {
    // Friday 17:20, a session that promised one working day: the reply is due on Monday at
    // closing, and 48 hours (Sunday 17:20) would ask for the resolution before it.
    clockAt("2026-03-06 17:00");
    const friday = await newLiveSession(undefined, 1);
    const question = await askAt("2026-03-06 17:20", { sessionId: friday.id });
    expect(wall(question.firstReplyDueAt)).toBe("2026-03-09 17:30");
    expect(wall(question.resolutionDueAt)).toBe("2026-03-09 17:30");
    // Three working days: the reply on Wednesday, and the 48 hours end before it too.
    const longer = await askAt("2026-03-06 16:00");
    expect(wall(longer.firstReplyDueAt)).toBe("2026-03-11 17:30");
    expect(wall(longer.resolutionDueAt)).toBe("2026-03-11 17:30");
    // A complex question with a promise of one working day on a Monday: 72 hours win.
    const monday = await askAt("2026-03-09 10:00", { replyWorkingDays: 1 });
    clockAt("2026-03-09 10:05");
    await classify(await logIn(world.official), monday, "complex");
    const classed = await reread(monday);
    expect(wall(classed.firstReplyDueAt)).toBe("2026-03-10 17:30");
    expect(wall(classed.resolutionDueAt)).toBe("2026-03-12 10:00");
  });

  it("runs from receipt for a question handed in at the counter after the session's end", async () => {
    clockAt("2026-03-03 09:00"); // Tuesday
    const session = await newLiveSession(undefined, 3); // ends 10:30
    const clerk = await newResident();
    await db.role.create({ data: { userId: clerk.userId, name: "counterStaff" } });
    clockAt("2026-03-04 10:00"); // Wednesday, the session is over
    const desk = await logIn(clerk);
    const text = `Handed in ${unique()}`;
    const response = await submit(desk, "/counter/questions", {
      sessionId: session.id,
      channel: "letter",
      type: "complaint",
      text,
      submissionKey: submissionKey(),
    });
    expect(response.status).toBe(302);
    const entered = await db.question.findFirstOrThrow({ where: { sessionId: session.id, text } });
    // Thursday, Friday, Monday.
    expect(wall(entered.firstReplyDueAt)).toBe("2026-03-09 17:30");
  });
});

describe("a question sent in advance", () => {
  it("is promised from the session's start, not from when it was sent", async () => {
    clockAt("2026-03-02 15:00"); // Monday
    const host = world.official;
    const scheduled = await scheduleSession(
      host.user,
      {
        titleZh: "老旧小区加装电梯",
        titleEn: "Lifts for old blocks",
        summaryZh: "",
        summaryEn: "",
        topic: "Housing",
        departmentIds: [world.department.id],
        guests: [],
        startsAt: "2026-03-05T10:00", // Thursday, Beijing time
        endsAt: "",
        premoderated: false,
        allowAnonymous: true,
        replyWorkingDays: 1,
      },
      BEIJING,
    );
    if (!scheduled.ok) throw new Error(scheduled.error);
    expect((await getSession(scheduled.value.id))?.state).toBe("upcoming");

    // Monday evening, three days before: answered live or by Friday's closing, the working day
    // after the session; its resolution's 48 hours run from Thursday at ten.
    const inAdvance = await askAt("2026-03-02 20:00", { sessionId: scheduled.value.id });
    expect(wall(inAdvance.firstReplyDueAt)).toBe("2026-03-06 17:30");
    expect(wall(inAdvance.resolutionDueAt)).toBe("2026-03-07 10:00");

    // During the session: the same promise.
    const live = await askAt("2026-03-05 10:30", { sessionId: scheduled.value.id });
    expect(wall(live.firstReplyDueAt)).toBe("2026-03-06 17:30");
    expect(wall(live.resolutionDueAt)).toBe("2026-03-07 10:30");

    // The page states the promise to residents before they ask, in both languages.
    const page = await open({ cookie: null, language: "en" }, `/interviews/${scheduled.value.id}`);
    const shown = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: BEIJING }).format(
      at("2026-03-06 17:30"),
    );
    expect(page).toContain(asHtml(translate("en", "interviews.promise.statement", { count: 1, time: shown })));
    const zhPage = await open({ cookie: null, language: "zh-CN" }, `/interviews/${scheduled.value.id}`);
    const zhShown = new Intl.DateTimeFormat("zh-CN", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: BEIJING,
    }).format(at("2026-03-06 17:30"));
    expect(zhPage).toContain(asHtml(translate("zh-CN", "interviews.promise.statement", { count: 1, time: zhShown })));

    // Classifying the advance question counts its resolution from the start too, and never
    // before the first reply: 24 hours would end on Friday at ten, before Friday's closing.
    clockAt("2026-03-05 10:40");
    await classify(await logIn(host), inAdvance, "simple");
    expect(wall((await reread(inAdvance)).resolutionDueAt)).toBe("2026-03-06 17:30");
    await classify(await logIn(host), inAdvance, "complex");
    expect(wall((await reread(inAdvance)).resolutionDueAt)).toBe("2026-03-08 10:00");
  });

  it("follows the session when a host moves it before it starts, and not once it has started", async () => {
    const host = world.official;
    clockAt("2026-03-09 09:00"); // Monday
    const scheduled = await scheduleSession(
      host.user,
      {
        titleZh: "公交线路调整",
        titleEn: "Bus route changes",
        summaryZh: "",
        summaryEn: "",
        topic: "Transport",
        departmentIds: [world.department.id],
        guests: [],
        startsAt: "2026-03-12T10:00", // Thursday
        endsAt: "",
        premoderated: false,
        allowAnonymous: true,
        replyWorkingDays: 1,
      },
      BEIJING,
    );
    if (!scheduled.ok) throw new Error(scheduled.error);
    const sessionId = scheduled.value.id;
    const inAdvance = await askAt("2026-03-09 20:00", { sessionId });
    clockAt("2026-03-10 09:00");
    await classify(await logIn(host), inAdvance, "complex");
    expect(wall((await reread(inAdvance)).firstReplyDueAt)).toBe("2026-03-13 17:30");

    const reschedule = async (startsAt: string, expectedStatus = 302, replyWorkingDays = "1") => {
      const response = await submit({ ...(await logIn(host)), timeZone: BEIJING }, `/interviews/${sessionId}/edit`, {
        titleZh: "公交线路调整",
        titleEn: "Bus route changes",
        summaryZh: "",
        summaryEn: "",
        topic: "Transport",
        departmentIds: world.department.id,
        guests: "",
        startsAt,
        endsAt: "",
        replyWorkingDays,
      });
      expect(response.status, `moving the session to ${startsAt}`).toBe(expectedStatus);
      return response;
    };
    // Postponed by a week, on the Tuesday before: the question waits for the new date, and on the
    // old Thursday it is not overdue.
    await reschedule("2026-03-19T10:00");
    const postponed = await reread(inAdvance);
    expect(wall(postponed.firstReplyDueAt)).toBe("2026-03-20 17:30");
    expect(wall(postponed.resolutionDueAt)).toBe("2026-03-22 10:00"); // complex: 72 hours
    const onTheOldDate = await listDuePromises([world.department.id], at("2026-03-12 11:01"));
    expect(onTheOldDate.overdue.map((row) => row.id)).not.toContain(inAdvance.id);

    // Once the session has started its start is history: moving it is refused with a message,
    // so the promises are kept as made and the officials get no more time after the fact.
    clockAt("2026-03-19 10:30");
    const refused = await reschedule("2026-03-26T10:00", 400);
    expect(await refused.text()).toContain("The session has already begun, so its start can no longer change.");
    expect(wall((await reread(inAdvance)).firstReplyDueAt)).toBe("2026-03-20 17:30");
    // Nor can its promise change: residents asked under the one the page stated.
    const longer = await reschedule("2026-03-19T10:00", 400, "5");
    expect(await longer.text()).toContain(asHtml(translate("en", "interviews.errors.promiseIsHistory")));
    expect(wall((await reread(inAdvance)).firstReplyDueAt)).toBe("2026-03-20 17:30");
  });

  it("follows a promise changed before the start", async () => {
    clockAt("2026-03-09 09:00"); // Monday
    const scheduled = await scheduleSession(
      world.official.user,
      {
        titleZh: "停车",
        titleEn: "Parking",
        summaryZh: "",
        summaryEn: "",
        topic: "Transport",
        departmentIds: [world.department.id],
        guests: [],
        startsAt: "2026-03-12T10:00", // Thursday
        endsAt: "",
        premoderated: false,
        allowAnonymous: true,
        replyWorkingDays: 1,
      },
      BEIJING,
    );
    if (!scheduled.ok) throw new Error(scheduled.error);
    const inAdvance = await askAt("2026-03-09 20:00", { sessionId: scheduled.value.id });
    expect(wall(inAdvance.firstReplyDueAt)).toBe("2026-03-13 17:30");
    clockAt("2026-03-10 09:00");
    const response = await submit(
      { ...(await logIn(world.official)), timeZone: BEIJING },
      `/interviews/${scheduled.value.id}/edit`,
      {
        titleZh: "停车",
        titleEn: "Parking",
        summaryZh: "",
        summaryEn: "",
        topic: "Transport",
        departmentIds: world.department.id,
        guests: "",
        startsAt: "2026-03-12T10:00",
        endsAt: "",
        replyWorkingDays: "3",
      },
    );
    expect(response.status).toBe(302);
    expect(wall((await reread(inAdvance)).firstReplyDueAt)).toBe("2026-03-17 17:30");
    expect((await getSession(scheduled.value.id))?.replyWorkingDays).toBe(3);
    // Out of range, or not a number: refused with a message next to the field, nothing changed.
    for (const value of ["0", "31", "two"]) {
      const refused = await submit(
        { ...(await logIn(world.official)), timeZone: BEIJING },
        `/interviews/${scheduled.value.id}/edit`,
        {
          titleZh: "停车",
          titleEn: "",
          summaryZh: "",
          summaryEn: "",
          topic: "Transport",
          departmentIds: world.department.id,
          guests: "",
          startsAt: "2026-03-12T10:00",
          endsAt: "",
          replyWorkingDays: value,
        },
      );
      expect(refused.status, value).toBe(400);
      expect(await refused.text()).toContain(asHtml(translate("en", "interviews.errors.replyWorkingDays")));
    }
    expect((await getSession(scheduled.value.id))?.replyWorkingDays).toBe(3);
  });
});

describe("classifying a question", () => {
  it("moves its resolution to 24, 48 or 72 hours after receipt, and leaves the first reply alone", async () => {
    const question = await askAt("2026-03-10 09:30", { replyWorkingDays: 1 }); // Tuesday
    const official = await logIn(world.official);
    // The official classes it in the afternoon: the hours still count from receipt, and a
    // simple question's 24 hours end before the first reply is due (Wednesday's closing).
    clockAt("2026-03-10 15:00");
    const expected = { simple: "2026-03-11 17:30", complex: "2026-03-13 09:30", normal: "2026-03-12 09:30" };
    for (const [complexity, due] of Object.entries(expected)) {
      await classify(official, question, complexity);
      const stored = await reread(question);
      expect(stored.complexity).toBe(complexity);
      expect(wall(stored.resolutionDueAt), complexity).toBe(due);
      expect(wall(stored.firstReplyDueAt)).toBe("2026-03-11 17:30");
    }
  });
});

describe("the promises' time zone", () => {
  // Tuesday 3 March 2026, 10:00 in Beijing is 03:00 in Berlin; 14:00 in Berlin is 21:00 in Beijing.
  const morningInBeijing = at("2026-03-03 10:00");
  const afternoonInBerlin = at("2026-03-03 14:00", "Europe/Berlin");

  it("decides whether the same instant is inside working hours", () => {
    const beijing = parsePromiseSettings({});
    const berlin = parsePromiseSettings({ PROMISE_TIME_ZONE: "Europe/Berlin" });
    expect(beijing.timeZone).toBe(BEIJING);
    expect(isWithinWorkingDay(morningInBeijing, beijing)).toBe(true);
    expect(isWithinWorkingDay(morningInBeijing, berlin)).toBe(false);
    expect(isWithinWorkingDay(afternoonInBerlin, beijing)).toBe(false);
    expect(isWithinWorkingDay(afternoonInBerlin, berlin)).toBe(true);
    expect(firstReplyDueAt(morningInBeijing, berlin).getTime() - morningInBeijing.getTime()).toBe(8 * HOUR);
    // The city's display zone is the promises' zone unless PROMISE_TIME_ZONE says otherwise.
    expect(parsePromiseSettings({ CITY_TIME_ZONE: "Europe/Berlin" }).timeZone).toBe("Europe/Berlin");
    expect(parsePromiseSettings({ CITY_TIME_ZONE: "Europe/Berlin", PROMISE_TIME_ZONE: BEIJING }).timeZone).toBe(
      BEIJING,
    );
  });

  /**
   * A resident asks through the questions command of a forum started with `environment`: the
   * settings are read when their module loads, so the interview modules are loaded afresh.
   */
  async function askInAForumWith(environment: Record<string, string>, instant: Date) {
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
    vi.resetModules();
    try {
      const { askQuestion } = await import("~/features/interviews/questions.server");
      const { getSession: getSessionFresh } = await import("~/features/interviews/sessions.server");
      if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(instant);
      const session = (await getSessionFresh((await newLiveSession(undefined, 1)).id))!;
      const resident = await newResident();
      const outcome = await askQuestion(resident.user, session, {
        type: "suggestion",
        text: `Question ${unique()}`,
        anonymous: false,
        submissionKey: submissionKey(),
      });
      if (!outcome.ok) throw new Error(outcome.error);
      return db.question.findUniqueOrThrow({ where: { id: outcome.value.id } });
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  }

  it("set to Europe/Berlin, counts the working days from the session's end in Berlin", async () => {
    // Tuesday 3 March 20:00 in Berlin is Wednesday 03:00 in Beijing. A session live then, ending
    // 90 minutes later and promising one working day: Wednesday's closing in Berlin, Thursday's
    // in Beijing.
    const eveningInBerlin = at("2026-03-03 20:00", "Europe/Berlin");
    const environments: Array<Record<string, string>> = [
      { PROMISE_TIME_ZONE: "Europe/Berlin" },
      { CITY_TIME_ZONE: "Europe/Berlin" },
    ];
    for (const environment of environments) {
      const question = await askInAForumWith(environment, eveningInBerlin);
      expect(wall(question.firstReplyDueAt, "Europe/Berlin")).toBe("2026-03-04 17:30");
    }
    // The same instant through the running forum, in its default zone (Beijing).
    expect(wall((await askAt("2026-03-04 03:00", { replyWorkingDays: 1 })).firstReplyDueAt)).toBe("2026-03-05 17:30");
  });
});

/** One of the due list's three parts, as HTML. */
function dueSection(page: string, id: "overdue" | "due-soon" | "due-later") {
  const match = new RegExp(`<section aria-labelledby="${id}"[^>]*>([\\s\\S]*?)</section>`).exec(page);
  expect(match, `the due list has a part "${id}"`).not.toBeNull();
  return match![1]!;
}

describe("the officials' due list and the statistics", () => {
  it("list a question as due soon within its window and overdue once its time has passed; in-time and late answers are counted", async () => {
    // A department of its own, so the list holds only this test's questions.
    const department = await newDepartment();
    const official = await newOfficial(department.id);
    clockAt("2026-03-03 09:55"); // Tuesday
    const session = await newLiveSession(department.id, 1); // 09:25–11:25, one working day
    const first = await askAt("2026-03-03 10:00", { sessionId: session.id });
    const second = await askAt("2026-03-03 10:10", { sessionId: session.id });
    expect(wall(first.firstReplyDueAt)).toBe("2026-03-04 17:30");
    expect(wall(second.firstReplyDueAt)).toBe("2026-03-04 17:30");

    const where = async (wallTime: string, question: { text: string }) => {
      clockAt(wallTime);
      const page = await open(await logIn(official), "/interviews/due");
      const parts = (["overdue", "due-soon", "due-later"] as const).filter((id) =>
        dueSection(page, id).includes(asHtml(question.text)),
      );
      expect(parts, `${question.text} is listed once`).toHaveLength(1);
      return parts[0];
    };

    // Not overdue while the session runs, nor after it. The first reply's window is 15 minutes
    // (PROMISE_FIRST_REPLY_DUE_SOON_MINUTES).
    expect(await where("2026-03-03 11:00", first)).toBe("due-later");
    expect(await where("2026-03-04 17:00", first)).toBe("due-later");
    expect(await where("2026-03-04 17:15", first)).toBe("due-soon");
    expect(await where("2026-03-04 17:30", first)).toBe("due-soon"); // exactly at its due time
    // The second is answered in time; the first is overdue.
    clockAt("2026-03-04 17:20");
    await answer(await logIn(official), second);
    expect(await where("2026-03-04 17:31", first)).toBe("overdue");
    const listed = await listDuePromises([department.id], at("2026-03-04 17:31"));
    expect(listed.overdue.map((row) => row.id)).toEqual([first.id]);
    // The second now owes its resolution: 48 hours from receipt, Thursday 10:10.
    expect(listed.later.map((row) => row.id)).toEqual([second.id]);

    // The first is answered late, then classed simple: 24 hours from receipt would be Wednesday
    // 10:00, before its first reply was due; the resolution is due with the reply, and is overdue.
    clockAt("2026-03-04 17:35");
    const desk = await logIn(official);
    await answer(desk, first);
    await classify(desk, first, "simple");
    expect(wall((await reread(first)).resolutionDueAt)).toBe("2026-03-04 17:30");
    expect(await where("2026-03-04 17:36", first)).toBe("overdue");
    // The resolution's window is 4 hours (PROMISE_RESOLUTION_DUE_SOON_HOURS).
    expect(await where("2026-03-05 06:09", second)).toBe("due-later");
    expect(await where("2026-03-05 06:10", second)).toBe("due-soon");
    // Resolved late (the first) and in time (the second): both leave the list.
    clockAt("2026-03-05 09:00");
    await answer(await logIn(official), first, { resolves: true });
    await answer(await logIn(official), second, { resolves: true });
    const after = await listDuePromises([department.id], at("2026-03-05 09:01"));
    expect([...after.overdue, ...after.dueSoon, ...after.later]).toEqual([]);

    const statistics = computeStatistics(await listQuestionRecords({ sessionId: session.id }), new Date());
    expect(statistics).toMatchObject({
      answeredLater: 2,
      firstReplyCounted: 2,
      answeredInTime: 1,
      answeredInTimeShare: 0.5,
      resolved: 2,
      resolvedInTime: 1,
      resolvedInTimeShare: 0.5,
    });
    // The statistics page shows the same share, from the same records.
    const page = await open({ cookie: null, language: "en" }, `/interviews/${session.id}/statistics`);
    expect(page).toContain(
      asHtml(translate("en", "interviews.statistics.share", { share: "50%", part: "1", whole: "2" })),
    );
  });
});

describe("the session page", () => {
  it("shows the due times in the reader's time zone and language, and marks a passed one overdue", async () => {
    const question = await askAt("2026-03-03 10:00", { replyWorkingDays: 1 }); // due Wednesday 17:30 in Beijing
    const dueAt = question.firstReplyDueAt;
    const readers: Array<Browser & { timeZone: string }> = [
      { cookie: null, language: "en", timeZone: "Europe/Berlin" },
      { cookie: null, language: "zh-CN", timeZone: "America/New_York" },
      { cookie: null, language: "zh-CN", timeZone: BEIJING },
    ];
    for (const reader of readers) {
      const page = await open(reader, `/interviews/${question.sessionId}`);
      const shown = (instant: Date) =>
        new Intl.DateTimeFormat(reader.language, {
          dateStyle: "medium",
          timeStyle: "short",
          timeZone: reader.timeZone,
        }).format(instant);
      const label = `${reader.language} in ${reader.timeZone}`;
      expect(page, label).toContain(
        asHtml(translate(reader.language, "interviews.questions.firstReplyDue", { time: shown(dueAt) })),
      );
      expect(page, label).toContain(
        asHtml(
          translate(reader.language, "interviews.questions.resolutionDue", { time: shown(question.resolutionDueAt) }),
        ),
      );
      expect(page, label).not.toContain(asHtml(translate(reader.language, "interviews.questions.overdue")));
    }
    // A reader whose browser has not told its zone yet sees the city's.
    const cityTime = new Intl.DateTimeFormat("en", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: BEIJING,
    }).format(dueAt);
    expect(cityTime).toMatch(/5:30/);
    expect(await open({ cookie: null, language: "en" }, `/interviews/${question.sessionId}`)).toContain(
      asHtml(translate("en", "interviews.questions.firstReplyDue", { time: cityTime })),
    );
    // A minute past the due time, unanswered: overdue, in either language.
    clockAt("2026-03-04 17:31");
    for (const language of ["en", "zh-CN"] as const) {
      const page = await open({ cookie: null, language }, `/interviews/${question.sessionId}`);
      expect(page).toContain(asHtml(translate(language, "interviews.questions.overdue")));
      expect(page).not.toContain(asHtml(translate(language, "interviews.questions.resolutionOverdue")));
    }
    // Its resolution (48 hours, Thursday 10:00) passes too: the public sees that promise broken.
    expect(wall(question.resolutionDueAt)).toBe("2026-03-05 10:00");
    clockAt("2026-03-05 10:01");
    for (const language of ["en", "zh-CN"] as const) {
      expect(await open({ cookie: null, language }, `/interviews/${question.sessionId}`)).toContain(
        asHtml(translate(language, "interviews.questions.resolutionOverdue")),
      );
    }
  });
});
