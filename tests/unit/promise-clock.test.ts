import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  addWorkingMinutes,
  firstReplyDueAt,
  missingHolidayYears,
  holidaysKnownFor,
  isWithinWorkingDay,
  isWorkingDay,
  promiseStatus,
  questionPromises,
  resolutionDueAt,
  type PromiseSettings,
} from "~/features/interviews/promise-clock";
import { parsePromiseSettings } from "~/features/interviews/promise-settings.server";

// Chengdu's defaults: Asia/Shanghai, 09:00–12:00 and 13:30–17:30 Monday to Friday, the 2026
// holidays and make-up days, 1 working hour (8 hours outside the working day), 24/48/72 hours.
const chengdu = parsePromiseSettings({});

/** A local wall-clock time in a zone, as the instant it names. */
function at(local: string, timeZone = "Asia/Shanghai"): Date {
  return new Date(Temporal.PlainDateTime.from(local.replace(" ", "T")).toZonedDateTime(timeZone).epochMilliseconds);
}

/** An instant as a local wall-clock time, "2026-11-23 11:00", the way a page shows it. */
function local(date: Date, timeZone = "Asia/Shanghai"): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(timeZone);
  return `${zoned.toPlainDate().toString()} ${zoned.toPlainTime().toString({ smallestUnit: "minute" })}`;
}

const firstReply = (received: string, settings: PromiseSettings = chengdu) =>
  local(firstReplyDueAt(at(received), settings));

describe("first reply: 1 working hour inside the working day", () => {
  it("is due an hour later in the middle of the morning", () => {
    expect(firstReply("2026-11-23 10:00")).toBe("2026-11-23 11:00"); // a Monday
  });

  it("skips the lunch break", () => {
    expect(firstReply("2026-11-23 11:30")).toBe("2026-11-23 14:00");
  });

  it("counts a question sent during lunch as inside the day, from the afternoon opening", () => {
    expect(isWithinWorkingDay(at("2026-11-23 12:15"), chengdu)).toBe(true);
    expect(firstReply("2026-11-23 12:15")).toBe("2026-11-23 14:30");
  });

  it("carries what is left of the hour over the evening to the next morning", () => {
    expect(firstReply("2026-11-23 17:00")).toBe("2026-11-24 09:30");
  });

  it("carries it over the weekend to Monday", () => {
    expect(firstReply("2026-11-27 17:00")).toBe("2026-11-30 09:30"); // Friday → Monday
  });

  it("is due at the closing time when the hour ends exactly then", () => {
    expect(firstReply("2026-11-23 16:30")).toBe("2026-11-23 17:30");
  });
});

describe("first reply: 8 hours outside the working day", () => {
  it("is due 8 hours after a question sent in the evening", () => {
    expect(isWithinWorkingDay(at("2026-11-23 20:00"), chengdu)).toBe(false);
    expect(firstReply("2026-11-23 20:00")).toBe("2026-11-24 04:00");
  });

  it("is due 8 hours after a question sent before opening, as Chengdu promises", () => {
    expect(firstReply("2026-11-23 07:00")).toBe("2026-11-23 15:00");
  });

  it("is due 8 hours after a question sent at the weekend", () => {
    expect(firstReply("2026-11-28 10:00")).toBe("2026-11-28 18:00"); // Saturday
  });

  it("starts at the closing time itself: 17:30 is outside", () => {
    expect(firstReply("2026-11-23 17:30")).toBe("2026-11-24 01:30");
  });

  it("counts the working hour from the next opening where an installation chooses that", () => {
    const officeHoursOnly = parsePromiseSettings({ PROMISE_FIRST_REPLY_OUTSIDE_HOURS: "working" });
    expect(firstReply("2026-11-28 10:00", officeHoursOnly)).toBe("2026-11-30 10:00");
    expect(firstReply("2026-11-23 20:00", officeHoursOnly)).toBe("2026-11-24 10:00");
    expect(firstReply("2026-11-23 10:00", officeHoursOnly)).toBe("2026-11-23 11:00");
  });
});

