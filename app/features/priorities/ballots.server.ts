import { randomBytes } from "node:crypto";
import type { User } from "lucia";
import { DEFAULT_TIME_ZONE } from "~/features/preferences/preferences.server";
import { db } from "~/db.server";
import { checkChoices, formatChoices, isBallotMethod, parseStoredChoices, type BallotRules } from "./ballot-rules";
import { phaseAt, phaseWindow, type CyclePhase } from "./phases";
import { dayIn } from "./voting-days";
import { refuse, type VotingOutcome } from "./voting-form.server";
import { isVerified } from "./verification.server";

const cycleSelect = {
  id: true,
  areaId: true,
  titleZh: true,
  titleEn: true,
  ballotMethod: true,
  maxChoices: true,
  budgetTotal: true,
  collectStartsAt: true,
  reviewStartsAt: true,
  voteStartsAt: true,
  resultsStartsAt: true,
  implementationStartsAt: true,
  reportStartsAt: true,
  area: { select: { id: true, nameZh: true, nameEn: true } },
} as const;

/** A random id for the published record: nothing in it derives from the voter or the time. */
export const newPublicId = () => randomBytes(12).toString("base64url");

/** The day a ballot is cast, in the forum's zone: the only time the record keeps. */
export const castDay = (now = new Date()) => dayIn(now, DEFAULT_TIME_ZONE);

/** The cycle as the ballot needs it: its schedule, its method and the shortlisted candidates. */
export async function getBallotCycle(cycleId: string) {
  const cycle = await db.cycle.findUnique({ where: { id: cycleId }, select: cycleSelect });
  if (!cycle || !isBallotMethod(cycle.ballotMethod)) return null;
  const candidates = await db.proposal.findMany({
    where: { cycleId, status: "shortlisted", ballotNumber: { not: null } },
    orderBy: { ballotNumber: "asc" },
    select: { id: true, ballotNumber: true, title: true, description: true, estimatedCost: true, department: { select: { id: true, nameZh: true, nameEn: true } } },
  });
  const rules: BallotRules = {
    method: cycle.ballotMethod,
    maxChoices: cycle.maxChoices,
    budgetTotal: cycle.budgetTotal,
    candidates: candidates.map((candidate) => ({ ballotNumber: candidate.ballotNumber!, estimatedCost: candidate.estimatedCost })),
  };
  return { cycle, candidates: candidates.map((candidate) => ({ ...candidate, ballotNumber: candidate.ballotNumber! })), rules };
}
export type BallotCycle = NonNullable<Awaited<ReturnType<typeof getBallotCycle>>>;

/**
 * What casting needs and no more: the schedule, the method and the candidates' numbers and
 * costs, without titles and departments. Casting is the hot path of a vote (the benchmark asks
 * for 300 ballots a second), and each query costs about a tenth of a millisecond of CPU.
 */
export async function getCastingCycle(cycleId: string): Promise<BallotCycle | null> {
  const cycle = await db.cycle.findUnique({
    where: { id: cycleId },
    select: { ...cycleSelect, area: false, proposals: { where: { status: "shortlisted", ballotNumber: { not: null } }, orderBy: { ballotNumber: "asc" }, select: { ballotNumber: true, estimatedCost: true } } },
  });
  if (!cycle || !isBallotMethod(cycle.ballotMethod)) return null;
  const { proposals, ...rest } = cycle;
  const candidates = proposals.map((candidate) => ({ ballotNumber: candidate.ballotNumber!, estimatedCost: candidate.estimatedCost }));
  return {
    cycle: { ...rest, area: { id: rest.areaId, nameZh: "", nameEn: "" } },
    candidates: [],
    rules: { method: cycle.ballotMethod, maxChoices: cycle.maxChoices, budgetTotal: cycle.budgetTotal, candidates },
  };
}

/** Why this person cannot vote in this cycle now, or null when they can. */
export async function votingBarrier(user: User, cycle: BallotCycle["cycle"], now = new Date()): Promise<string | null> {
  if (phaseAt(cycle, now) !== "vote") return "priorities.voting.errors.notVotePhase";
  if (!(await isVerified(user.id, cycle.areaId))) return "priorities.voting.errors.notVerified";
  return null;
}

/** Everything the ballot page shows the reader: their current ballot too, which is theirs to see. */
export async function getBallotPage(cycleId: string, user: User, now = new Date()) {
  const found = await getBallotCycle(cycleId);
  if (!found) return null;
  const [verified, mine] = await Promise.all([
    isVerified(user.id, found.cycle.areaId),
    db.ballot.findUnique({ where: { cycleId_voterId: { cycleId, voterId: user.id } }, select: { choices: true, castOn: true } }),
  ]);
  const phase: CyclePhase = phaseAt(found.cycle, now);
  return {
    ...found,
    phase,
    closesAt: phaseWindow(found.cycle, "vote").endsAt,
    verified,
    myBallot: mine ? { choices: parseStoredChoices(mine.choices), castOn: mine.castOn } : null,
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === "P2002";

/**
 * Casts or changes the resident's ballot. One row per voter and cycle (unique cycleId+voterId):
 * a change updates that row, and a first ballot that loses a race to another first ballot (both
 * found no row; the unique constraint refused the second insert) updates the winner's row, so
 * two simultaneous submissions end as one ballot, the later write winning. A changed ballot gets
 * a fresh public id so that it cannot be matched to an earlier download of the record.
 */
export async function castBallot(user: User, input: { cycleId: string; choices: number[] }, now = new Date(), loaded?: BallotCycle): Promise<VotingOutcome<{ changed: boolean }>> {
  const found = loaded?.cycle.id === input.cycleId ? loaded : await getCastingCycle(input.cycleId);
  if (!found) return refuse("form", "priorities.voting.errors.noSuchCycle");
  const barrier = await votingBarrier(user, found.cycle, now);
  if (barrier) return refuse("form", barrier);
  const problem = checkChoices(found.rules, input.choices);
  if (problem) return refuse("choices", problem.key, problem.values);
  const data = { choices: formatChoices(input.choices), castOn: castDay(now), publicId: newPublicId() };
  const mine = { cycleId: input.cycleId, voterId: user.id };
  // Most ballots are first ballots: one insert. A change, or the loser of a race, updates.
  try {
    await db.ballot.create({ data: { ...mine, channel: "online", ...data }, select: { id: true } });
    return { ok: true, value: { changed: false } };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const updated = await db.ballot.updateMany({ where: mine, data });
  if (updated.count !== 1) throw new Error("a ballot refused as a duplicate could not be found to update");
  return { ok: true, value: { changed: true } };
}
