// The response-time promise clock (docs/decisions/0012): when a question's first reply
// and its resolution are due, and whether a promise is kept. Pure: no database, no environment.
// The settings come from promise-settings.server.ts; tests build their own.
import { Temporal } from "temporal-polyfill";
import type { Complexity } from "./state";

/** One stretch of a working day in local wall-clock minutes after midnight: 13:30–17:30 is { start: 810, end: 1050 }. */
export interface WorkingPeriod {
  start: number;
  /** Up to 1440 (24:00, the end of the day). */
  end: number;
}

/**
 * An installation's promises. Plain data (no Sets or Dates), so a loader can send it to a page
 * that explains the promises.
 */
export interface PromiseSettings {
  /** IANA zone in which working hours, weekdays and holiday dates are read, e.g. "Asia/Shanghai". */
  timeZone: string;
  /** A working day's periods, in order and apart. The gaps between them (the lunch break) are not working time. */
  workingPeriods: readonly WorkingPeriod[];
  /** ISO weekdays that are working days unless listed as holidays: 1 = Monday … 7 = Sunday. */
  workingWeekdays: readonly number[];
  /** Local dates (YYYY-MM-DD) that are not working days although their weekday is. */
  holidays: readonly string[];
  /** Local dates that are working days although their weekday is not (China's make-up days, 调休上班). */
  extraWorkdays: readonly string[];
  firstReply: {
    /** Working minutes allowed for a question received inside the working day (Chengdu: 60). */
    workingMinutes: number;
    /**
     * A question received outside the working day: due so many elapsed minutes after receipt
     * (Chengdu: 8 hours), or, with "working", `workingMinutes` counted from the next opening.
     */
    outsideWorkingDay: { elapsedMinutes: number } | "working";
  };
  /** Elapsed hours from receipt to resolution, by complexity (Chengdu: 24 / 48 / 72). */
  resolutionHours: Readonly<Record<Complexity, number>>;
  /** How close to its due time an open promise counts as "due soon", in minutes. */
  dueSoonMinutes: { firstReply: number; resolution: number };
}

/**
 * - `onTime`: not done yet, and more than the due-soon window left;
 * - `dueSoon`: not done yet, due within the window (or exactly now);
 * - `overdue`: not done, and the due time has passed;
 * - `met`: done at or before the due time;
 * - `metLate`: done, after the due time.
 */
export const PROMISE_STATUSES = ["onTime", "dueSoon", "overdue", "met", "metLate"] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// A calendar with no working day for this long is a settings error, not a question to wait on.
const LONGEST_SEARCH_DAYS = 3 * 366;

interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  extraWorkdays: ReadonlySet<string>;
  weekdays: ReadonlySet<number>;
}

// Settings objects are made once per process; a status list computes hundreds of due times.
const calendars = new WeakMap<PromiseSettings, WorkingCalendar>();

function calendarOf(settings: PromiseSettings): WorkingCalendar {
  let calendar = calendars.get(settings);
  if (!calendar) {
    calendar = {
      holidays: new Set(settings.holidays),
      extraWorkdays: new Set(settings.extraWorkdays),
      weekdays: new Set(settings.workingWeekdays),
    };
    calendars.set(settings, calendar);
  }
  return calendar;
}

function localDate(at: Date, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
}

/**
 * The instant a local wall-clock minute happens on a date. Where a DST change skips that minute
 * the later offset is used, where it repeats the earlier one (Temporal's "compatible"), so a
 * period that spans a change lasts the real time the office is open.
 */
function instantOf(date: Temporal.PlainDate, minute: number, timeZone: string): number {
  if (minute >= 1440) return date.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  const plainTime = new Temporal.PlainTime(Math.floor(minute / 60), minute % 60);
  return date.toZonedDateTime({ timeZone, plainTime }).epochMilliseconds;
}

