// The count of a priority vote: the one function that the results page, the downloads and the
// recount tool all use (decisions 0018 and 0024). Pure: no database, no server imports, so the
// recount tool runs it on a downloaded file alone and gets the published figures.
//
// It works in two steps. `countBallots` reads the ballots into a count matrix: per channel, for
// each candidate, how many counted ballots put it at rank 1, 2, … K (ranked), or chose it
// (approval and budget), and how many ballots were counted and set aside. `resultFromMatrix`
// turns the matrix into the published figures (points, ranking, ties, funding). The matrix is
// what is published instead of the ballots (a ballot published on its own works as a receipt),
// and it is all a recount needs: the points, first preferences (the rank-1 column), ballots
// naming a candidate (a row's sum) and the ballot numbers.
//
// Rules, in plain words (counting-rule.ts has them once, and both pages say the same):
// - approval: each chosen candidate gets one point.
// - ranked (Borda): with K the most candidates a ballot may rank, capped at the number of
//   candidates (choiceLimit), the candidate ranked r-th gets K - r + 1 points. A partial ranking
//   is counted the same way; candidates it leaves out get nothing.
// - budget: each chosen candidate gets one point. Then, down the ranked list, a candidate is
//   funded if its cost fits in what is left of the budget total; one that does not fit is skipped
//   and the next ones are still tried. A candidate without a cost estimate is never funded.
// - A ballot is counted only if it names at least one candidate, every choice is a candidate's
//   ballot number written as the forum stores it ("3,1,7": digits and commas, nothing else),
//   none appears twice, it names at most K and, for budget ballots, its choices cost at most the
//   budget total. Otherwise it is set aside: it scores nothing and is reported as set aside. (The
//   ballot form and paper entry refuse such ballots; the rule is here for rows stored otherwise.)
// - Ties, in this order: the higher combined score; for ranked ballots, more first preferences;
//   more ballots naming the candidate; the lower ballot number.
import { COUNTING_METHODS, countingRule, type CountingMethod, type CountingTerms } from "./counting-rule";

export const TALLY_METHODS = COUNTING_METHODS;
export type TallyMethod = CountingMethod;

/** What a count needs to know about the cycle: all of it is in the published counts. */
export type TallyTerms = CountingTerms;

/** Online ballots, or paper ballots of confirmed batches. */
export const TALLY_CHANNELS = ["online", "offline"] as const;
export type TallyChannel = (typeof TALLY_CHANNELS)[number];

/**
 * Ballots of one channel: the stored `choices` of one ballot ("3,1,7"), or of many joined by
 * BALLOT_SEPARATOR ("3,1,7;2;5,4"), which is how the server reads a million of them at once.
 */
export interface BallotText {
  channel: TallyChannel;
  choices: string;
}
export const BALLOT_SEPARATOR = ";";

/** One channel's part of the count matrix. */
export interface ChannelMatrix {
  /** Ballots counted. */
  counted: number;
  /** Ballots set aside for breaking the rules: they score nothing. */
  setAside: number;
  /**
   * counts[i][c], for the i-th candidate of the terms: ranked, how many counted ballots put it at
   * rank c + 1; approval and budget, how many chose it (one column, c = 0).
   */
  counts: number[][];
}

/** What the count read from the ballots, and all that the published figures are computed from. */
export interface CountMatrix {
  terms: TallyTerms;
  /** The number of columns: ranked, the ranks 1..K (K from choiceLimit); approval and budget, 1. */
  columns: number;
  online: ChannelMatrix;
  offline: ChannelMatrix;
}

export interface ChannelCount {
  /** Points: approval and budget one per ballot naming it, ranked Borda points. */
  score: number;
  /** Ballots naming the candidate. */
  ballots: number;
  /** Ranked: ballots ranking it first. Approval and budget have no first choice: 0. */
  firstPreferences: number;
}

/** Which rule put a candidate below the one ranked just above it ("score": no tie). */
export const TIE_RULES = ["score", "firstPreferences", "ballots", "ballotNumber"] as const;
export type TieRule = (typeof TIE_RULES)[number];

export interface CandidateResult {
  ballotNumber: number;
  cost: number | null;
  /** 1 for the first; every candidate has its own place, ties resolved by the tie rule. */
  rank: number;
  online: ChannelCount;
  offline: ChannelCount;
  combined: ChannelCount;
  /** Budget ballots: funded within the budget total; null for other methods. */
  funded: boolean | null;
  /** Null for the first; otherwise what placed it below the candidate just above. */
  placedBy: TieRule | null;
}

