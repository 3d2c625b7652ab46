// A session's calendar entry follows the session: a host opening it early or ending it early
// changes the entry's times, and each change raises its SEQUENCE, so a calendar that imported
// the entry replaces it rather than keeping the old time; its UID names the forum's host.
import { randomBytes } from "node:crypto";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { newAdministrator, newDepartment, type Person } from "./helpers";
import { logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const MINUTE = 60_000;
let host: Person;
let cookie: string;

beforeAll(async () => {
  host = await newAdministrator();
  cookie = (await logInOverHttp(base, host.email, host.password)).cookie;
});

async function calendarEntry(sessionId: string) {
  const response = await fetch(`${base}/interviews/${sessionId}/calendar.ics`, {
    headers: { "Accept-Language": "en" },
  });
  expect(response.status).toBe(200);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
  return {
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().getTime(),
    end: event.endDate.toJSDate().getTime(),
  };
}

async function changeState(sessionId: string, change: "open" | "end") {
  const response = await fetch(`${base}/interviews/${sessionId}/edit`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: cookie },
    body: new URLSearchParams({ intent: "state", change }),
  });
  expect(response.status, change).toBe(302);
}

describe("a session's calendar entry", () => {
  it("follows early opening and ending, with a SEQUENCE raised by each change and a UID with the host", async () => {
    const startsAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 60 * MINUTE);
    const endsAt = new Date(startsAt.getTime() + 120 * MINUTE);
    const session = await db.interviewSession.create({
      data: {
        titleZh: `访谈 ${randomBytes(3).toString("hex")}`,
        titleEn: "Calendar interview",
        topic: "Housing",
        premoderated: false,
        allowAnonymous: true,
        createdById: host.userId,
        startsAt,
        endsAt,
        hosts: { create: [{ departmentId: (await newDepartment()).id }] },
      },
    });
    const scheduled = await calendarEntry(session.id);
    expect(scheduled).toMatchObject({ sequence: 0, start: startsAt.getTime(), end: endsAt.getTime() });
    expect(scheduled.uid).toBe(`interview-${session.id}@127.0.0.1`);
    // Downloading again changes nothing.
    expect(await calendarEntry(session.id)).toEqual(scheduled);

    await changeState(session.id, "open");
    const opened = await calendarEntry(session.id);
    const openedAt = (await db.interviewSession.findUniqueOrThrow({ where: { id: session.id } })).openedAt!;
    expect(opened).toMatchObject({ uid: scheduled.uid, sequence: 1, end: endsAt.getTime() });
    // Calendars keep whole seconds.
    expect(opened.start).toBe(Math.floor(openedAt.getTime() / 1000) * 1000);

    await changeState(session.id, "end");
    const ended = await calendarEntry(session.id);
    const endedAt = (await db.interviewSession.findUniqueOrThrow({ where: { id: session.id } })).endedAt!;
    expect(ended.sequence).toBe(2);
    expect(ended.start).toBe(opened.start);
    expect(ended.end).toBeLessThan(endsAt.getTime());
    expect(ended.end).toBeGreaterThanOrEqual(Math.floor(endedAt.getTime() / 1000) * 1000);
  });
});
