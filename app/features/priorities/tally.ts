// The count of a priority vote: the one function that the results page, the downloads and the
// recount tool all use (decision 0018). Pure: no database, no server imports, so the recount tool
// runs it on a downloaded file alone and gets the published figures.
//
// Rules, in plain words (the results page says the same):
// - approval: each chosen candidate gets one point.
// - ranked (Borda): with K the most candidates a ballot may rank, the candidate ranked r-th gets
//   K - r + 1 points (first K points, K-th 1 point). A partial ranking is counted the same way:
//   a ballot ranking only 2 of K=5 gives 5 and 4 points; candidates it leaves out get nothing.
// - budget: each chosen candidate gets one point. Then, down the ranked list, a candidate is
//   funded if its cost fits in what is left of the budget total; one that does not fit is skipped
//   and the next ones are still tried.
// - A ballot is counted only if every choice is a candidate's ballot number, none appears twice,
//   it names at most K (when the cycle has a K) and, for budget ballots, its choices cost at most
//   the budget total. Otherwise it is reported as invalid and scores nothing. (The ballot form
//   refuses such ballots; the rule is here so that a recount from a file reaches the same figures.)
// - Ties, in this order: the higher combined score; for ranked ballots, more first preferences;
//   more ballots naming the candidate; the lower ballot number.

export const TALLY_METHODS = ["approval", "ranked", "budget"] as const;
export type TallyMethod = (typeof TALLY_METHODS)[number];

/** What a count needs to know about the cycle: all of it is in the published ballot record. */
export interface TallyTerms {
  method: TallyMethod;
  /** K: the most candidates a ballot may choose or rank; null for none (budget ballots). */
  maxChoices: number | null;
  /** Budget ballots: the total cost, in yuan. */
  budgetTotal: number | null;
  /** The shortlisted candidates, by the number they carry on the ballot; cost in yuan or null. */
  candidates: ReadonlyArray<{ ballotNumber: number; cost: number | null }>;
}

/** Online ballots, or paper ballots of confirmed batches. */
export type TallyChannel = "online" | "offline";

/**
 * Ballots of one channel: the stored `choices` of one ballot ("3,1,7"), or of many joined by
 * BALLOT_SEPARATOR ("3,1,7;2;5,4"), which is how the server reads a million of them at once.
 */
export interface BallotText {
  channel: TallyChannel;
  choices: string;
}
export const BALLOT_SEPARATOR = ";";

export interface ChannelCount {
  /** Points: approval and budget one per ballot naming it, ranked Borda points. */
  score: number;
  /** Ballots naming the candidate. */
  ballots: number;
  /** Ballots ranking it first (ranked ballots; for others the first choice listed, unused). */
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
  maxChoices: number | null;
  budgetTotal: number | null;
  /** In rank order. */
  candidates: CandidateResult[];
  /** Ballots counted (valid). */
  ballots: ChannelTotals;
  /** Ballots that broke the rules above and scored nothing. */
  invalid: ChannelTotals;
  /** Budget ballots: the cost of the funded candidates; null otherwise. */
  fundedCost: number | null;
}

const CODE_0 = 48;
const CODE_9 = 57;
const COMMA = 44;
const SEPARATOR = BALLOT_SEPARATOR.charCodeAt(0);

