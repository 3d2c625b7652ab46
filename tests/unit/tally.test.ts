// The counting rules of decision 0018 against results worked out by hand.
import { describe, expect, it } from "vitest";
import {
  countBallots,
  resultFromMatrix,
  tallyBallots,
  type BallotText,
  type TallyResult,
  type TallyTerms,
} from "~/features/priorities/tally";

const candidates = (count: number, cost: (n: number) => number | null = () => null) =>
  Array.from({ length: count }, (_, index) => ({ ballotNumber: index + 1, cost: cost(index + 1) }));
const online = (...choices: string[]): BallotText[] => choices.map((text) => ({ channel: "online", choices: text }));
const offline = (...choices: string[]): BallotText[] => choices.map((text) => ({ channel: "offline", choices: text }));

/** "ballot number: combined score" in rank order. */
const ranking = (result: TallyResult) =>
  result.candidates.map((candidate) => `${candidate.ballotNumber}:${candidate.combined.score}`);
const byNumber = (result: TallyResult, ballotNumber: number) =>
  result.candidates.find((candidate) => candidate.ballotNumber === ballotNumber)!;

describe("approval", () => {
  const terms: TallyTerms = { method: "approval", maxChoices: 2, budgetTotal: null, candidates: candidates(4) };

  it("gives one point per candidate chosen, online and offline apart and together", () => {
    const result = tallyBallots(terms, [...online("1,2", "2", "3,2"), ...offline("3", "3,1")]);
    // 1: online 1, offline 1; 2: online 3; 3: online 1, offline 2; 4: none.
    expect(ranking(result)).toEqual(["2:3", "3:3", "1:2", "4:0"]);
    expect(byNumber(result, 3)).toMatchObject({
      online: { score: 1, ballots: 1 },
      offline: { score: 2, ballots: 2 },
      combined: { score: 3, ballots: 3 },
    });
    expect(result.ballots).toEqual({ online: 3, offline: 2, combined: 5 });
    expect(result.invalid).toEqual({ online: 0, offline: 0, combined: 0 });
    // 2 and 3 tie on points and ballots; the first preference is not a rule for approval: lower number first.
    expect(byNumber(result, 3).placedBy).toBe("ballotNumber");
    expect(byNumber(result, 1).placedBy).toBe("score");
    expect(result.candidates.map((candidate) => candidate.rank)).toEqual([1, 2, 3, 4]);
    expect(result.candidates.every((candidate) => candidate.funded === null)).toBe(true);
  });

  it("reads many ballots joined by ';' the same as one at a time", () => {
    const separate = tallyBallots(terms, [...online("1,2", "2", "3,2"), ...offline("3", "3,1")]);
    const joined = tallyBallots(terms, [
      { channel: "online", choices: "1,2;2;3,2" },
      { channel: "offline", choices: "3;3,1" },
    ]);
    expect(joined).toEqual(separate);
  });

  it("sets aside a ballot with too many choices, a repeat, an unknown number or a stray character", () => {
    const result = tallyBallots(terms, online("1,2,3", "2,2", "9", "0", "1,,2", "1;x", "4,1"));
    // Only "4,1" is valid; "1;x" is two ballots: "1" valid, "x" not.
    expect(result.ballots.online).toBe(2);
    expect(result.invalid.online).toBe(6);
    expect(ranking(result)).toEqual(["1:2", "4:1", "2:0", "3:0"]);
  });

  it("reads only the stored form: '1 2' is not No. 12, and '3,', ' 4' or '07' are no ballots", () => {
    const twelve: TallyTerms = { method: "approval", maxChoices: 2, budgetTotal: null, candidates: candidates(12) };
    const result = tallyBallots(twelve, online("1 2", "3,", ",3", " 4", "4 ", "07", "12"));
    expect(result.ballots.online).toBe(1);
    expect(result.invalid.online).toBe(6);
    expect(byNumber(result, 12).combined.score).toBe(1);
    expect(
      result.candidates.filter((candidate) => candidate.combined.score > 0).map((candidate) => candidate.ballotNumber),
    ).toEqual([12]);
  });

  it("sets aside an empty ballot: abstaining is not casting, as the ballot form says", () => {
    const result = tallyBallots(terms, [...online(""), { channel: "offline", choices: "2;;1" }]);
    expect(result.ballots).toEqual({ online: 0, offline: 2, combined: 2 });
    expect(result.invalid).toEqual({ online: 1, offline: 1, combined: 2 });
  });

  it("keeps the count matrix: how many ballots chose each candidate, per channel", () => {
    const matrix = countBallots(terms, [...online("1,2", "2", "3,2"), ...offline("3", "3,1", "9")]);
    expect(matrix.columns).toBe(1);
    expect(matrix.online).toEqual({ counted: 3, setAside: 0, counts: [[1], [3], [1], [0]] });
    expect(matrix.offline).toEqual({ counted: 2, setAside: 1, counts: [[1], [0], [2], [0]] });
    expect(resultFromMatrix(matrix)).toEqual(
      tallyBallots(terms, [...online("1,2", "2", "3,2"), ...offline("3", "3,1", "9")]),
    );
  });
});

