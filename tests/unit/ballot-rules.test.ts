// The validation of a ballot's choices (app/features/priorities/ballot-rules.ts): pure, shared by
// the ballot form, paper entry and the recount tool, so it is tested without a database.
import { describe, expect, it } from "vitest";
import {
  ballotFormSchema,
  checkChoices,
  parsePaperBallots,
  type BallotRules,
} from "~/features/priorities/ballot-rules";

describe("ballot rules (pure)", () => {
  const rules = (
    method: BallotRules["method"],
    maxChoices: number | null = 3,
    budgetTotal: number | null = null,
  ): BallotRules => ({
    method,
    maxChoices,
    budgetTotal,
    candidates: [1, 2, 3, 4, 5].map((ballotNumber) => ({ ballotNumber, estimatedCost: ballotNumber * 100 })),
  });
  it("refuses more than K, duplicates, unknown numbers and an empty ballot", () => {
    expect(checkChoices(rules("approval"), [1, 2, 3, 4])?.key).toBe("priorities.voting.errors.tooMany");
    expect(checkChoices(rules("ranked"), [2, 2])?.key).toBe("priorities.voting.errors.duplicate");
    expect(checkChoices(rules("approval"), [9])?.key).toBe("priorities.voting.errors.unknownNumber");
    expect(checkChoices(rules("approval"), [])?.key).toBe("priorities.voting.errors.noChoice");
    expect(checkChoices(rules("approval"), [3, 1])).toBeNull();
  });
  it("refuses a budget ballot over the total, and accepts one within it", () => {
    expect(checkChoices(rules("budget", null, 700), [3, 5])?.key).toBe("priorities.voting.errors.overBudget");
    expect(checkChoices(rules("budget", null, 700), [2, 5])).toBeNull();
  });
  it("reads ranks into the voter's order and refuses shared, missing and too high ranks", () => {
    const schema = ballotFormSchema(rules("ranked"));
    expect(schema.parse({ "rank-4": "1", "rank-2": "2", "rank-5": "" })).toEqual([4, 2]);
    const message = (input: Record<string, string>) => schema.safeParse(input).error?.issues[0]?.message ?? null;
    expect(message({ "rank-1": "1", "rank-2": "1" })).toBe("priorities.voting.errors.sameRank");
    expect(message({ "rank-1": "1", "rank-2": "3" })).toBe("priorities.voting.errors.rankGap");
    expect(message({ "rank-1": "4" })).toBe("priorities.voting.errors.rankTooHigh");
    expect(message({ "rank-1": "x" })).toBe("priorities.voting.errors.invalidRank");
    expect(message({ "rank-1": "0" })).toBe("priorities.voting.errors.invalidRank");
  });
  it("reports the first bad line of a paper batch by its number", () => {
    const result = parsePaperBallots(rules("ranked"), "1 2 3\n\n4 5\n2 2\n1");
    expect(result).toMatchObject({ ok: false, line: 4, problem: { key: "priorities.voting.errors.duplicate" } });
    expect(parsePaperBallots(rules("approval"), "3 1\n 2，4 ")).toEqual({
      ok: true,
      ballots: [
        [3, 1],
        [2, 4],
      ],
    });
  });
});
