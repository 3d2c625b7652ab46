// The promise settings in force in this process: the environment's, with the holidays that
// administrators entered on /admin/holidays (decision 0030). The promise clock reads them
// synchronously (a status list computes hundreds of due times), so each process keeps them in
// memory: loaded before the server listens, replaced at once by a change made in this process,
// and read again from the database when they are older than a minute, so that a change made on
// another instance reaches this one within it.
import { db } from "~/db.server";
import { missingHolidayYears, type PromiseSettings } from "./promise-clock";
import { environmentPromiseSettings } from "./promise-settings.server";

const REFRESH_AFTER_MS = 60_000;

let current: PromiseSettings = environmentPromiseSettings;
// performance.now(), not Date: tests move the Date clock backwards and forwards.
let loadedAt = -Infinity;
let loading: Promise<void> | null = null;

interface HolidayRow {
  date: string;
  kind: string;
  year: number;
}

/** The environment's settings with every year entered on the page in place of the environment's dates of that year. */
export function withHolidays(settings: PromiseSettings, rows: readonly HolidayRow[]): PromiseSettings {
  if (rows.length === 0) return settings;
  const entered = new Set(rows.map((row) => String(row.year)));
  const keep = (date: string) => !entered.has(date.slice(0, 4));
  return {
    ...settings,
    holidays: [
      ...settings.holidays.filter(keep),
      ...rows.filter((row) => row.kind === "day-off").map((row) => row.date),
    ],
    extraWorkdays: [
      ...settings.extraWorkdays.filter(keep),
      ...rows.filter((row) => row.kind === "working-day").map((row) => row.date),
    ],
  };
}

/** The promise settings in force: the environment's, with the holidays administrators entered. */
export function promiseSettings(): PromiseSettings {
  if (performance.now() - loadedAt > REFRESH_AFTER_MS && !loading) {
    // A stale read in the meantime is at most a minute old; a failed read keeps what was there.
    loading = readHolidays()
      .catch((error: unknown) => console.error("holidays: could not read the holidays", error))
      .finally(() => (loading = null));
  }
  return current;
}

export async function readHolidays() {
  const rows = await db.holiday.findMany({ select: { date: true, kind: true, year: true } });
  current = withHolidays(environmentPromiseSettings, rows);
  loadedAt = performance.now();
}

let warned = false;

/**
 * Reads the entered holidays before the server takes its first request, and says once, where the
 * person running the forum reads it, which years are missing (the dashboard says it too).
 */
export async function loadHolidays() {
  await readHolidays();
  const missing = missingHolidayYears(new Date(), current);
  if (missing.length > 0 && !warned && process.env.NODE_ENV !== "test") {
    warned = true;
    console.warn(
      `promises: no public holidays or make-up working days are set for ${missing.join(" and ")}: ` +
        "until they are, those years' holidays count as working days. An administrator enters them on " +
        '/admin/holidays (or add them to PROMISE_HOLIDAYS and PROMISE_EXTRA_WORKDAYS, README "Response-time promises").',
    );
  }
}

/** Years whose holidays the promises should know by `now` and do not (empty when all is well). */
export const holidaysMissing = (now = new Date()) => missingHolidayYears(now, promiseSettings());
