// What voters read is what is counted (decision 0024, issue item 5): a ranked cycle allowed 5
// ranks with 3 candidates, the ballot said "your first choice gets 3 points" and the count gave 5.
// For every method and shape of cycle, the explanation both pages show (in both languages) is
// checked against what tallyBallots actually does with ballots built to test each sentence.
import { describe, expect, it } from "vitest";
import { ballotCountingRule, checkChoices, choiceLimit, type BallotRules } from "~/features/priorities/ballot-rules";
import { countingRule, explainCountingRule, type Translate } from "~/features/priorities/counting-rule";
import { tallyBallots, type TallyTerms } from "~/features/priorities/tally";
import { i18nextFor } from "~/i18n/i18next.server";

const english = i18nextFor("en").t as Translate;
const chinese = i18nextFor("zh-CN").t as Translate;
const plain = (value: number) => String(value);
const explain = (terms: TallyTerms, t = english) => explainCountingRule(countingRule(terms), t, plain).join(" ");

const candidates = (count: number, cost: (n: number) => number | null = () => null) =>
  Array.from({ length: count }, (_, index) => ({ ballotNumber: index + 1, cost: cost(index + 1) }));
const numbers = (count: number) => Array.from({ length: count }, (_, index) => index + 1);
const online = (...choices: string[]) => choices.map((text) => ({ channel: "online" as const, choices: text }));

/** The same cycle as the ballot page sees it (ballot-rules.ts). */
const ballotRules = (terms: TallyTerms): BallotRules => ({
  method: terms.method,
  maxChoices: terms.maxChoices,
  budgetTotal: terms.budgetTotal,
  candidates: terms.candidates.map(({ ballotNumber, cost }) => ({ ballotNumber, estimatedCost: cost })),
});

/** "rank 2: 4 points" → [[2, 4]] from the English explanation. */
const statedPoints = (text: string) =>
  [...text.matchAll(/rank (\d+): (\d+) points?/g)].map((match) => [Number(match[1]), Number(match[2])]);

describe("ranked ballots: the stated points are the counted points", () => {
  const shapes: Array<[string, number | null, number, number]> = [
    // name, K as set, candidates, K as counted and stated
    ["K above the candidates (5 ranks, 3 candidates)", 5, 3, 3],
    ["K equal to the candidates", 3, 3, 3],
    ["K below the candidates", 2, 4, 2],
    ["K = 1", 1, 3, 1],
    ["no K set", null, 4, 4],
  ];

  it.each(shapes)("%s", (_, maxChoices, count, limit) => {
    const terms: TallyTerms = { method: "ranked", maxChoices, budgetTotal: null, candidates: candidates(count) };
    const text = explain(terms);
    // The stated points, rank by rank, and the count of a ballot putting candidate r at rank r.
    const stated = statedPoints(text);
    expect(stated.map(([rank]) => rank)).toEqual(numbers(limit));
    for (const [rank, points] of stated) {
      const ballot = numbers(rank).join(",");
      const result = tallyBallots(terms, online(ballot));
      expect(
        result.candidates.find((candidate) => candidate.ballotNumber === rank)!.combined.score,
        `rank ${rank} on "${ballot}"`,
      ).toBe(points);
    }
    expect(text).toContain(
      limit === 1 ? "Each ballot may rank 1 candidate." : `Each ballot may rank up to ${limit} candidates`,
    );
    // A ballot ranking one more than stated is set aside, by the count and by the ballot form.
    if (limit < count) {
      expect(tallyBallots(terms, online(numbers(limit + 1).join(","))).invalid.combined).toBe(1);
      expect(checkChoices(ballotRules(terms), numbers(limit + 1))?.key).toBe("priorities.voting.errors.tooMany");
    }
    expect(choiceLimit(ballotRules(terms))).toBe(limit);
    // Where K as set is not what is counted, the page says why.
    if (maxChoices !== limit)
      expect(text).toMatch(
        maxChoices === null ? /sets no limit/ : new RegExp(`allows ${maxChoices} ranks, but only ${count} candidates`),
      );
    // The same numbers in Chinese.
    const zh = explain(terms, chinese);
    for (const [rank, points] of stated) expect(zh).toContain(`第 ${rank} 位 ${points} 分`);
  });

  it("states the actual points, not a formula", () => {
    const text = explain({ method: "ranked", maxChoices: 5, budgetTotal: null, candidates: candidates(3) });
    expect(text).toContain("Points for each rank: rank 1: 3 points, rank 2: 2 points, rank 3: 1 point.");
    expect(text).not.toMatch(/5 points|4 points/);
  });
});

