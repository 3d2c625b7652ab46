// Administrators enter each year's public holidays and make-up working days (调休) on a page, and
// the interview promises count working days with them (decision 0030). In December 2026 the
// installation's defaults stop at 2026: without the page, the Spring Festival of 2027 counted as
// working days and every promise falling in it was wrong.
//
// The clock is the Date object alone, faked in this process (the server runs in it too), so the
// database, sockets and timers keep real time. Every instant is written as Beijing wall time.
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newDepartment, newResident, type Person } from "./helpers";
import { asHtml, logInOverHttp, withRealServer } from "./http";
import { at, clockAt, wall } from "./wall-clock";

let base: string;
withRealServer((url) => (base = url));

afterEach(() => vi.useRealTimers());

const unique = () => randomBytes(4).toString("hex");

const t = (key: string, options?: Record<string, unknown>) => i18nextFor("en").t(key, options);
const logIn = async (person: Person) => (await logInOverHttp(base, person.email, person.password)).cookie;

function send(cookie: string | null, path: string, fields?: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: fields ? "POST" : "GET",
    redirect: "manual",
    headers: {
      "Accept-Language": "en",
      ...(cookie ? { Cookie: cookie } : {}),
      ...(fields ? { "Content-Type": "application/x-www-form-urlencoded", Origin: base } : {}),
    },
    body: fields ? new URLSearchParams(fields) : undefined,
  });
}

async function page(cookie: string | null, path: string) {
  const response = await send(cookie, path);
  expect(response.status, path).toBe(200);
  return response.text();
}

let world: { admin: Person; adminCookie: string; departmentId: string };

beforeAll(async () => {
  clockAt("2026-12-06 10:00");
  const admin = await newAdministrator();
  world = { admin, adminCookie: await logIn(admin), departmentId: (await newDepartment()).id };
});

/** A session of the department from `start` to `end` (Beijing), promising one working day. */
function newSession(start: string, end: string) {
  return db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      premoderated: false,
      allowAnonymous: true,
      createdById: world.admin.userId,
      startsAt: at(start),
      endsAt: at(end),
      replyWorkingDays: 1,
      hosts: { create: [{ departmentId: world.departmentId }] },
    },
  });
}

/** A new resident asks through the session page's form, as a browser without JavaScript. */
async function ask(sessionId: string) {
  const cookie = await logIn(await newResident());
  const text = `Question ${unique()}`;
  const response = await send(cookie, `/interviews/${sessionId}`, {
    intent: "ask",
    type: "consultation",
    text,
    submissionKey: randomBytes(18).toString("base64url"),
  });
  expect(response.status).toBe(302);
  return db.question.findFirstOrThrow({ where: { sessionId, text } });
}

const dueOf = async (question: { id: string }) =>
  wall((await db.question.findUniqueOrThrow({ where: { id: question.id } })).firstReplyDueAt);

const SPRING_FESTIVAL_2027 = {
  year: "2027",
  daysOff: "2027-01-01\n2027-02-16/2027-02-22",
  workingDays: "2027-02-14, 2027-02-27",
};

