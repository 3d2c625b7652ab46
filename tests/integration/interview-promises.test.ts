// The response-time promises (docs/decisions/0012) end to end: a resident asks through the
// real form, an official classifies and answers through the real console, and the due times
// stored on the question, listed for officials, shown on the session page and counted in the
// statistics follow Chengdu's rule in Beijing time: 1 working hour inside the working day,
// 8 hours outside it, 24 / 48 / 72 hours to resolve, China's 2026 holidays and make-up days.
//
// The clock is the Date object alone, faked in this process (the server runs in it too), so the
// database, sockets and timers keep real time. Every instant is written as Beijing wall time.
import { randomBytes } from "node:crypto";
import { Temporal } from "temporal-polyfill";
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
import { logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BEIJING = "Asia/Shanghai";
const unique = () => randomBytes(4).toString("hex");
const submissionKey = () => randomBytes(18).toString("base64url");

// ---------------------------------------------------------------------------------------------
// Time

/** A wall-clock time in a zone, "2026-03-03 10:00", as the instant it names. */
function at(wallTime: string, timeZone = BEIJING): Date {
  return new Date(Temporal.PlainDateTime.from(wallTime.replace(" ", "T")).toZonedDateTime(timeZone).epochMilliseconds);
}

/** An instant as a wall-clock time in a zone, the way the tests name it. */
function wall(instant: Date, timeZone = BEIJING): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
  return `${zoned.toPlainDate().toString()} ${zoned.toPlainTime().toString({ smallestUnit: "minute" })}`;
}

/** Sets this process's clock (the server's too) to a Beijing wall time; it stays there until moved. */
function clockAt(wallTime: string) {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at(wallTime));
}

// ---------------------------------------------------------------------------------------------
// People and sessions

let world: { admin: Person; department: { id: string }; official: Person };

beforeAll(async () => {
  const department = await newDepartment();
  world = { admin: await newAdministrator(), department, official: await newOfficial(department.id) };
});

