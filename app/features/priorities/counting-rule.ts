// The counting rule of a priority vote, in one place (decisions 0018 and 0024): the count
// (tally.ts), the recount tool and both pages' explanations (ballot and results) read it from
// here, so what voters are told is what is counted. A cycle once allowed 5 ranks with only 3
// candidates: the ballot said "your first choice gets 3 points" while the count gave 5, 4, 3.
// Pure: no server imports, so the recount tool runs it on a downloaded file alone.

export const COUNTING_METHODS = ["approval", "ranked", "budget"] as const;
export type CountingMethod = (typeof COUNTING_METHODS)[number];

export const isCountingMethod = (value: unknown): value is CountingMethod =>
  (COUNTING_METHODS as readonly unknown[]).includes(value);

/** What the rule depends on: the method, K as the cycle sets it, the budget and the candidates. */
export interface CountingTerms {
  method: CountingMethod;
  /** K as the cycle sets it: the most candidates a ballot may choose or rank; null for none. */
  maxChoices: number | null;
  /** Budget ballots: the total the chosen costs must stay within, in yuan; null for none. */
  budgetTotal: number | null;
  /** The candidates on the ballot, by their ballot number, with the estimated cost or null. */
  candidates: ReadonlyArray<{ ballotNumber: number; cost: number | null }>;
}

/**
 * How many candidates one ballot may name: K as set, but never more than the candidates on the
 * ballot (a ballot cannot rank 5 of 3), and all of them when the cycle sets no K. Budget ballots
 * are limited by the total instead, so they may name every candidate. For ranked ballots this is
 * also where the points start: the first choice gets this many points.
 */
export function choiceLimit(method: CountingMethod, maxChoices: number | null, candidateCount: number): number {
  if (method === "budget" || maxChoices === null) return candidateCount;
  return Math.max(0, Math.min(maxChoices, candidateCount));
}

/** Ranked ballots: the points of the choice at `rank` (1 for the first), with `limit` from choiceLimit. */
export const pointsForRank = (limit: number, rank: number) => limit - rank + 1;

/**
 * The most candidates one budget ballot can name within the total: the cheapest first. A
 * candidate without an estimate costs nothing on the ballot (see `CountingRule.unestimated`).
 */
export function mostWithinBudget(terms: Pick<CountingTerms, "budgetTotal" | "candidates">): number {
  if (terms.budgetTotal === null) return terms.candidates.length;
  const costs = terms.candidates.map((candidate) => candidate.cost ?? 0).sort((a, b) => a - b);
  let left = terms.budgetTotal;
  let named = 0;
  for (const cost of costs) {
    if (cost > left) break;
    left -= cost;
    named++;
  }
  return named;
}

/** The rule of one cycle, as the count applies it and the pages state it. */
export interface CountingRule {
  method: CountingMethod;
  /** K as the cycle sets it (null: none). */
  maxChoices: number | null;
  /** How many candidates a ballot may name (choiceLimit); ranked: also the first choice's points. */
  limit: number;
  /** Ranked: the points for rank 1, 2, … limit; approval and budget: one point per choice, []. */
  points: number[];
  /** Budget: the total; null otherwise, or when the cycle sets none. */
  budgetTotal: number | null;
  /**
   * Budget: ballot numbers of candidates without a cost estimate. Shortlisting asks for one, so
   * only data made outside the forum has them: such a candidate may be chosen, counts as ¥0
   * against the voter's total and is never funded (its cost cannot be weighed against the budget).
   */
  unestimated: number[];
}

export function countingRule(terms: CountingTerms): CountingRule {
  const limit = choiceLimit(terms.method, terms.maxChoices, terms.candidates.length);
  return {
    method: terms.method,
    maxChoices: terms.method === "budget" ? null : terms.maxChoices,
    limit,
    points:
      terms.method === "ranked" ? Array.from({ length: limit }, (_, index) => pointsForRank(limit, index + 1)) : [],
    budgetTotal: terms.method === "budget" ? terms.budgetTotal : null,
    unestimated:
      terms.method === "budget"
        ? terms.candidates.filter((candidate) => candidate.cost === null).map((candidate) => candidate.ballotNumber)
        : [],
  };
}

/** A translator as both pages and the tests have one (i18next's `t`, narrowed to what is used). */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The rule in plain words, one sentence per paragraph, for the ballot page and the results page
 * alike (keys under `priorities.results.rule`). `formatNumber` formats in the reader's language.
 */
export function explainCountingRule(
  rule: CountingRule,
  t: Translate,
  formatNumber: (value: number) => string,
): string[] {
  const key = (name: string) => `priorities.results.rule.${name}`;
  const list = (items: string[]) => items.join(t("shell.listSeparator"));
  const sentences: string[] = [];
  if (rule.method === "ranked") {
    sentences.push(t(key("ranked"), { count: rule.limit }));
    if (rule.maxChoices === null || rule.maxChoices > rule.limit) {
      sentences.push(
        rule.maxChoices === null
          ? t(key("rankedNoLimit"), { count: rule.limit })
          : t(key("rankedCapped"), { count: rule.limit, set: formatNumber(rule.maxChoices) }),
      );
    }
    const points = rule.points.map((value, index) =>
      t(key("pointsForRank"), { rank: formatNumber(index + 1), count: value }),
    );
    sentences.push(t(key("points"), { list: list(points) }));
  } else if (rule.method === "approval") {
    sentences.push(t(key("approval"), { count: rule.limit }));
  } else {
    sentences.push(
      rule.budgetTotal === null ? t(key("budgetNoTotal")) : t(key("budget"), { total: formatNumber(rule.budgetTotal) }),
    );
    sentences.push(t(key("funding")));
    if (rule.unestimated.length > 0) {
      sentences.push(
        t(key("unestimated"), { count: rule.unestimated.length, numbers: list(rule.unestimated.map(formatNumber)) }),
      );
    }
  }
  return sentences;
}