describe("the public holidays page", () => {
  it("is for administrators only", async () => {
    const resident = await logIn(await newResident());
    for (const cookie of [null, resident]) {
      expect((await send(cookie, "/admin/holidays")).status).not.toBe(200);
      const refused = await send(cookie, "/admin/holidays", SPRING_FESTIVAL_2027);
      expect(refused.headers.get("location") ?? "").not.toContain("/admin/holidays");
    }
    expect(await db.holiday.count()).toBe(0);
  });

  it("refuses dates it cannot read, dates of another year and a day both off and worked, saving nothing", async () => {
    const cases = [
      { fields: { daysOff: "2027-02-30" }, field: "daysOff", error: "notDates" },
      { fields: { daysOff: "next Tuesday" }, field: "daysOff", error: "notDates" },
      { fields: { daysOff: "2027-01-01/2027-03-31" }, field: "daysOff", error: "notDates" },
      { fields: { daysOff: "2026-10-01" }, field: "daysOff", error: "otherYear" },
      { fields: { daysOff: "" }, field: "daysOff", error: "noDaysOff" },
      { fields: { workingDays: "2027-02-16" }, field: "workingDays", error: "both" },
      { fields: { year: "27" }, field: "year", error: "year" },
    ];
    for (const { fields, field, error } of cases) {
      const response = await send(world.adminCookie, "/admin/holidays", { ...SPRING_FESTIVAL_2027, ...fields });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      // The message next to its field: the control points at it.
      const html = await response.text();
      expect(html).toContain(asHtml(t(`interviews.holidaysPage.errors.${error}`)));
      expect(html).toMatch(
        new RegExp(`name="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="${field}"`),
      );
    }
    expect(await db.holiday.count()).toBe(0);
  });

  it("moves the promises of sessions not yet started, keeps running ones, and counts new questions with the new year", async () => {
    clockAt("2026-12-06 10:00");
    // The dashboard warns that 2027 is missing, and offers the page to administrators only.
    const warning = asHtml(t("interviews.dashboardPage.holidaysMissing", { years: "2027" }));
    const adminDashboard = await page(world.adminCookie, "/interviews/dashboard");
    expect(adminDashboard).toContain(warning);
    expect(adminDashboard).toContain('href="/admin/holidays"');
    expect(await page(null, "/interviews/dashboard")).not.toContain('href="/admin/holidays"');

    // Monday 15 February 2027, a session before the Spring Festival: asked in advance, the reply
    // is due on Tuesday, which the defaults take for a working day.
    const upcoming = await newSession("2027-02-15 09:00", "2027-02-15 11:00");
    const inAdvance = await ask(upcoming.id);
    expect(await dueOf(inAdvance)).toBe("2027-02-16 17:30");
    // A session running now, ending on New Year's Eve: its promise (New Year's Day) is running.
    const running = await newSession("2026-12-06 09:00", "2026-12-31 10:00");
    const before = await ask(running.id);
    expect(await dueOf(before)).toBe("2027-01-01 17:30");

    const saved = await send(world.adminCookie, "/admin/holidays", SPRING_FESTIVAL_2027);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/holidays?year=2027");
    expect(await db.holiday.count({ where: { year: 2027, kind: "day-off" } })).toBe(8);
    expect(await db.holiday.count({ where: { year: 2027, kind: "working-day" } })).toBe(2);

    // The session that has not started follows the holidays: Tuesday to Monday are days off.
    expect(await dueOf(inAdvance)).toBe("2027-02-23 17:30");
    // The running promise is kept as told; a question asked now gets the new calendar.
    expect(await dueOf(before)).toBe("2027-01-01 17:30");
    expect(await dueOf(await ask(running.id))).toBe("2027-01-04 17:30");
    // A make-up working Sunday counts: a session ending Saturday 13 February is due on the 14th.
    const weekend = await newSession("2027-02-13 09:00", "2027-02-13 11:00");
    expect(await dueOf(await ask(weekend.id))).toBe("2027-02-14 17:30");

    // The warning is gone, the page lists the year as entered here, and the audit log says what was set.
    expect(await page(world.adminCookie, "/interviews/dashboard")).not.toContain(warning);
    const holidaysPage = await page(world.adminCookie, "/admin/holidays?year=2027");
    expect(holidaysPage).toContain(t("interviews.holidaysPage.sources.entered"));
    expect(holidaysPage).toContain("2027-02-16/2027-02-22");
    const audit = await page(world.adminCookie, "/admin/audit");
    expect(audit).toContain(
      asHtml(t("admin.audit.sentences.holidays.set", { year: "2027", daysOff: 8, workingDays: 2 })),
    );
  });

  it("replaces a year when it is entered again, and keeps the earlier dates in the audit log", async () => {
    const corrected = { ...SPRING_FESTIVAL_2027, daysOff: "2027-01-01\n2027-02-17/2027-02-23" };
    expect((await send(world.adminCookie, "/admin/holidays", SPRING_FESTIVAL_2027)).status).toBe(302);
    expect((await send(world.adminCookie, "/admin/holidays", corrected)).status).toBe(302);
    const dates = await db.holiday.findMany({ where: { year: 2027, kind: "day-off" }, orderBy: { date: "asc" } });
    expect(dates.map((row) => row.date)).toEqual([
      "2027-01-01",
      "2027-02-17",
      "2027-02-18",
      "2027-02-19",
      "2027-02-20",
      "2027-02-21",
      "2027-02-22",
      "2027-02-23",
    ]);
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { action: "holidays.set" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(entry.detail!).before.daysOff).toContain("2027-02-16");
  });
});
