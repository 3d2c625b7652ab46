// Reading a cycle's counted ballots and its result (decision 0018). Counted ballots: online
// ballots, and paper ballots of batches a second staff member has confirmed. The tally itself is
// tally.ts; this module only reads rows, fast, and keeps the result while nothing it depends on
// has changed.
import { Prisma } from "~/generated/sqlite/client";
import { db as defaultDb, type Db } from "~/db.server";
import { phaseAt, PHASES, type CyclePhase } from "./phases";
import {
  BALLOT_SEPARATOR,
  tallyBallots,
  type BallotText,
  type TallyMethod,
  type TallyResult,
  type TallyTerms,
} from "./tally";

type Reader = Pick<Db, "cycle" | "proposal" | "verification" | "$queryRaw">;

/** The phases in which results are public: once voting has closed. */
export function resultsArePublic(phase: CyclePhase): boolean {
  return phase !== "announced" && PHASES.indexOf(phase) >= PHASES.indexOf("results");
}

export interface ResultsCandidate {
  ballotNumber: number;
  title: string;
  cost: number | null;
  departmentZh: string | null;
  departmentEn: string | null;
}

/** The cycle as the results page and downloads need it, or null if there is none. */
export async function findResultsCycle(cycleId: string, reader: Reader = defaultDb) {
  const cycle = await reader.cycle.findUnique({
    where: { id: cycleId },
    include: { area: { select: { id: true, slug: true, nameZh: true, nameEn: true } } },
  });
  if (!cycle) return null;
  const proposals = await reader.proposal.findMany({
    where: { cycleId, status: "shortlisted", ballotNumber: { not: null } },
    orderBy: { ballotNumber: "asc" },
    select: {
      ballotNumber: true,
      title: true,
      estimatedCost: true,
      department: { select: { nameZh: true, nameEn: true } },
    },
  });
  const candidates: ResultsCandidate[] = proposals.map((proposal) => ({
    ballotNumber: proposal.ballotNumber!,
    title: proposal.title,
    cost: proposal.estimatedCost,
    departmentZh: proposal.department?.nameZh ?? null,
    departmentEn: proposal.department?.nameEn ?? null,
  }));
  return { ...cycle, candidates };
}
export type ResultsCycle = NonNullable<Awaited<ReturnType<typeof findResultsCycle>>>;

/**
 * The count's terms, as the counts file publishes them. K belongs to approval and ranked ballots,
 * the total to budget ballots; each is left out (null) for the others, so that a recount from
 * the file has the same terms. A ranked cycle without a K (the cycles part requires one) is
 * counted with K = the number of candidates: counting-rule.ts's choiceLimit says so, for the
 * count, the recount and both pages alike.
 */
export function tallyTermsOf(
  cycle: Pick<ResultsCycle, "ballotMethod" | "maxChoices" | "budgetTotal" | "candidates">,
): TallyTerms {
  const budget = cycle.ballotMethod === "budget";
  return {
    method: cycle.ballotMethod as TallyMethod,
    maxChoices: budget ? null : cycle.maxChoices,
    budgetTotal: budget ? cycle.budgetTotal : null,
    candidates: cycle.candidates.map(({ ballotNumber, cost }) => ({ ballotNumber, cost })),
  };
}

/**
 * The choices of every counted ballot, as two strings (online and offline), each the ballots'
 * `choices` joined by ";". One row per channel instead of a million: the database joins the
 * text, and tally.ts reads it in one pass. Much faster than a million rows through the client.
 */
export async function readCountedChoices(cycleId: string, reader: Reader = defaultDb): Promise<BallotText[]> {
  // string_agg: PostgreSQL, and SQLite since 3.44 (better-sqlite3 bundles a newer one).
  const joined = Prisma.sql`string_agg("choices", ';')`;
  const rows = await reader.$queryRaw<Array<{ channel: string; choices: string | null }>>`
    SELECT 'online' AS "channel", ${joined} AS "choices" FROM "Ballot" WHERE "cycleId" = ${cycleId} AND "channel" = 'online'
    UNION ALL
    SELECT 'offline' AS "channel", ${joined} AS "choices" FROM "Ballot"
    WHERE "cycleId" = ${cycleId} AND "channel" = 'paper'
      AND "batchId" IN (SELECT "id" FROM "PaperBatch" WHERE "cycleId" = ${cycleId} AND "confirmedAt" IS NOT NULL AND "excludedAt" IS NULL)`;
  // No ballots gives a null aggregate, which must not become one empty ballot.
  return rows
    .filter((row) => row.choices !== null)
    .map((row) => ({ channel: row.channel as BallotText["channel"], choices: row.choices! }));
}
// The separator above is written into the SQL; tally.ts must split on the same character.
if (BALLOT_SEPARATOR !== ";") throw new Error("readCountedChoices joins ballots with ';'");

