// What makes a ballot's choices valid for a cycle's method: one pure module (no server imports)
// shared by the ballot form, the paper-batch entry and the recount tool, so a ballot the forum
// accepts is exactly a ballot the recount accepts. Problems are translation keys under
// `priorities.voting.errors.*` with their values, so each caller words them in its own language.
import { z } from "zod";
import {
  choiceLimit as countingChoiceLimit,
  COUNTING_METHODS,
  countingRule,
  type CountingMethod,
  type CountingRule,
} from "./counting-rule";

export const BALLOT_METHODS = COUNTING_METHODS;
export type BallotMethod = CountingMethod;

/** Stored choices are ballot numbers, comma-separated, in the voter's order. */
export const CHOICES_SEPARATOR = ",";

export interface BallotRules {
  method: BallotMethod;
  /** K: at most this many choices (approval, ranked). */
  maxChoices: number | null;
  /** The total a budget ballot's chosen costs must stay within, in yuan. */
  budgetTotal: number | null;
  /** The shortlisted candidates, by the number they carry on the ballot. */
  candidates: ReadonlyArray<{ ballotNumber: number; estimatedCost: number | null }>;
}

export interface ChoiceProblem {
  key: `priorities.voting.errors.${string}`;
  values?: Record<string, string | number>;
}

const problem = (name: string, values?: ChoiceProblem["values"]): ChoiceProblem => ({
  key: `priorities.voting.errors.${name}`,
  values,
});

export const isBallotMethod = (value: string): value is BallotMethod =>
  (BALLOT_METHODS as readonly string[]).includes(value);

/**
 * K as the ballot applies it, the same number the count uses (counting-rule.ts): at most the
 * candidates on the ballot; approval and ranked ballots without a K allow every candidate.
 */
export function choiceLimit(rules: BallotRules): number {
  return countingChoiceLimit(rules.method, rules.maxChoices, rules.candidates.length);
}

/** The counting rule of this ballot, for the ballot page's explanation: the count's own. */
export function ballotCountingRule(rules: BallotRules): CountingRule {
  return countingRule({
    method: rules.method,
    maxChoices: rules.method === "budget" ? null : rules.maxChoices,
    budgetTotal: rules.method === "budget" ? rules.budgetTotal : null,
    candidates: rules.candidates.map(({ ballotNumber, estimatedCost }) => ({ ballotNumber, cost: estimatedCost })),
  });
}

/** Writes an amount of yuan in the reader's language (app/ui/format.ts formatYuan, bound to a locale). */
export type AmountFormat = (amount: number) => string;
/** Where the reader's language is not known (paper batches): readable in both languages. */
const neutralAmount: AmountFormat = (amount) => `¥${new Intl.NumberFormat("en").format(amount)}`;

/** The total estimated cost of the chosen candidates (unknown costs count as zero). */
export function chosenCost(rules: BallotRules, choices: readonly number[]): number {
  const costs = new Map(rules.candidates.map((candidate) => [candidate.ballotNumber, candidate.estimatedCost ?? 0]));
  return choices.reduce((sum, number) => sum + (costs.get(number) ?? 0), 0);
}

/**
 * The first thing wrong with these choices for the method, or null. An empty ballot is refused:
 * a voter who wants to abstain does not cast one (turnout counts ballots, not blank papers).
 */
export function checkChoices(
  rules: BallotRules,
  choices: readonly number[],
  formatAmount: AmountFormat = neutralAmount,
): ChoiceProblem | null {
  if (choices.length === 0) return problem("noChoice");
  const known = new Set(rules.candidates.map((candidate) => candidate.ballotNumber));
  const unknown = choices.find((number) => !Number.isInteger(number) || !known.has(number));
  if (unknown !== undefined) return problem("unknownNumber", { number: String(unknown) });
  const seen = new Set<number>();
  for (const number of choices) {
    if (seen.has(number)) return problem("duplicate", { number });
    seen.add(number);
  }
  if (rules.method === "budget") {
    const total = chosenCost(rules, choices);
    // Says how much must go, not "untick one": one project may not be enough.
    if (rules.budgetTotal !== null && total > rules.budgetTotal)
      return problem("overBudget", {
        total: formatAmount(total),
        budget: formatAmount(rules.budgetTotal),
        excess: formatAmount(total - rules.budgetTotal),
      });
    return null;
  }
  const limit = choiceLimit(rules);
  if (choices.length > limit) return problem("tooMany", { count: limit });
  return null;
}

