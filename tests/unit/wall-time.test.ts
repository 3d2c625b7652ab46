import { describe, expect, it } from "vitest";
import { endOfDay } from "~/features/priorities/voting-days";
import { offsetAt } from "~/shared/time-zone";
import { dateToWallTime, dayRange, isCalendarDate, wallTimeToDate } from "~/shared/wall-time";

describe("wall-clock times", () => {
  it("reads a datetime-local value in the reader's zone and writes it back", () => {
    expect(wallTimeToDate("2026-12-01T09:30", "Asia/Shanghai").toISOString()).toBe("2026-12-01T01:30:00.000Z");
    expect(dateToWallTime("2026-12-01T01:30:00.000Z", "Asia/Shanghai")).toBe("2026-12-01T09:30");
    expect(dateToWallTime(new Date("2026-07-01T12:00:59.999Z"), "Europe/Berlin")).toBe("2026-07-01T14:00");
  });

  it("moves a time the clocks skip forward and takes the earlier of a repeated one", () => {
    expect(wallTimeToDate("2026-03-29T02:30", "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(wallTimeToDate("2026-10-25T02:30", "Europe/Berlin").toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("spans whole days, whatever their length", () => {
    expect(dayRange("2026-03-29", "2026-03-29", "Europe/Berlin")).toEqual({
      from: new Date("2026-03-28T23:00:00Z"),
      to: new Date("2026-03-29T22:00:00Z"),
    });
    expect(dayRange(undefined, undefined, "UTC")).toEqual({ from: undefined, to: undefined });
    expect(endOfDay("2026-03-29", "Europe/Berlin")).toEqual(new Date("2026-03-29T22:00:00Z"));
    expect(endOfDay("2027-03-14", "Asia/Shanghai")).toEqual(new Date("2027-03-14T16:00:00Z"));
  });

  it("knows real days from impossible ones", () => {
    expect(isCalendarDate("2026-02-28T09:30")).toBe(true);
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("2026-02-28T25:00")).toBe(false);
  });

  it("gives a zone's offset at an instant", () => {
    expect(offsetAt(Date.UTC(2026, 0, 1), "Asia/Shanghai")).toBe(8 * 3_600_000);
    expect(offsetAt(Date.UTC(2026, 6, 1), "America/New_York")).toBe(-4 * 3_600_000);
  });
});
