// Days in the forum's time zone: a ballot keeps only its day (castOn), and a code works to the
// end of its last day.
import { Temporal } from "temporal-polyfill";

// Building an Intl formatter costs more than casting a ballot's insert: one per zone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day ("2027-03-14") of an instant in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  // en-CA formats as YYYY-MM-DD.
  if (!format)
    dayFormats.set(
      timeZone,
      (format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })),
    );
  return format.format(instant);
}

/**
 * The instant the day after `day` begins in the zone: the end of `day`. Where the clocks skip
 * midnight, the day begins at the first minute it has.
 */
export function endOfDay(day: string, timeZone: string): Date {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  const nextDay = new Temporal.PlainDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  return new Date(nextDay.toZonedDateTime(timeZone).epochMilliseconds);
}