describe("ranked, with Borda points", () => {
  const terms: TallyTerms = { method: "ranked", maxChoices: 3, budgetTotal: null, candidates: candidates(4) };

  it("gives K - r + 1 points for rank r, and nothing to the unranked", () => {
    // K = 3: first 3, second 2, third 1.
    const result = tallyBallots(terms, [...online("1,2,3", "2,1"), ...offline("3")]);
    // 1: 3 + 2 = 5; 2: 2 + 3 = 5; 3: 1 + 3 = 4; 4: 0.
    expect(ranking(result)).toEqual(["1:5", "2:5", "3:4", "4:0"]);
    // 1 and 2 tie on points and have one first preference each, two ballots each: lower number.
    expect(byNumber(result, 2).placedBy).toBe("ballotNumber");
    expect(byNumber(result, 3)).toMatchObject({
      online: { score: 1, firstPreferences: 0 },
      offline: { score: 3, firstPreferences: 1 },
      combined: { score: 4, ballots: 2 },
    });
  });

  it("counts from K capped at the number of candidates: 5 ranks allowed, 3 candidates give 3, 2 and 1 points", () => {
    const result = tallyBallots({ ...terms, maxChoices: 5, candidates: candidates(3) }, online("1,2,3", "3"));
    // The ballot page says the first choice gets 3 points; the count must give 3, not 5.
    expect(ranking(result)).toEqual(["3:4", "1:3", "2:2"]);
    const matrix = countBallots(
      { ...terms, maxChoices: 5, candidates: candidates(3) },
      online("1,2,3", "3", "1,2,3,4"),
    );
    expect(matrix.columns).toBe(3);
    expect(matrix.online).toEqual({
      counted: 2,
      setAside: 1,
      counts: [
        [1, 0, 0],
        [0, 1, 0],
        [1, 0, 1],
      ],
    });
  });

  it("counts a ranked cycle without a K as if K were the number of candidates", () => {
    const result = tallyBallots({ ...terms, maxChoices: null, candidates: candidates(4) }, online("2,1,3,4"));
    expect(ranking(result)).toEqual(["2:4", "1:3", "3:2", "4:1"]);
  });

  it("counts a partial ranking as the top of a full one", () => {
    const partial = tallyBallots({ ...terms, maxChoices: 5, candidates: candidates(6) }, online("6,4"));
    expect(byNumber(partial, 6).combined.score).toBe(5);
    expect(byNumber(partial, 4).combined.score).toBe(4);
    expect(partial.candidates.filter((candidate) => candidate.combined.score === 0)).toHaveLength(4);
  });

  it("breaks a tie on points by first preferences", () => {
    // 1: 3 + 1 = 4 with one first preference; 2: 2 + 2 = 4 with none.
    const result = tallyBallots(terms, online("1,2", "3,2,1"));
    expect(ranking(result).slice(0, 2)).toEqual(["1:4", "2:4"]);
    expect(byNumber(result, 2).placedBy).toBe("firstPreferences");
  });

  it("breaks a tie on points and first preferences by the number of ballots naming it", () => {
    // K = 5: points 5, 4, 3, 2, 1.
    //   "5,1":        5 → 5, 1 → 4
    //   "6,5,2":      6 → 5, 5 → 4, 2 → 3
    //   "6,5,3,4,2":  6 → 5, 5 → 4, 3 → 3, 4 → 2, 2 → 1
    // 1: 4 points on one ballot, 2: 3 + 1 = 4 points on two; neither is anyone's first.
    const five: TallyTerms = { ...terms, maxChoices: 5, candidates: candidates(6) };
    const result = tallyBallots(five, online("5,1", "6,5,2", "6,5,3,4,2"));
    expect(ranking(result)).toEqual(["5:13", "6:10", "2:4", "1:4", "3:3", "4:2"]);
    expect(byNumber(result, 1).combined).toEqual({ score: 4, ballots: 1, firstPreferences: 0 });
    expect(byNumber(result, 2).combined).toEqual({ score: 4, ballots: 2, firstPreferences: 0 });
    expect(byNumber(result, 1).placedBy).toBe("ballots");
    expect(byNumber(result, 6).placedBy).toBe("score");
  });
});

