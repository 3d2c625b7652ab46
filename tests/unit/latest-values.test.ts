import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LatestValues } from "~/features/live/latest-values.server";

describe("latest values", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("publish a burst of changes as one event per interval, each key with its latest value", () => {
    const published: Array<[string, Record<string, number>]> = [];
    const votes = new LatestValues<number>(1000, (topic, values) => published.push([topic, values]));

    for (let count = 1; count <= 50; count++) votes.set("session-a", "q1", count);
    votes.set("session-a", "q2", 7);
    votes.set("session-b", "q9", 1);
    vi.advanceTimersByTime(0);
    // The first change after a quiet time goes out at once, with what came in the same moment.
    expect(published).toEqual([
      ["session-a", { q1: 50, q2: 7 }],
      ["session-b", { q9: 1 }],
    ]);

    for (let count = 51; count <= 80; count++) votes.set("session-a", "q1", count);
    vi.advanceTimersByTime(999);
    expect(published).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(published.at(-1)).toEqual(["session-a", { q1: 80 }]);

    vi.advanceTimersByTime(5000);
    expect(published).toHaveLength(3);
  });
});