export interface ChannelTotals {
  online: number;
  offline: number;
  combined: number;
}

export interface TallyResult {
  method: TallyMethod;
  /** K as the cycle sets it; the count uses choiceLimit (see counting-rule.ts). */
  maxChoices: number | null;
  budgetTotal: number | null;
  /** In rank order. */
  candidates: CandidateResult[];
  /** Ballots counted (valid). */
  ballots: ChannelTotals;
  /** Ballots that broke the rules above and scored nothing (set aside). */
  invalid: ChannelTotals;
  /** Budget ballots: the cost of the funded candidates; null otherwise. */
  fundedCost: number | null;
  /** The counts the figures above are computed from: what is published. */
  matrix: CountMatrix;
}

const CODE_0 = 48;
const CODE_9 = 57;
const COMMA = 44;
const SEPARATOR = BALLOT_SEPARATOR.charCodeAt(0);
// Ballot numbers run 1, 2, 3 …: nine digits is far beyond any ballot, and keeps the number exact.
const MAX_DIGITS = 9;

/** Reads the ballots into the count matrix (see the top of this file). */
export function countBallots(terms: TallyTerms, ballots: Iterable<BallotText>): CountMatrix {
  const n = terms.candidates.length;
  const maxNumber = terms.candidates.reduce((max, candidate) => Math.max(max, candidate.ballotNumber), 0);
  // Candidate index (0..n-1) by ballot number, -1 for a number that is no candidate's.
  const indexOf = new Int32Array(maxNumber + 1).fill(-1);
  terms.candidates.forEach((candidate, index) => {
    if (!Number.isSafeInteger(candidate.ballotNumber) || candidate.ballotNumber < 1)
      throw new Error(`ballot number ${candidate.ballotNumber} is not a whole number from 1`);
    if (indexOf[candidate.ballotNumber] !== -1)
      throw new Error(`ballot number ${candidate.ballotNumber} appears twice`);
    indexOf[candidate.ballotNumber] = index;
  });
  const costs = Float64Array.from(terms.candidates, (candidate) => candidate.cost ?? 0);
  const ranked = terms.method === "ranked";
  const { limit } = countingRule(terms);
  const columns = ranked ? limit : 1;
  const budget = terms.method === "budget" && terms.budgetTotal !== null ? terms.budgetTotal : Number.POSITIVE_INFINITY;

  // [channel]: candidate i's column c at i * columns + c. 0 online, 1 offline.
  const cells = [new Float64Array(n * columns), new Float64Array(n * columns)];
  const counted = [0, 0];
  const setAside = [0, 0];
  // The current ballot's choices as candidate indexes, and a stamp per candidate to find repeats.
  const chosen = new Int32Array(n + 1);
  const seenIn = new Float64Array(n).fill(-1);
  let ballotSerial = 0;

  for (const { channel, choices: text } of ballots) {
    if (channel !== "online" && channel !== "offline")
      throw new Error(`"${String(channel)}" is not a channel (online or offline)`);
    const c = channel === "online" ? 0 : 1;
    const channelCells = cells[c];
    let count = 0;
    let valid = true;
    let number = 0;
    let digits = 0;
    const length = text.length;
    // One pass over the characters; position `length` acts as a final separator. Only the form
    // the forum stores is read: "1 2" is not 12, "3," and "" are not ballots.
    for (let i = 0; i <= length; i++) {
      const code = i < length ? text.charCodeAt(i) : SEPARATOR;
      if (code >= CODE_0 && code <= CODE_9) {
        if (digits === 0 && code === CODE_0) valid = false; // "0", "07": no ballot number is written so
        if (digits === MAX_DIGITS) valid = false;
        else number = number * 10 + (code - CODE_0);
        digits++;
        continue;
      }
      if (code === COMMA || code === SEPARATOR) {
        // A choice ends here: there must be one (not ",3", "3,,4", "3," nor an empty ballot).
        if (digits === 0) valid = false;
        else if (valid) {
          const index = number <= maxNumber ? indexOf[number] : -1;
          if (index === -1 || seenIn[index] === ballotSerial || count >= limit) valid = false;
          else {
            seenIn[index] = ballotSerial;
            chosen[count++] = index;
          }
        }
        number = 0;
        digits = 0;
        if (code === SEPARATOR) {
          if (valid && budget !== Number.POSITIVE_INFINITY) {
            let cost = 0;
            for (let j = 0; j < count; j++) cost += costs[chosen[j]];
            if (cost > budget) valid = false;
          }
          if (valid) {
            for (let j = 0; j < count; j++) channelCells[chosen[j] * columns + (ranked ? j : 0)]++;
            counted[c]++;
          } else setAside[c]++;
          ballotSerial++;
          count = 0;
          valid = true;
        }
        continue;
      }
      valid = false; // anything else, a space included
    }
  }

  const channelMatrix = (c: number): ChannelMatrix => ({
    counted: counted[c],
    setAside: setAside[c],
    counts: Array.from({ length: n }, (_, index) =>
      Array.from(cells[c].subarray(index * columns, (index + 1) * columns)),
    ),
  });
  return { terms, columns, online: channelMatrix(0), offline: channelMatrix(1) };
}