describe("budget", () => {
  // Costs: 1 → 60, 2 → 50, 3 → 30, 4 → 20, 5 → no estimate. Budget 100.
  const terms: TallyTerms = {
    method: "budget",
    maxChoices: null,
    budgetTotal: 100,
    candidates: candidates(5, (n) => [60, 50, 30, 20, null][n - 1]),
  };

  it("ranks by ballots and funds down the list, skipping what no longer fits", () => {
    const result = tallyBallots(terms, [...online("1", "1,3", "2,3", "2,4"), ...offline("1,4", "2", "3,4", "5")]);
    // Ballots: 1 → 3, 2 → 3, 3 → 3, 4 → 3, 5 → 1: all of 1-4 tie; lower number first.
    expect(ranking(result)).toEqual(["1:3", "2:3", "3:3", "4:3", "5:1"]);
    // 1 (60) fits, leaving 40; 2 (50) does not; 3 (30) fits, leaving 10; 4 (20) does not; 5 has no cost.
    expect(result.candidates.map((candidate) => candidate.funded)).toEqual([true, false, true, false, false]);
    expect(result.fundedCost).toBe(90);
    expect(byNumber(result, 2).placedBy).toBe("ballotNumber");
  });

  it("sets aside a ballot over the budget total", () => {
    const result = tallyBallots(terms, online("1,2", "1,3"));
    expect(result.invalid.online).toBe(1);
    expect(ranking(result).slice(0, 2)).toEqual(["1:1", "3:1"]);
  });
});

describe("an empty count", () => {
  it("ranks every candidate at zero by ballot number, with zero totals", () => {
    const result = tallyBallots(
      { method: "ranked", maxChoices: 2, budgetTotal: null, candidates: candidates(3).reverse() },
      [],
    );
    expect(ranking(result)).toEqual(["1:0", "2:0", "3:0"]);
    expect(result.candidates.slice(1).map((candidate) => candidate.placedBy)).toEqual(["ballotNumber", "ballotNumber"]);
    expect(result.ballots).toEqual({ online: 0, offline: 0, combined: 0 });
  });

  it("has no rows without candidates", () => {
    expect(
      tallyBallots({ method: "approval", maxChoices: 3, budgetTotal: null, candidates: [] }, []).candidates,
    ).toEqual([]);
  });
});