/** A full recount from the database, no cache. */
export async function recountCycle(cycle: ResultsCycle, reader: Reader = defaultDb): Promise<TallyResult> {
  return tallyBallots(tallyTermsOf(cycle), await readCountedChoices(cycle.id, reader));
}

/**
 * What the count depends on besides the cycle and its candidates, in one small query, with no
 * scan of the cycle's ballots (counting a million index entries took 50-100 ms a request):
 * - the paper batches: how many, how many confirmed, the latest entry and confirmation. Any
 *   batch entered, confirmed or removed changes them (a confirmed batch is final);
 * - the highest ballot id in the table (a B-tree's last key: one lookup): a row stored outside
 *   the commands with the default, time-ordered cuid raises it. The commands' own ballots have
 *   random ids (decision 0026), but none can be stored once voting has closed: each checks the
 *   close inside its transaction (voteOpenIn).
 * A ballot changed in place or deleted singly would change neither: none is, since from the
 * results phase on no ballot can be cast or changed, and the cache serves only those phases
 * (decision 0018).
 */
async function ballotsFingerprint(cycleId: string, reader: Reader): Promise<string> {
  const rows = await reader.$queryRaw<Array<Record<string, unknown>>>`
    SELECT
      (SELECT max("id") FROM "Ballot") AS "lastBallot",
      (SELECT count(*) FROM "PaperBatch" WHERE "cycleId" = ${cycleId}) AS "batches",
      (SELECT count("confirmedAt") FROM "PaperBatch" WHERE "cycleId" = ${cycleId}) AS "confirmed",
      (SELECT count("excludedAt") FROM "PaperBatch" WHERE "cycleId" = ${cycleId}) AS "excluded",
      (SELECT max("enteredAt") FROM "PaperBatch" WHERE "cycleId" = ${cycleId}) AS "lastEntered",
      (SELECT max("confirmedAt") FROM "PaperBatch" WHERE "cycleId" = ${cycleId}) AS "lastConfirmed"`;
  return Object.values(rows[0] ?? {})
    .map((value) => (value instanceof Date ? value.toISOString() : String(value)))
    .join("|");
}

// The count itself is kept as a promise, so that requests arriving while a million ballots are
// being counted wait for that one count instead of each starting their own.
const cache = new Map<string, { key: string; result: Promise<TallyResult> }>();
const MAX_CACHED_CYCLES = 50;

/**
 * The cycle's result, counted once and kept while its key holds: the cycle's terms and dates
 * (opening voting again by hand moves them), the candidates, and the ballots' fingerprint.
 * Before the results phase nothing is kept: ballots may still change in place then.
 */
export async function cycleResult(
  cycle: ResultsCycle,
  now = new Date(),
  reader: Reader = defaultDb,
): Promise<TallyResult> {
  if (!resultsArePublic(phaseAt(cycle, now))) return recountCycle(cycle, reader);
  const key = JSON.stringify([cycle.updatedAt, tallyTermsOf(cycle), await ballotsFingerprint(cycle.id, reader)]);
  const kept = cache.get(cycle.id);
  if (kept && kept.key === key) return kept.result;
  const result = recountCycle(cycle, reader);
  if (cache.size >= MAX_CACHED_CYCLES) cache.clear();
  const entry = { key, result };
  cache.set(cycle.id, entry);
  // A failed count (the database went away) is not kept: the next request tries again.
  result.catch(() => {
    if (cache.get(cycle.id) === entry) cache.delete(cycle.id);
  });
  return result;
}
