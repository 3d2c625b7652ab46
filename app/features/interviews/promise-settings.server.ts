// The installation's response-time promises, read from the environment once at startup and
// checked with zod: a wrong setting stops the server with a message that names the variable,
// rather than quietly computing wrong deadlines. Defaults are Chengdu's (decision 0012).
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { CHINA_EXTRA_WORKDAYS_2026, CHINA_HOLIDAYS_2026 } from "./china-public-holidays";
import type { PromiseSettings, WorkingPeriod } from "./promise-clock";
import { COMPLEXITIES } from "./state";

export const PROMISE_SETTING_DEFAULTS = {
  PROMISE_TIME_ZONE: "Asia/Shanghai",
  PROMISE_WORKING_HOURS: "09:00-12:00,13:30-17:30",
  PROMISE_WORKING_DAYS: "mon-fri",
  PROMISE_HOLIDAYS: CHINA_HOLIDAYS_2026,
  PROMISE_EXTRA_WORKDAYS: CHINA_EXTRA_WORKDAYS_2026,
  PROMISE_FIRST_REPLY_HOURS: "1",
  PROMISE_FIRST_REPLY_OUTSIDE_HOURS: "8",
  PROMISE_RESOLUTION_HOURS: "24,48,72",
  PROMISE_FIRST_REPLY_DUE_SOON_MINUTES: "15",
  PROMISE_RESOLUTION_DUE_SOON_HOURS: "4",
} as const;

type Setting = keyof typeof PROMISE_SETTING_DEFAULTS;

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const LONGEST_DATE_RANGE_DAYS = 366;

const list = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** A setting's text, turned into a value or an issue with a message for the person installing. */
function setting<T>(parse: (value: string, fail: (message: string) => never) => T) {
  return z.string().transform((value, context) => {
    class Invalid extends Error {}
    try {
      return parse(value.trim(), (message) => {
        throw new Invalid(message);
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      context.addIssue({ code: "custom", message: error.message, input: value });
      return z.NEVER;
    }
  });
}

function number(text: string, fail: (message: string) => never, { min, max }: { min: number; max: number }) {
  const value = Number(text);
  if (text === "" || !Number.isFinite(value) || value < min || value > max)
    fail(`"${text}" is not a number from ${min} to ${max}`);
  return value;
}

function plainDate(text: string, fail: (message: string) => never): Temporal.PlainDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) fail(`"${text}" is not a date like 2026-10-01`);
  try {
    return Temporal.PlainDate.from(text, { overflow: "reject" });
  } catch {
    return fail(`"${text}" is not a date in the calendar`);
  }
}

/** "2026-10-01,2026-10-02" or ranges "2026-10-01/2026-10-07" (both ends included), as single dates. */
const dateList = setting((value, fail) =>
  list(value).flatMap((item) => {
    const [first, last = first, extra] = item.split("/");
    if (extra !== undefined) fail(`"${item}" is not a date or a range like 2026-10-01/2026-10-07`);
    const from = plainDate(first, fail);
    const to = plainDate(last, fail);
    const days = from.until(to, { largestUnit: "day" }).days;
    if (days < 0 || days >= LONGEST_DATE_RANGE_DAYS) fail(`"${item}" must go forward and span at most a year`);
    return Array.from({ length: days + 1 }, (_, index) => from.add({ days: index }).toString());
  }),
);

function minuteOfDay(text: string, fail: (message: string) => never): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || !(minute <= 1440))
    fail(`"${text}" is not a time like 09:00 (24:00 ends the day)`);
  return minute;
}

const workingHours = setting((value, fail): WorkingPeriod[] => {
  const periods = list(value).map((item) => {
    const [start, end, extra] = item.split("-").map((part) => part.trim());
    if (end === undefined || extra !== undefined) fail(`"${item}" is not a period like 09:00-12:00`);
    const period = { start: minuteOfDay(start, fail), end: minuteOfDay(end, fail) };
    if (period.start >= period.end) fail(`"${item}" must end after it starts, within one day`);
    return period;
  });
  if (periods.length === 0) fail("at least one working period is needed, e.g. 09:00-17:00");
  periods.sort((a, b) => a.start - b.start);
  periods.slice(1).forEach((period, index) => {
    if (period.start < periods[index].end) fail("the working periods overlap");
  });
  return periods;
});

const workingDays = setting((value, fail) => {
  const dayNumber = (name: string) => {
    const index = WEEKDAYS.indexOf(name.trim().toLowerCase());
    if (index < 0) fail(`"${name}" is not a weekday: use ${WEEKDAYS.join(", ")}`);
    return index + 1;
  };
  const days = list(value).flatMap((item) => {
    const [first, last = first] = item.split("-");
    const from = dayNumber(first);
    const to = dayNumber(last);
    if (to < from) fail(`"${item}" must run forward, like mon-fri`);
    return Array.from({ length: to - from + 1 }, (_, index) => from + index);
  });
  if (days.length === 0) fail("at least one working weekday is needed, e.g. mon-fri");
  return [...new Set(days)].sort((a, b) => a - b);
});