/** "3, 7 1" or "3，7、1" (as counter staff type a paper ballot) into ballot numbers; null if not numbers. */
export function parseNumberList(text: string): number[] | null {
  const parts = text
    .trim()
    .split(/[\s,，、;；]+/)
    .filter(Boolean);
  if (parts.some((part) => !/^\d{1,4}$/.test(part))) return null;
  return parts.map(Number);
}

/** The stored form ("3,7,1") back into numbers. */
export function parseStoredChoices(choices: string): number[] {
  return choices === "" ? [] : choices.split(CHOICES_SEPARATOR).map(Number);
}

export const formatChoices = (choices: readonly number[]) => choices.join(CHOICES_SEPARATOR);

/**
 * A ranked ballot as the form sends it: a rank (1..K, or blank) next to each candidate. Ranks
 * must run 1, 2, 3... without a gap or a repeat, so the voter's order is never guessed.
 * Returns the ballot numbers in rank order, or the problem.
 */
export function choicesFromRanks(
  rules: BallotRules,
  ranks: ReadonlyArray<{ ballotNumber: number; rank: string }>,
): number[] | ChoiceProblem {
  const limit = choiceLimit(rules);
  const byRank = new Map<number, number>();
  for (const { ballotNumber, rank } of ranks) {
    const text = rank.trim();
    if (text === "") continue;
    if (!/^\d{1,3}$/.test(text) || Number(text) < 1) return problem("invalidRank", { number: ballotNumber });
    const value = Number(text);
    if (value > limit) return problem("rankTooHigh", { number: ballotNumber, count: limit });
    // Names both candidates: "two candidates" leaves the voter to find them on a long ballot.
    if (byRank.has(value)) return problem("sameRank", { rank: value, first: byRank.get(value)!, second: ballotNumber });
    byRank.set(value, ballotNumber);
  }
  const ordered: number[] = [];
  for (let rank = 1; rank <= byRank.size; rank++) {
    const number = byRank.get(rank);
    if (number === undefined) return problem("rankGap", { rank });
    ordered.push(number);
  }
  return ordered;
}

export const isChoiceProblem = (value: unknown): value is ChoiceProblem =>
  typeof value === "object" && value !== null && "key" in value;

/**
 * The ballot form for a cycle: approval and budget send the chosen numbers (`choice`, one per
 * ticked box), ranked sends `rank-<number>` per candidate. Gives the choices in the voter's
 * order; every problem is reported on the `choices` field with its values as issue params.
 */
export function ballotFormSchema(rules: BallotRules, formatAmount?: AmountFormat) {
  return z.record(z.string(), z.unknown()).transform((input, context) => {
    let choices: number[];
    if (rules.method === "ranked") {
      const ranked = choicesFromRanks(
        rules,
        rules.candidates.map(({ ballotNumber }) => ({
          ballotNumber,
          rank: typeof input[`rank-${ballotNumber}`] === "string" ? (input[`rank-${ballotNumber}`] as string) : "",
        })),
      );
      if (isChoiceProblem(ranked)) {
        context.addIssue({ code: "custom", path: ["choices"], message: ranked.key, params: { values: ranked.values } });
        return z.NEVER;
      }
      choices = ranked;
    } else {
      const raw = input.choice;
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      const parsed = parseNumberList(list.filter((value): value is string => typeof value === "string").join(" "));
      if (!parsed || parsed.length !== list.length) {
        context.addIssue({
          code: "custom",
          path: ["choices"],
          message: "priorities.voting.errors.unknownNumber",
          params: { values: { number: "?" } },
        });
        return z.NEVER;
      }
      choices = parsed;
    }
    const found = checkChoices(rules, choices, formatAmount);
    if (found) {
      context.addIssue({ code: "custom", path: ["choices"], message: found.key, params: { values: found.values } });
      return z.NEVER;
    }
    return choices;
  });
}

/**
 * A batch of paper ballots as counter staff type them: one ballot per line, its numbers in the
 * order written on the paper. Blank lines are skipped; the first bad line is reported by number.
 */
export function parsePaperBallots(
  rules: BallotRules,
  text: string,
): { ok: true; ballots: number[][] } | { ok: false; line: number; problem: ChoiceProblem } {
  const ballots: number[][] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const numbers = parseNumberList(line);
    const found = numbers ? checkChoices(rules, numbers) : problem("notNumbers");
    if (found) return { ok: false, line: index + 1, problem: found };
    ballots.push(numbers!);
  }
  if (ballots.length === 0) return { ok: false, line: 1, problem: problem("noBallots") };
  return { ok: true, ballots };
}
