// Beijing wall-clock time for the tests of promises, and text as React writes it into HTML. The
// clock is the Date object alone, faked in the test process (the server runs in it too), so the
// database, sockets and timers keep real time.
import { Temporal } from "temporal-polyfill";
import { vi } from "vitest";

export const BEIJING = "Asia/Shanghai";

/** A wall-clock time in a zone, "2026-03-03 10:00", as the instant it names. */
export function at(wallTime: string, timeZone = BEIJING): Date {
  return new Date(Temporal.PlainDateTime.from(wallTime.replace(" ", "T")).toZonedDateTime(timeZone).epochMilliseconds);
}

/** An instant as a wall-clock time in a zone, the way the tests name it. */
export function wall(instant: Date, timeZone = BEIJING): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
  return `${zoned.toPlainDate().toString()} ${zoned.toPlainTime().toString({ smallestUnit: "minute" })}`;
}

/** Sets this process's clock (the server's too) to a Beijing wall time; it stays there until moved. */
export function clockAt(wallTime: string) {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at(wallTime));
}
