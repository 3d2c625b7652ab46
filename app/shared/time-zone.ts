// Time-zone arithmetic that several features need (interviews' wall-clock fields, the days of
// a priority vote): shared here rather than borrowed between features.
import { Temporal } from "temporal-polyfill";

/** How far the zone's wall clock is ahead of UTC at that instant, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1_000_000;
}
