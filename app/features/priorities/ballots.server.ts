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
 * the upsert makes two simultaneous submissions end as one ballot, the later write winning, and
 * a changed ballot gets a fresh public id so it cannot be matched to an earlier download.
 */
export async function castBallot(user: User, input: { cycleId: string; choices: number[] }, now = new Date()): Promise<VotingOutcome<{ changed: boolean }>> {
  const found = await getBallotCycle(input.cycleId);
  if (!found) return refuse("form", "priorities.voting.errors.noSuchCycle");
  const barrier = await votingBarrier(user, found.cycle, now);
  if (barrier) return refuse("form", barrier);
  const problem = checkChoices(found.rules, input.choices);
  if (problem) return refuse("choices", problem.key, problem.values);
  const data = { choices: formatChoices(input.choices), castOn: castDay(now), publicId: newPublicId() };
  const write = () =>
    db.ballot.upsert({
      where: { cycleId_voterId: { cycleId: input.cycleId, voterId: user.id } },
      create: { cycleId: input.cycleId, voterId: user.id, channel: "online", ...data },
      update: data,
      select: { id: true },
    });
  const existed = !!(await db.ballot.findUnique({ where: { cycleId_voterId: { cycleId: input.cycleId, voterId: user.id } }, select: { id: true } }));
  try {
    await write();
  } catch (error) {
    // Two first ballots at once: both found no row, one insert lost the race to the unique
    // constraint. Writing again updates the winner's row, so the last submission still counts.
    if (!isUniqueViolation(error)) throw error;
    await write();
  }
  return { ok: true, value: { changed: existed } };
}