/** Whether a local date (YYYY-MM-DD) is a working day: a make-up day, or a working weekday that is not a holiday. */
export function isWorkingDay(date: string, settings: PromiseSettings): boolean {
  const calendar = calendarOf(settings);
  if (calendar.extraWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return calendar.weekdays.has(Temporal.PlainDate.from(date).dayOfWeek);
}

/**
 * Whether a moment falls inside a working day: on a working day, from the first opening to the
 * last closing. The lunch break counts as inside: it is a pause in the day, not the night.
 */
export function isWithinWorkingDay(at: Date, settings: PromiseSettings): boolean {
  const date = localDate(at, settings.timeZone);
  if (!isWorkingDay(date.toString(), settings)) return false;
  const periods = settings.workingPeriods;
  const opens = instantOf(date, periods[0].start, settings.timeZone);
  const closes = instantOf(date, periods[periods.length - 1].end, settings.timeZone);
  return opens <= at.getTime() && at.getTime() < closes;
}

/**
 * The moment when `minutes` of working time have passed since `from`. Only working periods of
 * working days count; time before the next opening, the lunch break, evenings, weekends and
 * holidays do not. A deadline that uses up a period exactly is that period's closing time.
 */
export function addWorkingMinutes(from: Date, minutes: number, settings: PromiseSettings): Date {
  const start = from.getTime();
  let remaining = minutes * MINUTE;
  let date = localDate(from, settings.timeZone);
  for (let day = 0; day < LONGEST_SEARCH_DAYS; day++, date = date.add({ days: 1 })) {
    if (!isWorkingDay(date.toString(), settings)) continue;
    for (const period of settings.workingPeriods) {
      const closes = instantOf(date, period.end, settings.timeZone);
      const begins = Math.max(start, instantOf(date, period.start, settings.timeZone));
      if (begins >= closes) continue;
      if (remaining <= closes - begins) return new Date(begins + remaining);
      remaining -= closes - begins;
    }
  }
  throw new Error(
    `No working time within ${LONGEST_SEARCH_DAYS} days of ${from.toISOString()}: check the working days and holidays.`,
  );
}

/**
 * Closing time on the `days`-th working day after the local date of `from`: a session that ends
 * on Tuesday with a promise of three working days owes its answers by Friday's closing, whatever
 * hour it ended (decision 0030). Residents read "by Friday 17:30", not a count of minutes.
 */
export function addWorkingDays(from: Date, days: number, settings: PromiseSettings): Date {
  const closing = settings.workingPeriods[settings.workingPeriods.length - 1].end;
  let date = localDate(from, settings.timeZone);
  let left = days;
  for (let day = 0; day < LONGEST_SEARCH_DAYS; day++) {
    date = date.add({ days: 1 });
    if (isWorkingDay(date.toString(), settings) && --left <= 0)
      return new Date(instantOf(date, closing, settings.timeZone));
  }
  throw new Error(
    `No working day within ${LONGEST_SEARCH_DAYS} days of ${from.toISOString()}: check the working days and holidays.`,
  );
}

/** The later of two due times: a resolution is never due before the first reply (decision 0030). */
export const notBefore = (due: Date, earliest: Date) => (due.getTime() < earliest.getTime() ? earliest : due);

/**
 * When the first reply to a question received at `receivedAt` is due.
 * Inside the working day: `firstReply.workingMinutes` of working time (Chengdu: 1 working hour).
 * Outside it: `firstReply.outsideWorkingDay.elapsedMinutes` of real time (Chengdu: 8 hours),
 * or, where the installation chose "working", the working minutes from the next opening.
 */
export function firstReplyDueAt(receivedAt: Date, settings: PromiseSettings): Date {
  const { workingMinutes, outsideWorkingDay } = settings.firstReply;
  if (outsideWorkingDay === "working" || isWithinWorkingDay(receivedAt, settings)) {
    return addWorkingMinutes(receivedAt, workingMinutes, settings);
  }
  return new Date(receivedAt.getTime() + outsideWorkingDay.elapsedMinutes * MINUTE);
}

/**
 * When a question must be resolved: `resolutionHours[complexity]` elapsed hours after `from`.
 * Pass the time the question was received (decision 0012: classifying later does not move the
 * resident's deadline). Elapsed hours: a DST change does not lengthen or shorten the promise.
 */
export function resolutionDueAt(from: Date, complexity: Complexity, settings: PromiseSettings): Date {
  return new Date(from.getTime() + settings.resolutionHours[complexity] * HOUR);
}

/**
 * Where a promise stands at `now`. `doneAt` is when it was kept (the first reply, or the
 * resolution), or null/undefined while it is open. Open and exactly at its due time counts as
 * due soon, not yet overdue; done exactly at the due time is met.
 */
export function promiseStatus(
  dueAt: Date,
  now: Date,
  doneAt: Date | null | undefined,
  dueSoonMinutes: number,
): PromiseStatus {
  if (doneAt) return doneAt.getTime() <= dueAt.getTime() ? "met" : "metLate";
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return "overdue";
  return left <= dueSoonMinutes * MINUTE ? "dueSoon" : "onTime";
}

export interface PromiseState {
  dueAt: Date;
  status: PromiseStatus;
}

/**
 * Both promises of one question at `now`: what a question page shows and what the officials'
 * "overdue / due soon" list filters on. The resolution promise exists once the question has a
 * complexity.
 */
export function questionPromises(
  question: { receivedAt: Date; complexity: Complexity | null; firstRepliedAt: Date | null; resolvedAt: Date | null },
  settings: PromiseSettings,
  now: Date,
): { firstReply: PromiseState; resolution: PromiseState | null } {
  const firstReplyDue = firstReplyDueAt(question.receivedAt, settings);
  const firstReply = {
    dueAt: firstReplyDue,
    status: promiseStatus(firstReplyDue, now, question.firstRepliedAt, settings.dueSoonMinutes.firstReply),
  };
  if (!question.complexity) return { firstReply, resolution: null };
  // Friday 17:20 owes its first reply on Monday at 09:50; 48 elapsed hours would ask for the
  // resolution on Sunday, before the reply. A resolution is due no earlier than the reply.
  const resolutionDue = notBefore(resolutionDueAt(question.receivedAt, question.complexity, settings), firstReplyDue);
  return {
    firstReply,
    resolution: {
      dueAt: resolutionDue,
      status: promiseStatus(resolutionDue, now, question.resolvedAt, settings.dueSoonMinutes.resolution),
    },
  };
}

/**
 * Whether the holiday list covers the year of `at` (in the settings' zone). China publishes each
 * year's holidays in November; a page for officials can warn when next year's are still missing.
 */
export function holidaysKnownFor(at: Date, settings: PromiseSettings): boolean {
  const year = String(localDate(at, settings.timeZone).year);
  return [...settings.holidays, ...settings.extraWorkdays].some((date) => date.startsWith(`${year}-`));
}

/**
 * The years whose holidays the forum should know by `at` and does not: the current year, and from
 * November (when the State Council publishes the next year's schedule) the coming one. Without
 * them the Spring Festival counts as working days and every promise in it is wrong (decision 0030).
 */
export function missingHolidayYears(at: Date, settings: PromiseSettings): number[] {
  const today = localDate(at, settings.timeZone);
  const years = today.month >= 11 ? [today.year, today.year + 1] : [today.year];
  return years.filter((year) => !holidaysKnownFor(new Date(Date.UTC(year, 5, 1)), settings));
}