/** The published figures from a count matrix: points, ranking with the tie rule, funding. */
export function resultFromMatrix(matrix: CountMatrix): TallyResult {
  const { terms } = matrix;
  const rule = countingRule(terms);
  const ranked = terms.method === "ranked";
  const channelCount = (counts: readonly number[]): ChannelCount => {
    let score = 0;
    let ballots = 0;
    counts.forEach((count, column) => {
      score += ranked ? count * rule.points[column] : count;
      ballots += count;
    });
    return { score, ballots, firstPreferences: ranked ? (counts[0] ?? 0) : 0 };
  };
  const rows = terms.candidates.map((candidate, index) => {
    const online = channelCount(matrix.online.counts[index]);
    const offline = channelCount(matrix.offline.counts[index]);
    const combined = {
      score: online.score + offline.score,
      ballots: online.ballots + offline.ballots,
      firstPreferences: online.firstPreferences + offline.firstPreferences,
    };
    return { ballotNumber: candidate.ballotNumber, cost: candidate.cost, online, offline, combined };
  });

  const decidingRule = (a: (typeof rows)[number], b: (typeof rows)[number]): { rule: TieRule; order: number } => {
    if (a.combined.score !== b.combined.score) return { rule: "score", order: b.combined.score - a.combined.score };
    if (ranked && a.combined.firstPreferences !== b.combined.firstPreferences) {
      return { rule: "firstPreferences", order: b.combined.firstPreferences - a.combined.firstPreferences };
    }
    if (a.combined.ballots !== b.combined.ballots)
      return { rule: "ballots", order: b.combined.ballots - a.combined.ballots };
    return { rule: "ballotNumber", order: a.ballotNumber - b.ballotNumber };
  };
  rows.sort((a, b) => decidingRule(a, b).order);

  let left = terms.method === "budget" && terms.budgetTotal !== null ? terms.budgetTotal : Number.POSITIVE_INFINITY;
  let fundedCost = 0;
  const candidates: CandidateResult[] = rows.map((row, index) => {
    let funded: boolean | null = null;
    if (terms.method === "budget") {
      // A candidate without a cost estimate cannot be weighed against the budget: not funded.
      funded = row.cost !== null && row.cost <= left;
      if (funded) {
        left -= row.cost!;
        fundedCost += row.cost!;
      }
    }
    return { ...row, rank: index + 1, funded, placedBy: index === 0 ? null : decidingRule(rows[index - 1], row).rule };
  });

  const totals = (online: number, offline: number): ChannelTotals => ({ online, offline, combined: online + offline });
  return {
    method: terms.method,
    maxChoices: terms.maxChoices,
    budgetTotal: terms.budgetTotal,
    candidates,
    ballots: totals(matrix.online.counted, matrix.offline.counted),
    invalid: totals(matrix.online.setAside, matrix.offline.setAside),
    fundedCost: terms.method === "budget" ? fundedCost : null,
    matrix,
  };
}

/** Online and paper together: each candidate's row of the matrix, by ballot number. */
export function combinedCounts(matrix: CountMatrix): Map<number, number[]> {
  return new Map(
    matrix.terms.candidates.map((candidate, index) => [
      candidate.ballotNumber,
      matrix.online.counts[index].map((count, column) => count + matrix.offline.counts[index][column]),
    ]),
  );
}

/** The count of `ballots` under `terms`. */
export function tallyBallots(terms: TallyTerms, ballots: Iterable<BallotText>): TallyResult {
  return resultFromMatrix(countBallots(terms, ballots));
}