describe("approval ballots: each choice one point, up to the stated limit", () => {
  it.each([
    ["K below the candidates", 2, 4, 2],
    ["K above the candidates", 5, 3, 3],
    ["no K set", null, 3, 3],
    ["K = 1", 1, 3, 1],
  ] as Array<[string, number | null, number, number]>)("%s", (_, maxChoices, count, limit) => {
    const terms: TallyTerms = { method: "approval", maxChoices, budgetTotal: null, candidates: candidates(count) };
    const text = explain(terms);
    expect(text).toContain(
      limit === 1 ? "Each ballot may choose 1 candidate." : `Each ballot may choose up to ${limit} candidates.`,
    );
    expect(text).toContain("Each candidate chosen gets one point");
    const result = tallyBallots(terms, online(numbers(limit).join(",")));
    expect(result.ballots.combined).toBe(1);
    expect(result.candidates.filter((candidate) => candidate.combined.score === 1)).toHaveLength(limit);
    if (limit < count) expect(tallyBallots(terms, online(numbers(limit + 1).join(","))).invalid.combined).toBe(1);
    expect(explain(terms, chinese)).toContain(`${limit} 个候选项`);
  });
});

describe("budget ballots: the stated total, funding and candidates without an estimate", () => {
  const terms: TallyTerms = {
    method: "budget",
    maxChoices: null,
    budgetTotal: 100,
    candidates: candidates(4, (n) => [60, 40, 50, null][n - 1]),
  };

  it("sets aside a ballot over the stated total, and never funds a candidate without an estimate", () => {
    const text = explain(terms);
    expect(text).toContain("add up to at most ¥100");
    expect(text).toContain(
      "No. 4 has no cost estimate: on a ballot it counts as ¥0 against the total, and it cannot be funded.",
    );
    expect(explain(terms, chinese)).toContain("4 号没有预估费用");
    // 60 + 40 + no estimate = 100: within the total, as stated.
    const result = tallyBallots(terms, online("1,2,4", "4", "4", "1,3"));
    expect(result.ballots.combined).toBe(3);
    expect(result.invalid.combined).toBe(1); // 60 + 50
    const four = result.candidates.find((candidate) => candidate.ballotNumber === 4)!;
    expect(four.rank).toBe(1);
    expect(four.funded).toBe(false);
    expect(
      result.candidates.filter((candidate) => candidate.funded).map((candidate) => candidate.ballotNumber),
    ).toEqual([1, 2]);
    // The ballot form agrees: the same choices within the total, the same over it.
    expect(checkChoices(ballotRules(terms), [1, 2, 4])).toBeNull();
    expect(checkChoices(ballotRules(terms), [1, 3])?.key).toBe("priorities.voting.errors.overBudget");
  });

  it("says when a budget vote sets no total", () => {
    expect(explain({ ...terms, budgetTotal: null })).toContain("This vote sets no budget total");
  });
});

describe("one rule for both pages", () => {
  it.each([
    { method: "ranked", maxChoices: 5, budgetTotal: null, candidates: candidates(3) },
    { method: "ranked", maxChoices: null, budgetTotal: null, candidates: candidates(6) },
    { method: "approval", maxChoices: 2, budgetTotal: null, candidates: candidates(5) },
    {
      method: "budget",
      maxChoices: null,
      budgetTotal: 500,
      candidates: candidates(3, (n) => (n === 2 ? null : n * 100)),
    },
  ] as TallyTerms[])("the ballot page's rule is the count's: $method, K $maxChoices", (terms) => {
    expect(ballotCountingRule(ballotRules(terms))).toEqual(countingRule(terms));
  });
});
