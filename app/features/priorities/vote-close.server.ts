// What happens when a cycle's voting closes (decision 0026). Voting closes at a date, not by a
// button, so `closeVote` is idempotent and runs wherever it may first matter: the upkeep timer
// every minute, and any page or command that reads a cycle past its vote. The first run
// - cuts every ballot's link to its account (voterId), so that from then on nothing links a
//   person to their choices: a person keeps only that they voted (Participation, by key);
// - fixes turnout's denominator: everyone who could vote, counted once per person;
// - marks the cycle closed, which freezes the vote's dates and terms (cycles.server.ts).
import { randomInt } from "node:crypto";
import { databaseProvider } from "~/database.server";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { runInOneInstance } from "~/shared/once-across-instances.server";
import { phaseAt } from "./phases";
import { LINKED, personRefOf, voterKey } from "./voter-keys.server";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * A close rewrites every mark of the vote, and may first wait for another close of the same vote
 * (another instance, or a page that read the cycle at the close) or for ballots still being
 * written. Prisma's default (5 s, counted from the start, waits included) ended such a close with
 * P2028 on a busy machine and logged an error, though the vote was then closed by the other.
 */
const CLOSE_TRANSACTION = { maxWait: 10_000, timeout: 120_000 };

/**
 * Everyone who could vote in the cycle, each person once: the live accounts verified for its
 * area, keyed as the ballot keys them (their document, else their account), together with
 * everyone marked in Participation (paper voters who have no account, and voters whose account
 * was deleted after voting). Every counted ballot has a Participation row, so turnout can never
 * pass 100%.
 */
async function countElectorate(
  tx: Tx,
  cycle: { id: string; areaId: string; resultsStartsAt: Date },
  participations: ReadonlyArray<{ voterKey: string; channel: string }>,
): Promise<number> {
  // Verified before the close: should this run late (the forum was down at the close), people
  // verified since are not counted, unless they voted (then their mark is).
  const verifications = await tx.verification.findMany({
    where: { areaId: cycle.areaId, verifiedAt: { lt: cycle.resultsStartsAt }, user: { deletedAt: null } },
    select: { userId: true, documentHash: true },
  });
  // A "linked" mark is a person already marked under another key (their document checked after
  // they voted): they count once, by that other mark.
  const linked = new Set(participations.filter((row) => row.channel === LINKED).map((row) => row.voterKey));
  const people = new Set(participations.filter((row) => row.channel !== LINKED).map((row) => row.voterKey));
  for (const verification of verifications) {
    const key = voterKey(cycle.id, personRefOf(verification));
    if (!linked.has(key)) people.add(key);
  }
  return people.size;
}

/**
 * The marks are written again in a random order. Each was written in the same transaction as its
 * ballot, so both tables kept the same order of insertion (SQLite's rowid, PostgreSQL's heap):
 * someone holding the database and the key could have matched each voter's mark to their ballot
 * by position. (Old row versions stay on disk until PostgreSQL's vacuum or SQLite's reuse of the
 * free pages overwrites them; decision 0026.)
 */
async function rewriteMarksShuffled(tx: Tx, cycleId: string, marks: Array<{ voterKey: string; channel: string }>) {
  for (let i = marks.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [marks[i], marks[j]] = [marks[j]!, marks[i]!];
  }
  await tx.participation.deleteMany({ where: { cycleId } });
  for (let start = 0; start < marks.length; start += 5000) {
    await tx.participation.createMany({ data: marks.slice(start, start + 5000).map((mark) => ({ cycleId, ...mark })) });
  }
}

