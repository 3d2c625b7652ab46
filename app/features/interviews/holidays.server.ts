// Public holidays and make-up working days (调休), which the State Council publishes each November.
// The installation's environment gives a default list (PROMISE_HOLIDAYS, PROMISE_EXTRA_WORKDAYS);
// an administrator enters each new year on /admin/holidays, and a year entered there replaces that
// year's dates from the environment (decision 0030).
import type { User } from "lucia";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import type { Outcome } from "~/shared/outcome";
import { readHolidays } from "./holiday-calendar.server";
import { environmentPromiseSettings } from "./promise-settings.server";
import { followNewSchedule } from "./promise.server";

export const HOLIDAY_KINDS = ["day-off", "working-day"] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** Each year the promises know, where its dates come from, and how many of each kind. */
export async function listHolidayYears() {
  const rows = await db.holiday.findMany({ select: { date: true, kind: true, year: true }, orderBy: { date: "asc" } });
  const years = new Map<
    number,
    { year: number; source: "entered" | "environment"; daysOff: string[]; workingDays: string[] }
  >();
  const yearOf = (year: number, source: "entered" | "environment") => {
    let entry = years.get(year);
    if (!entry) years.set(year, (entry = { year, source, daysOff: [], workingDays: [] }));
    return entry;
  };
  for (const row of rows)
    yearOf(row.year, "entered")[row.kind === "day-off" ? "daysOff" : "workingDays"].push(row.date);
  const entered = new Set(rows.map((row) => row.year));
  for (const [dates, key] of [
    [environmentPromiseSettings.holidays, "daysOff"],
    [environmentPromiseSettings.extraWorkdays, "workingDays"],
  ] as const) {
    for (const date of dates) {
      const year = Number(date.slice(0, 4));
      if (!entered.has(year)) yearOf(year, "environment")[key].push(date);
    }
  }
  return [...years.values()]
    .map((entry) => ({ ...entry, daysOff: [...entry.daysOff].sort(), workingDays: [...entry.workingDays].sort() }))
    .sort((a, b) => b.year - a.year);
}

export interface HolidaysInput {
  year: number;
  daysOff: string[];
  workingDays: string[];
}

/**
 * Replaces one year's holidays and make-up working days. Sessions that have not started yet
 * follow the new calendar, as they follow a new schedule; promises already running are kept
 * (decision 0030). The previous dates go into the audit log, so a slip can be put right.
 */
export async function setHolidays(
  actor: User,
  input: HolidaysInput,
): Promise<Outcome<{ year: number; moved: number }>> {
  const previous = await db.holiday.findMany({ where: { year: input.year }, orderBy: { date: "asc" } });
  const rows = [
    ...input.daysOff.map((date) => ({ date, kind: "day-off" as const, year: input.year })),
    ...input.workingDays.map((date) => ({ date, kind: "working-day" as const, year: input.year })),
  ];
  await db.$transaction(async (tx) => {
    await tx.holiday.deleteMany({ where: { year: input.year } });
    await tx.holiday.createMany({ data: rows });
    await recordAudit(tx, {
      actor,
      action: "holidays.set",
      targetType: "holidays",
      targetId: String(input.year),
      detail: {
        year: input.year,
        daysOff: input.daysOff,
        workingDays: input.workingDays,
        before: {
          daysOff: previous.filter((row) => row.kind === "day-off").map((row) => row.date),
          workingDays: previous.filter((row) => row.kind === "working-day").map((row) => row.date),
        },
      },
    });
  });
  await readHolidays();
  const now = new Date();
  const upcoming = await db.interviewSession.findMany({
    where: { closedAt: null, openedAt: null, startsAt: { gt: now } },
    select: { id: true, startsAt: true, endsAt: true, openedAt: true, endedAt: true, replyWorkingDays: true },
  });
  for (const session of upcoming) await db.$transaction((tx) => followNewSchedule(tx, session));
  return { ok: true, value: { year: input.year, moved: upcoming.length } };
}
