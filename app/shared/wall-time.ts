// datetime-local fields send a wall-clock time without a zone: it means the reader's zone.
// Interviews, priorities, policies and commitments all read such fields.
import { Temporal } from "temporal-polyfill";

/**
 * Whether "2026-02-28" or "2026-02-28T09:30" names a real day and time. Date.UTC rolls an
 * impossible one over (February 30 into March, hour 25 into the next day, year 0099 into 1999).
 */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour, minute));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute
  );
}

/**
 * "2026-12-01T09:30" in Asia/Shanghai -> the instant 01:30 UTC. A time the clocks skip (spring
 * forward) is moved forward by the gap, a repeated one (fall back) is the earlier of the two
 * (Temporal's "compatible"). An impossible day rolls over as Date.UTC does (the schemas refuse
 * one before it gets here).
 */
export function wallTimeToDate(wallTime: string, timeZone: string): Date {
  const [date, time] = wallTime.split("T");
  const [year, month, day] = date!.split("-").map(Number);
  const [hour, minute] = time!.split(":").map(Number);
  const wall = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!));
  const plain = new Temporal.PlainDateTime(
    wall.getUTCFullYear(),
    wall.getUTCMonth() + 1,
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
  );
  return new Date(plain.toZonedDateTime(timeZone).epochMilliseconds);
}

/** The instant as a datetime-local value in the zone, to fill in an edit form. */
export function dateToWallTime(value: Date | string, timeZone: string): string {
  const instant = Temporal.Instant.fromEpochMilliseconds(new Date(value).getTime());
  return instant.toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: "minute" });
}

/**
 * The instants a filter's "from" and "to" days span in the reader's zone: from the first day's
 * midnight up to (not including) the midnight after the last day, whatever the day's length.
 */
export function dayRange(from: string | undefined, to: string | undefined, timeZone: string) {
  const midnight = (day: string) => wallTimeToDate(`${day}T00:00`, timeZone);
  const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: from ? midnight(from) : undefined, to: to ? midnight(dayAfter(to)) : undefined };
}