/** A session of the department, live from half an hour before the clock's time until evening. */
async function newLiveSession(departmentId = world.department.id) {
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
      endsAt: new Date(now + 10 * HOUR),
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

/** Text as React writes it into HTML. */
const asHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");

/** A resident sets the clock, then asks through the session page's form, as a browser without JavaScript. */
async function askAt(wallTime: string, options: { sessionId?: string; asker?: Person } = {}) {
  clockAt(wallTime);
  const sessionId = options.sessionId ?? (await newLiveSession()).id;
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

/** When the stored first reply is due, in Beijing time. */
const firstReplyDue = async (wallTime: string) => wall((await askAt(wallTime)).firstReplyDueAt);

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
  it("is one working hour later inside a weekday's working hours, the lunch break not counted", async () => {
    // Tuesday 3 March 2026: an ordinary working day.
    expect(await firstReplyDue("2026-03-03 10:00")).toBe("2026-03-03 11:00");
    expect(await firstReplyDue("2026-03-03 11:30")).toBe("2026-03-03 14:00");
    // Asked during lunch: inside the working day, so the hour starts when the office reopens.
    expect(await firstReplyDue("2026-03-03 12:15")).toBe("2026-03-03 14:30");
    // What is left of the hour at closing time carries over to the next morning, and over the weekend.
    expect(await firstReplyDue("2026-03-03 17:00")).toBe("2026-03-04 09:30");
    expect(await firstReplyDue("2026-03-06 17:00")).toBe("2026-03-09 09:30"); // Friday → Monday
  });

  it("is eight hours later by the clock outside working hours: evenings, early mornings, weekends", async () => {
    expect(await firstReplyDue("2026-03-03 20:00")).toBe("2026-03-04 04:00");
    expect(await firstReplyDue("2026-03-03 17:30")).toBe("2026-03-04 01:30"); // closing time is outside
    expect(await firstReplyDue("2026-03-03 07:00")).toBe("2026-03-03 15:00"); // before opening
    expect(await firstReplyDue("2026-03-07 10:00")).toBe("2026-03-07 18:00"); // Saturday
    expect(await firstReplyDue("2026-03-08 23:00")).toBe("2026-03-09 07:00"); // Sunday night
  });

  it("skips the National Day holiday week, and counts a holiday as outside working hours", async () => {
    // Wednesday 30 September, half an hour before closing: the other half hour is on Thursday
    // 8 October, after the holiday of 1–7 October.
    expect(await firstReplyDue("2026-09-30 17:00")).toBe("2026-10-08 09:30");
    // Friday 2 October is a weekday, but a public holiday: eight hours.
    expect(await firstReplyDue("2026-10-02 10:00")).toBe("2026-10-02 18:00");
  });

  it("counts a make-up working Saturday or Sunday (调休上班) as a working day", async () => {
    // Saturday 10 October and Sunday 20 September 2026 are worked in exchange for National Day.
    expect(await firstReplyDue("2026-10-10 10:00")).toBe("2026-10-10 11:00");
    expect(await firstReplyDue("2026-09-20 17:00")).toBe("2026-09-21 09:30");
    // An ordinary Saturday a week later is not.
    expect(await firstReplyDue("2026-10-17 10:00")).toBe("2026-10-17 18:00");
  });

  it("comes with a resolution due 48 hours after receipt until an official classes the question", async () => {
    const question = await askAt("2026-03-06 16:00"); // a Friday: the weekend counts
    expect(wall(question.receivedAt)).toBe("2026-03-06 16:00");
    expect(wall(question.resolutionDueAt)).toBe("2026-03-08 16:00");
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
      },
      BEIJING,
    );
    if (!scheduled.ok) throw new Error(scheduled.error);
    expect((await getSession(scheduled.value.id))?.state).toBe("upcoming");

    // Monday evening, three days before: the clock starts on Thursday at ten, a working hour.
    const inAdvance = await askAt("2026-03-02 20:00", { sessionId: scheduled.value.id });
    expect(wall(inAdvance.firstReplyDueAt)).toBe("2026-03-05 11:00");
    expect(wall(inAdvance.resolutionDueAt)).toBe("2026-03-07 10:00");

    // During the session the clock starts at receipt again.
    const live = await askAt("2026-03-05 10:30", { sessionId: scheduled.value.id });
    expect(wall(live.firstReplyDueAt)).toBe("2026-03-05 11:30");

    // Classifying the advance question counts its resolution from the start too.
    clockAt("2026-03-05 10:40");
    await classify(await logIn(host), inAdvance, "simple");
    expect(wall((await reread(inAdvance)).resolutionDueAt)).toBe("2026-03-06 10:00");
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
      },
      BEIJING,
    );
    if (!scheduled.ok) throw new Error(scheduled.error);
    const sessionId = scheduled.value.id;
    const inAdvance = await askAt("2026-03-09 20:00", { sessionId });
    clockAt("2026-03-10 09:00");
    await classify(await logIn(host), inAdvance, "complex");
    expect(wall((await reread(inAdvance)).firstReplyDueAt)).toBe("2026-03-12 11:00");

    const reschedule = async (startsAt: string, expectedStatus = 302) => {
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
      });
      expect(response.status, `moving the session to ${startsAt}`).toBe(expectedStatus);
      return response;
    };
    // Postponed by a week, on the Tuesday before: the question waits for the new date, and on the
    // old Thursday it is not overdue.
    await reschedule("2026-03-19T10:00");
    const postponed = await reread(inAdvance);
    expect(wall(postponed.firstReplyDueAt)).toBe("2026-03-19 11:00");
    expect(wall(postponed.resolutionDueAt)).toBe("2026-03-22 10:00"); // complex: 72 hours
    const onTheOldDate = await listDuePromises([world.department.id], at("2026-03-12 11:01"));
    expect(onTheOldDate.overdue.map((row) => row.id)).not.toContain(inAdvance.id);

    // Once the session has started its start is history: moving it is refused with a message,
    // so the promises are kept as made and the officials get no more time after the fact.
    clockAt("2026-03-19 10:30");
    const refused = await reschedule("2026-03-26T10:00", 400);
    expect(await refused.text()).toContain("The session has already begun, so its start can no longer change.");
    expect(wall((await reread(inAdvance)).firstReplyDueAt)).toBe("2026-03-19 11:00");
  });
});