/** Closes the cycle's vote if its voting phase has ended and nobody has closed it yet; true when this call closed it. */
export async function closeVote(cycleId: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const cycle = await tx.cycle.findUnique({ where: { id: cycleId } });
    if (!cycle || cycle.voteClosedAt || cycle.resultsStartsAt.getTime() > now.getTime()) return false;
    if (phaseAt(cycle, now) === "vote") return false;
    // On PostgreSQL, wait for every ballot, hand-out and batch still being written (each holds a
    // lock on the cycle's row, voteOpenIn below) and keep new ones out until this commits: a
    // ballot checked a moment before the close and written after it would otherwise keep its
    // voter for ever and be missing from the electorate. SQLite writes one transaction at a time.
    if (databaseProvider() === "postgresql")
      await tx.$queryRaw`SELECT "id" FROM "Cycle" WHERE "id" = ${cycleId} FOR UPDATE`;
    const marks = await tx.participation.findMany({ where: { cycleId }, select: { voterKey: true, channel: true } });
    const electorate = await countElectorate(tx, cycle, marks);
    // Conditional: of two instances closing at once, one closes and the other changes nothing.
    const { count } = await tx.cycle.updateMany({
      where: { id: cycleId, voteClosedAt: null },
      data: { voteClosedAt: now, electorate },
    });
    if (count !== 1) return false;
    const unlinked = await tx.ballot.updateMany({
      where: { cycleId, voterId: { not: null } },
      data: { voterId: null },
    });
    await rewriteMarksShuffled(tx, cycleId, marks);
    await recordAudit(tx, {
      // Nobody closes a vote: its date does. The log shows it as the forum's own act.
      actor: null,
      action: "cycle.voteClose",
      targetType: "cycle",
      targetId: cycleId,
      detail: { title: cycle.titleZh || cycle.titleEn, electorate, ballotsUnlinked: unlinked.count },
    });
    return true;
  }, CLOSE_TRANSACTION);
}

/**
 * Inside a transaction that adds to a vote (a ballot, a paper ballot handed out, a batch): whether
 * the vote is still open, read in that transaction. The clock was read before it, so a request
 * that passed the phase check just before the close may reach here just after it. On PostgreSQL
 * the cycle's row stays locked until the transaction ends, so closeVote waits for it: "share" for
 * ballots and hand-outs (they do not wait for each other), "exclusive" for batch entry (whose
 * check of the ballots handed out must not run alongside another entry's).
 */
export async function voteOpenIn(
  tx: Pick<Tx, "$queryRaw">,
  cycleId: string,
  lock: "share" | "exclusive" = "share",
): Promise<boolean> {
  type Row = { open: boolean | number | bigint };
  const rows =
    databaseProvider() !== "postgresql"
      ? await tx.$queryRaw<Row[]>`SELECT "voteClosedAt" IS NULL AS "open" FROM "Cycle" WHERE "id" = ${cycleId}`
      : lock === "share"
        ? await tx.$queryRaw<
            Row[]
          >`SELECT "voteClosedAt" IS NULL AS "open" FROM "Cycle" WHERE "id" = ${cycleId} FOR KEY SHARE`
        : await tx.$queryRaw<
            Row[]
          >`SELECT "voteClosedAt" IS NULL AS "open" FROM "Cycle" WHERE "id" = ${cycleId} FOR NO KEY UPDATE`;
  return rows.length === 1 && Number(rows[0].open) === 1;
}

/** Closes every vote whose time has come; for the upkeep timer. */
export async function closeEndedVotes(now = new Date()): Promise<number> {
  const due = await db.cycle.findMany({
    where: { voteClosedAt: null, resultsStartsAt: { lte: now } },
    select: { id: true },
    take: 100,
  });
  let closed = 0;
  for (const { id } of due) if (await closeVote(id, now)) closed++;
  return closed;
}

/**
 * One round of the upkeep: with several instances, only the instance that gets the round's lock
 * runs it (app/shared/once-across-instances.server.ts); the others skip it, rather than all
 * queueing on the same cycle's row. A round that finds nothing to close is one indexed query.
 * Returns how many votes it closed, or null when another instance had the round.
 */
export async function runVoteUpkeepRound(now = new Date()): Promise<number | null> {
  let closed: number | null = null;
  try {
    await runInOneInstance("priorities-vote-close", async () => {
      closed = await closeEndedVotes(now);
    });
  } catch (error) {
    console.error("priorities: closing ended votes failed", error);
  }
  return closed;
}

/**
 * The upkeep timer: every minute, so that the link between a ballot and its voter lasts at most
 * a minute past the close even if nobody opens the cycle. Returns a function that stops it.
 */
export async function startVoteUpkeep(intervalMs = 60_000): Promise<() => void> {
  // The first round is over before the forum says it runs: a vote that ended while it was down
  // is closed before anyone reads it, and a round never starts midway through what was there.
  await runVoteUpkeepRound();
  const timer = setInterval(() => void runVoteUpkeepRound(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