const amount = (max: number) => setting((value, fail) => number(value, fail, { min: 0, max }));
const positiveAmount = (max: number) =>
  setting((value, fail) => {
    const result = number(value, fail, { min: 0, max });
    if (result === 0) fail("must be more than 0");
    return result;
  });

const outsideHours = setting((value, fail): number | "working" =>
  value.toLowerCase() === "working" ? "working" : number(value, fail, { min: 0, max: 24 * 30 }),
);

const resolutionHours = setting((value, fail) => {
  const values = list(value).map((item) => number(item, fail, { min: 0, max: 24 * 365 }));
  if (values.length !== COMPLEXITIES.length || values.includes(0)) {
    fail(`give ${COMPLEXITIES.length} numbers of hours above 0, for ${COMPLEXITIES.join(", ")}: e.g. 24,48,72`);
  }
  return values;
});

const timeZone = setting((value, fail) => {
  try {
    return Temporal.Now.zonedDateTimeISO(value).timeZoneId;
  } catch {
    return fail(`"${value}" is not a time zone name like Asia/Shanghai`);
  }
});

const environmentSchema = z
  .object({
    PROMISE_TIME_ZONE: timeZone,
    PROMISE_WORKING_HOURS: workingHours,
    PROMISE_WORKING_DAYS: workingDays,
    PROMISE_HOLIDAYS: dateList,
    PROMISE_EXTRA_WORKDAYS: dateList,
    PROMISE_FIRST_REPLY_HOURS: positiveAmount(24 * 7),
    PROMISE_FIRST_REPLY_OUTSIDE_HOURS: outsideHours,
    PROMISE_RESOLUTION_HOURS: resolutionHours,
    PROMISE_FIRST_REPLY_DUE_SOON_MINUTES: amount(24 * 60),
    PROMISE_RESOLUTION_DUE_SOON_HOURS: amount(24 * 365),
  } satisfies Record<Setting, z.ZodType>)
  .superRefine((settings, context) => {
    const holidays = new Set(settings.PROMISE_HOLIDAYS);
    const both = settings.PROMISE_EXTRA_WORKDAYS.filter((date) => holidays.has(date));
    if (both.length > 0) {
      context.addIssue({
        code: "custom",
        path: ["PROMISE_EXTRA_WORKDAYS"],
        message: `${both.join(", ")} also listed in PROMISE_HOLIDAYS`,
      });
    }
  });

const minutes = (hoursValue: number) => Math.round(hoursValue * 60);

/**
 * The promise settings from environment variables (unset or empty ones take the defaults).
 * Throws one error listing every wrong variable.
 */
export function parsePromiseSettings(environment: Record<string, string | undefined>): PromiseSettings {
  const texts = Object.fromEntries(
    Object.entries(PROMISE_SETTING_DEFAULTS).map(([name, fallback]) => {
      const given = environment[name];
      // CITY_TIME_ZONE is the city's zone for showing dates; the promises follow it unless told otherwise.
      const cityZone = name === "PROMISE_TIME_ZONE" ? environment.CITY_TIME_ZONE?.trim() : undefined;
      return [name, given?.trim() ? given : cityZone || fallback];
    }),
  );
  const parsed = environmentSchema.safeParse(texts);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(
      `The response-time promise settings are not valid (see README, "Response-time promises"):\n${lines.join("\n")}`,
    );
  }
  const values = parsed.data;
  const [simple, normal, complex] = values.PROMISE_RESOLUTION_HOURS;
  const outside = values.PROMISE_FIRST_REPLY_OUTSIDE_HOURS;
  return {
    timeZone: values.PROMISE_TIME_ZONE,
    workingPeriods: values.PROMISE_WORKING_HOURS,
    workingWeekdays: values.PROMISE_WORKING_DAYS,
    holidays: values.PROMISE_HOLIDAYS,
    extraWorkdays: values.PROMISE_EXTRA_WORKDAYS,
    firstReply: {
      workingMinutes: minutes(values.PROMISE_FIRST_REPLY_HOURS),
      outsideWorkingDay: outside === "working" ? "working" : { elapsedMinutes: minutes(outside) },
    },
    resolutionHours: { simple, normal, complex },
    dueSoonMinutes: {
      firstReply: Math.round(values.PROMISE_FIRST_REPLY_DUE_SOON_MINUTES),
      resolution: minutes(values.PROMISE_RESOLUTION_DUE_SOON_HOURS),
    },
  };
}

/**
 * This installation's promises as its environment sets them. Read when the server starts, so a
 * wrong setting stops it at once; `promiseSettings()` (holidays.server.ts) adds the holidays
 * administrators entered.
 */
export const environmentPromiseSettings: PromiseSettings = parsePromiseSettings(process.env);