describe("classifying a question", () => {
  it("moves its resolution to 24, 48 or 72 hours after receipt, and leaves the first reply alone", async () => {
    const question = await askAt("2026-03-10 09:30"); // Tuesday
    const official = await logIn(world.official);
    // The official classes it in the afternoon: the hours still count from receipt.
    clockAt("2026-03-10 15:00");
    const expected = { simple: "2026-03-11 09:30", complex: "2026-03-13 09:30", normal: "2026-03-12 09:30" };
    for (const [complexity, due] of Object.entries(expected)) {
      await classify(official, question, complexity);
      const stored = await reread(question);
      expect(stored.complexity).toBe(complexity);
      expect(wall(stored.resolutionDueAt), complexity).toBe(due);
      expect(wall(stored.firstReplyDueAt)).toBe("2026-03-10 10:30");
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
      const session = (await getSessionFresh((await newLiveSession()).id))!;
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

  it("set to Europe/Berlin, gives a Beijing morning eight hours and a Berlin afternoon one working hour", async () => {
    const environments: Array<Record<string, string>> = [
      { PROMISE_TIME_ZONE: "Europe/Berlin" },
      { CITY_TIME_ZONE: "Europe/Berlin" },
    ];
    for (const environment of environments) {
      const beijingMorning = await askInAForumWith(environment, morningInBeijing);
      expect(wall(beijingMorning.firstReplyDueAt, "Europe/Berlin")).toBe("2026-03-03 11:00");
      const berlinAfternoon = await askInAForumWith(environment, afternoonInBerlin);
      expect(wall(berlinAfternoon.firstReplyDueAt, "Europe/Berlin")).toBe("2026-03-03 15:00");
    }
    // The same two instants through the running forum, in its default zone (Beijing): the other way round.
    expect(wall((await askAt("2026-03-03 10:00")).firstReplyDueAt)).toBe("2026-03-03 11:00");
    expect(wall((await askAt("2026-03-03 21:00")).firstReplyDueAt)).toBe("2026-03-04 05:00");
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
    const session = await newLiveSession(department.id);
    const first = await askAt("2026-03-03 10:00", { sessionId: session.id }); // due 11:00
    const second = await askAt("2026-03-03 10:10", { sessionId: session.id }); // due 11:10
    expect(wall(first.firstReplyDueAt)).toBe("2026-03-03 11:00");
    expect(wall(second.firstReplyDueAt)).toBe("2026-03-03 11:10");

    const where = async (wallTime: string, question: { text: string }) => {
      clockAt(wallTime);
      const page = await open(await logIn(official), "/interviews/due");
      const parts = (["overdue", "due-soon", "due-later"] as const).filter((id) =>
        dueSection(page, id).includes(asHtml(question.text)),
      );
      expect(parts, `${question.text} is listed once`).toHaveLength(1);
      return parts[0];
    };

    // The first reply's window is 15 minutes (PROMISE_FIRST_REPLY_DUE_SOON_MINUTES).
    expect(await where("2026-03-03 10:30", first)).toBe("due-later");
    expect(await where("2026-03-03 10:45", first)).toBe("due-soon");
    expect(await where("2026-03-03 11:00", first)).toBe("due-soon"); // exactly at its due time
    expect(await where("2026-03-03 11:01", first)).toBe("overdue");
    expect(await where("2026-03-03 11:01", second)).toBe("due-soon");
    const listed = await listDuePromises([department.id], at("2026-03-03 11:01"));
    expect(listed.overdue.map((row) => row.id)).toEqual([first.id]);
    expect(listed.dueSoon.map((row) => row.id)).toEqual([second.id]);

    // The first is answered late, the second in time.
    clockAt("2026-03-03 11:05");
    const desk = await logIn(official);
    await answer(desk, first);
    await answer(desk, second);
    // Each now owes its resolution: 48 hours from receipt, classed simple 24.
    expect(await where("2026-03-03 11:06", first)).toBe("due-later");
    await classify(desk, first, "simple");
    expect(wall((await reread(first)).resolutionDueAt)).toBe("2026-03-04 10:00");
    // The resolution's window is 4 hours (PROMISE_RESOLUTION_DUE_SOON_HOURS).
    expect(await where("2026-03-04 05:59", first)).toBe("due-later");
    expect(await where("2026-03-04 06:00", first)).toBe("due-soon");
    expect(await where("2026-03-04 10:01", first)).toBe("overdue");
    // Resolved late (the first) and in time (the second): both leave the list.
    clockAt("2026-03-04 10:30");
    await answer(await logIn(official), first, { resolves: true });
    await answer(await logIn(official), second, { resolves: true });
    const after = await listDuePromises([department.id], at("2026-03-04 10:31"));
    expect([...after.overdue, ...after.dueSoon, ...after.later]).toEqual([]);

    const statistics = computeStatistics(await listQuestionRecords({ sessionId: session.id }), new Date());
    expect(statistics).toMatchObject({
      answeredLive: 2,
      answeredInTime: 1,
      answeredInTimeShare: 0.5,
      resolved: 2,
      resolvedInTime: 1,
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
    const question = await askAt("2026-03-03 10:00"); // due 11:00 in Beijing, 03:00 UTC
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
    expect(cityTime).toMatch(/11:00/);
    expect(await open({ cookie: null, language: "en" }, `/interviews/${question.sessionId}`)).toContain(
      asHtml(translate("en", "interviews.questions.firstReplyDue", { time: cityTime })),
    );
    // A minute past the due time, unanswered: overdue, in either language.
    clockAt("2026-03-03 11:01");
    for (const language of ["en", "zh-CN"] as const) {
      expect(await open({ cookie: null, language }, `/interviews/${question.sessionId}`)).toContain(
        asHtml(translate(language, "interviews.questions.overdue")),
      );
    }
  });
});