describe("holidays and make-up working days (China's 2026 schedule)", () => {
  it("treats National Day as outside the working day", () => {
    expect(isWorkingDay("2026-10-01", chengdu)).toBe(false);
    expect(firstReply("2026-10-01 10:00")).toBe("2026-10-01 18:00");
  });

  it("carries working time over the whole holiday week", () => {
    expect(firstReply("2026-09-30 17:00")).toBe("2026-10-08 09:30"); // Wednesday before the 1–7 October holiday
  });

  it("counts a make-up Saturday as a working day", () => {
    expect(isWorkingDay("2026-10-10", chengdu)).toBe(true);
    expect(firstReply("2026-10-10 10:00")).toBe("2026-10-10 11:00");
    expect(firstReply("2026-10-09 17:00")).toBe("2026-10-10 09:30"); // Friday → the make-up Saturday
  });

  it("counts a make-up Sunday as a working day, and an ordinary Sunday not", () => {
    expect(isWorkingDay("2026-09-20", chengdu)).toBe(true);
    expect(isWorkingDay("2026-09-13", chengdu)).toBe(false);
  });

  it("ships make-up days that all fall on weekends and holidays that are all listed days", () => {
    for (const date of chengdu.extraWorkdays)
      expect(Temporal.PlainDate.from(date).dayOfWeek, date).toBeGreaterThanOrEqual(6);
    expect(chengdu.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });

  it("crosses the year boundary over a New Year holiday and a weekend", () => {
    const settings = parsePromiseSettings({ PROMISE_HOLIDAYS: "2027-01-01", PROMISE_EXTRA_WORKDAYS: "" });
    expect(firstReply("2026-12-31 17:00", settings)).toBe("2027-01-04 09:30"); // Thursday → Monday
  });

  it("says when the holiday list does not cover a year yet", () => {
    expect(holidaysKnownFor(at("2026-06-01 12:00"), chengdu)).toBe(true);
    expect(holidaysKnownFor(at("2027-01-01 12:00"), chengdu)).toBe(false);
  });
});

describe("time zones", () => {
  const berlin = parsePromiseSettings({
    PROMISE_TIME_ZONE: "Europe/Berlin",
    PROMISE_WORKING_HOURS: "09:00-17:00",
    PROMISE_HOLIDAYS: "",
    PROMISE_EXTRA_WORKDAYS: "",
  });

  it("opens on Monday at 09:00 local time after the spring change to summer time", () => {
    const due = firstReplyDueAt(at("2026-03-27 16:30", "Europe/Berlin"), berlin); // Friday, UTC+1
    expect(local(due, "Europe/Berlin")).toBe("2026-03-30 09:30");
    expect(due.toISOString()).toBe("2026-03-30T07:30:00.000Z"); // UTC+2 by then
  });

  it("opens on Monday at 09:00 local time after the autumn change back", () => {
    const due = firstReplyDueAt(at("2026-10-23 16:30", "Europe/Berlin"), berlin); // Friday, UTC+2
    expect(due.toISOString()).toBe("2026-10-26T08:30:00.000Z"); // Monday 09:30, UTC+1
  });

  it("counts 8 outside hours as real hours across the switch night", () => {
    const due = firstReplyDueAt(at("2026-03-28 22:00", "Europe/Berlin"), berlin);
    expect(local(due, "Europe/Berlin")).toBe("2026-03-29 07:00"); // the clock skipped 02:00–03:00
  });

  it("counts working time as real time when a working period spans the switch", () => {
    const roundTheClock = parsePromiseSettings({
      PROMISE_TIME_ZONE: "Europe/Berlin",
      PROMISE_WORKING_HOURS: "00:00-24:00",
      PROMISE_WORKING_DAYS: "mon-sun",
    });
    const due = addWorkingMinutes(at("2026-03-29 01:30", "Europe/Berlin"), 60, roundTheClock);
    expect(local(due, "Europe/Berlin")).toBe("2026-03-29 03:30");
  });

  it("reads the working day in the settings' zone, not the server's", () => {
    // 10:00 in Shanghai is 02:00 UTC: inside Chengdu's day whatever zone the server runs in.
    expect(isWithinWorkingDay(new Date("2026-11-23T02:00:00Z"), chengdu)).toBe(true);
    expect(isWithinWorkingDay(new Date("2026-11-23T10:00:00Z"), chengdu)).toBe(false); // 18:00 there
  });
});

describe("resolution", () => {
  it("is due 24, 48 or 72 elapsed hours after the question was received, weekends included", () => {
    const received = at("2026-11-27 10:00"); // Friday
    expect(local(resolutionDueAt(received, "simple", chengdu))).toBe("2026-11-28 10:00");
    expect(local(resolutionDueAt(received, "normal", chengdu))).toBe("2026-11-29 10:00");
    expect(local(resolutionDueAt(received, "complex", chengdu))).toBe("2026-11-30 10:00");
  });
});

describe("a resolution is never due before the first reply (decision 0030)", () => {
  it("moves Friday 17:20's resolution from Sunday 17:20 to Monday 09:50, when the reply is due", () => {
    const question = { receivedAt: at("2026-11-27 17:20"), firstRepliedAt: null, resolvedAt: null };
    const promises = questionPromises({ ...question, complexity: "normal" }, chengdu, at("2026-11-27 17:21"));
    expect(local(promises.firstReply.dueAt)).toBe("2026-11-30 09:50");
    expect(local(promises.resolution!.dueAt)).toBe("2026-11-30 09:50");
    // Complex: 72 hours end after the reply and stand.
    const complex = questionPromises({ ...question, complexity: "complex" }, chengdu, at("2026-11-27 17:21"));
    expect(local(complex.resolution!.dueAt)).toBe("2026-11-30 17:20");
  });
});

describe("working days after a session (decision 0030)", () => {
  it("is closing time on the n-th working day after the day, weekends, holidays and make-up days counted as such", () => {
    expect(local(addWorkingDays(at("2026-11-24 11:30"), 3, chengdu))).toBe("2026-11-27 17:30"); // Tue → Fri
    expect(local(addWorkingDays(at("2026-11-27 21:00"), 1, chengdu))).toBe("2026-11-30 17:30"); // Fri night → Mon
    expect(local(addWorkingDays(at("2026-11-28 10:00"), 1, chengdu))).toBe("2026-11-30 17:30"); // Saturday → Mon
    expect(local(addWorkingDays(at("2026-09-30 10:00"), 1, chengdu))).toBe("2026-10-08 17:30"); // National Day
    expect(local(addWorkingDays(at("2026-10-09 10:00"), 1, chengdu))).toBe("2026-10-10 17:30"); // make-up Saturday
  });
});

describe("missing holiday years (decision 0030)", () => {
  it("asks for the current year, and from November for the coming one the State Council publishes then", () => {
    expect(missingHolidayYears(at("2026-06-01 12:00"), chengdu)).toEqual([]);
    expect(missingHolidayYears(at("2026-12-06 12:00"), chengdu)).toEqual([2027]);
    expect(missingHolidayYears(at("2027-03-01 12:00"), chengdu)).toEqual([2027]);
    const with2027 = parsePromiseSettings({ PROMISE_HOLIDAYS: "2026-10-01,2027-02-06/2027-02-13" });
    expect(missingHolidayYears(at("2026-12-06 12:00"), with2027)).toEqual([]);
  });
});

describe("promise status", () => {
  const due = new Date("2026-11-23T03:00:00Z");
  const minutes = (n: number) => new Date(due.getTime() + n * 60_000);

  it("is on time while more than the due-soon window is left", () => {
    expect(promiseStatus(due, minutes(-16), null, 15)).toBe("onTime");
  });

  it("is due soon within the window, up to and including the due time", () => {
    expect(promiseStatus(due, minutes(-15), null, 15)).toBe("dueSoon");
    expect(promiseStatus(due, due, undefined, 15)).toBe("dueSoon");
  });

  it("is overdue once the due time has passed unanswered", () => {
    expect(promiseStatus(due, minutes(1), null, 15)).toBe("overdue");
  });

  it("is met when answered by the due time, and met late after it, whenever one looks", () => {
    expect(promiseStatus(due, minutes(600), due, 15)).toBe("met");
    expect(promiseStatus(due, minutes(-30), minutes(-40), 15)).toBe("met");
    expect(promiseStatus(due, minutes(600), minutes(1), 15)).toBe("metLate");
  });

  it("gives a question both promises, the resolution once it is classified", () => {
    const question = { receivedAt: at("2026-11-23 10:00"), firstRepliedAt: at("2026-11-23 10:50"), resolvedAt: null };
    const now = at("2026-11-24 03:00");
    expect(questionPromises({ ...question, complexity: null }, chengdu, now)).toEqual({
      firstReply: { dueAt: at("2026-11-23 11:00"), status: "met" },
      resolution: null,
    });
    expect(questionPromises({ ...question, complexity: "simple" }, chengdu, now).resolution).toEqual({
      dueAt: at("2026-11-24 10:00"),
      status: "onTime",
    });
    expect(
      questionPromises({ ...question, complexity: "simple" }, chengdu, at("2026-11-24 06:00")).resolution?.status,
    ).toBe("dueSoon");
  });
});

describe("settings", () => {
  it("defaults to Chengdu's promises", () => {
    expect(chengdu).toMatchObject({
      timeZone: "Asia/Shanghai",
      workingPeriods: [
        { start: 9 * 60, end: 12 * 60 },
        { start: 13 * 60 + 30, end: 17 * 60 + 30 },
      ],
      workingWeekdays: [1, 2, 3, 4, 5],
      firstReply: { workingMinutes: 60, outsideWorkingDay: { elapsedMinutes: 480 } },
      resolutionHours: { simple: 24, normal: 48, complex: 72 },
    });
  });

  it("follows the city's time zone unless the promises name their own", () => {
    expect(parsePromiseSettings({ CITY_TIME_ZONE: "Asia/Urumqi" }).timeZone).toBe("Asia/Urumqi");
    expect(parsePromiseSettings({ CITY_TIME_ZONE: "Asia/Urumqi", PROMISE_TIME_ZONE: "Asia/Shanghai" }).timeZone).toBe(
      "Asia/Shanghai",
    );
  });

  it("reads date ranges and weekday lists", () => {
    const settings = parsePromiseSettings({
      PROMISE_HOLIDAYS: "2027-02-05/2027-02-08, 2027-05-01",
      PROMISE_WORKING_DAYS: "mon-wed,fri",
    });
    expect(settings.holidays).toEqual(["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-05-01"]);
    expect(settings.workingWeekdays).toEqual([1, 2, 3, 5]);
  });

  it("stops with one message naming every wrong variable", () => {
    const wrong = () =>
      parsePromiseSettings({
        PROMISE_TIME_ZONE: "Mars/Olympus",
        PROMISE_HOLIDAYS: "2026-13-01",
        PROMISE_WORKING_HOURS: "09:00-12:00,11:00-17:00",
        PROMISE_RESOLUTION_HOURS: "24,48",
      });
    expect(wrong).toThrow(/PROMISE_TIME_ZONE: "Mars\/Olympus" is not a time zone/);
    expect(wrong).toThrow(/PROMISE_HOLIDAYS: "2026-13-01" is not a date in the calendar/);
    expect(wrong).toThrow(/PROMISE_WORKING_HOURS: the working periods overlap/);
    expect(wrong).toThrow(/PROMISE_RESOLUTION_HOURS: give 3 numbers/);
  });

  it("refuses a date that is both a holiday and a make-up working day", () => {
    expect(() => parsePromiseSettings({ PROMISE_HOLIDAYS: "2026-10-10" })).toThrow(
      /PROMISE_EXTRA_WORKDAYS: 2026-10-10 also listed in PROMISE_HOLIDAYS/,
    );
  });

  it("refuses working hours that do not make sense", () => {
    expect(() => parsePromiseSettings({ PROMISE_WORKING_HOURS: "17:00-09:00" })).toThrow(/must end after it starts/);
    expect(() => parsePromiseSettings({ PROMISE_WORKING_HOURS: "9-17" })).toThrow(/is not a time like 09:00/);
    expect(() => parsePromiseSettings({ PROMISE_WORKING_DAYS: "weekdays" })).toThrow(/is not a weekday/);
    expect(() => parsePromiseSettings({ PROMISE_FIRST_REPLY_HOURS: "0" })).toThrow(
      /PROMISE_FIRST_REPLY_HOURS: must be more than 0/,
    );
  });
});