/** The count of `ballots` under `terms`. */
export function tallyBallots(terms: TallyTerms, ballots: Iterable<BallotText>): TallyResult {
  const n = terms.candidates.length;
  const maxNumber = terms.candidates.reduce((max, candidate) => Math.max(max, candidate.ballotNumber), 0);
  // Candidate index (0..n-1) by ballot number, -1 for a number that is no candidate's.
  const indexOf = new Int32Array(maxNumber + 1).fill(-1);
  terms.candidates.forEach((candidate, index) => {
    if (indexOf[candidate.ballotNumber] !== -1) throw new Error(`ballot number ${candidate.ballotNumber} appears twice`);
    indexOf[candidate.ballotNumber] = index;
  });
  const costs = Float64Array.from(terms.candidates, (candidate) => candidate.cost ?? 0);
  const ranked = terms.method === "ranked";
  const k = terms.maxChoices ?? 0;
  if (ranked && k < 1) throw new Error("a ranked count needs K, the most candidates a ballot may rank");
  const limit = terms.maxChoices ?? Number.POSITIVE_INFINITY;
  const budget = terms.method === "budget" && terms.budgetTotal !== null ? terms.budgetTotal : Number.POSITIVE_INFINITY;

  // [channel][candidate]: 0 online, 1 offline.
  const score = [new Float64Array(n), new Float64Array(n)];
  const named = [new Float64Array(n), new Float64Array(n)];
  const first = [new Float64Array(n), new Float64Array(n)];
  const counted = [0, 0];
  const invalid = [0, 0];
  // The current ballot's choices as candidate indexes, and a stamp per candidate to find repeats.
  const chosen = new Int32Array(n + 1);
  const seenIn = new Float64Array(n).fill(-1);
  let ballotSerial = 0;

  for (const { channel, choices: text } of ballots) {
    const c = channel === "online" ? 0 : 1;
    const channelScore = score[c];
    const channelNamed = named[c];
    let count = 0;
    let valid = true;
    let number = 0;
    let digits = 0;
    const length = text.length;
    // One pass over the characters; position `length` acts as a final separator.
    for (let i = 0; i <= length; i++) {
      const code = i < length ? text.charCodeAt(i) : SEPARATOR;
      if (code >= CODE_0 && code <= CODE_9) {
        number = number * 10 + (code - CODE_0);
        digits++;
        continue;
      }
      if (code === COMMA || code === SEPARATOR) {
        if (digits > 0) {
          const index = number <= maxNumber ? indexOf[number] : -1;
          if (index === -1 || seenIn[index] === ballotSerial || count >= limit) valid = false;
          else {
            seenIn[index] = ballotSerial;
            chosen[count++] = index;
          }
        } else if (code === COMMA) valid = false; // an empty choice: ",3" or "3,,4"
        number = 0;
        digits = 0;
        if (code === SEPARATOR) {
          if (valid && budget !== Number.POSITIVE_INFINITY) {
            let cost = 0;
            for (let j = 0; j < count; j++) cost += costs[chosen[j]];
            if (cost > budget) valid = false;
          }
          if (valid) {
            for (let j = 0; j < count; j++) {
              const index = chosen[j];
              channelScore[index] += ranked ? k - j : 1;
              channelNamed[index]++;
            }
            if (count > 0) first[c][chosen[0]]++;
            counted[c]++;
          } else invalid[c]++;
          ballotSerial++;
          count = 0;
          valid = true;
        }
        continue;
      }
      if (code !== 32) valid = false; // spaces are allowed around numbers, nothing else
    }
  }

  const channelCount = (c: number, index: number): ChannelCount => ({ score: score[c][index], ballots: named[c][index], firstPreferences: first[c][index] });
  const rows = terms.candidates.map((candidate, index) => {
    const online = channelCount(0, index);
    const offline = channelCount(1, index);
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
    if (a.combined.ballots !== b.combined.ballots) return { rule: "ballots", order: b.combined.ballots - a.combined.ballots };
    return { rule: "ballotNumber", order: a.ballotNumber - b.ballotNumber };
  };
  rows.sort((a, b) => decidingRule(a, b).order);

  let left = budget;
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

  const totals = (values: number[]): ChannelTotals => ({ online: values[0], offline: values[1], combined: values[0] + values[1] });
  return {
    method: terms.method,
    maxChoices: terms.maxChoices,
    budgetTotal: terms.budgetTotal,
    candidates,
    ballots: totals(counted),
    invalid: totals(invalid),
    fundedCost: terms.method === "budget" ? fundedCost : null,
  };
}
