import { randomBytes } from "node:crypto";
import type { User } from "lucia";
import { DEFAULT_TIME_ZONE } from "~/features/preferences/preferences.server";
import { db } from "~/db.server";
import { checkChoices, formatChoices, isBallotMethod, parseStoredChoices, type BallotRules } from "./ballot-rules";
import { phaseAt, phaseWindow, type CyclePhase } from "./phases";
import { dayIn } from "./voting-days";
import { refuse, type VotingOutcome } from "./voting-form.server";
import { insertParticipation, isVerified } from "./verification.server";
import { personRefOf, voterKey, type PersonRef } from "./voter-keys.server";
import { voteOpenIn } from "./vote-close.server";

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

/**
 * A random id for the published record: nothing in it derives from the voter or the time. Never
 * one starting with "-": the CSV download writes such a cell with a leading ' (formula escaping),
 * so one ballot in 64 had another id in the CSV than in the JSON.
 */
export function newPublicId(): string {
  for (;;) {
    const id = randomBytes(12).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/** The day a ballot is cast, in the forum's zone: the only time the record keeps. */
export const castDay = (now = new Date()) => dayIn(now, DEFAULT_TIME_ZONE);

/** The cycle as the ballot needs it: its schedule, its method and the shortlisted candidates. */
export async function getBallotCycle(cycleId: string) {
  const cycle = await db.cycle.findUnique({ where: { id: cycleId }, select: cycleSelect });
  if (!cycle || !isBallotMethod(cycle.ballotMethod)) return null;
  const candidates = await db.proposal.findMany({
    where: { cycleId, status: "shortlisted", ballotNumber: { not: null } },
    orderBy: { ballotNumber: "asc" },
    select: {
      id: true,
      ballotNumber: true,
      title: true,
      description: true,
      estimatedCost: true,
      department: { select: { id: true, nameZh: true, nameEn: true } },
    },
  });
  const rules: BallotRules = {
    method: cycle.ballotMethod,
    maxChoices: cycle.maxChoices,
    budgetTotal: cycle.budgetTotal,
    candidates: candidates.map((candidate) => ({
      ballotNumber: candidate.ballotNumber!,
      estimatedCost: candidate.estimatedCost,
    })),
  };
  return {
    cycle,
    candidates: candidates.map((candidate) => ({ ...candidate, ballotNumber: candidate.ballotNumber! })),
    rules,
  };
}
export type BallotCycle = NonNullable<Awaited<ReturnType<typeof getBallotCycle>>>;

interface CastingRow {
  id: string;
  areaId: string;
  ballotMethod: string;
  maxChoices: number | bigint | null;
  budgetTotal: number | bigint | null;
  collectStartsAt: Date | string | number;
  reviewStartsAt: Date | string | number;
  voteStartsAt: Date | string | number;
  resultsStartsAt: Date | string | number;
  implementationStartsAt: Date | string | number;
  reportStartsAt: Date | string | number;
  ballotNumber: number | bigint | null;
  estimatedCost: number | bigint | null;
  /** true/false on PostgreSQL, 1/0 on SQLite. */
  verified: boolean | number | bigint;
  /** The verification's document hash, when a counter checked a document. */
  documentHash: string | null;
}

const orNull = (value: number | bigint | null) => (value === null ? null : Number(value));

/**
 * What casting needs and no more, in one statement: the schedule, the method, the candidates'
 * numbers and costs (no titles or departments) and whether the voter is verified for the area.
 * Casting is the hot path of a vote (the benchmark asks for 300 ballots a second) and each
 * Prisma query costs about a tenth of a millisecond of CPU, as the session lookup found (docs/decisions/0006).
 */
export type CastingCycle = BallotCycle & { verified: boolean; person: PersonRef };

export async function getCastingCycle(cycleId: string, voterId: string): Promise<CastingCycle | null> {
  const rows = await db.$queryRaw<CastingRow[]>`
    SELECT c."id", c."areaId", c."ballotMethod", c."maxChoices", c."budgetTotal",
           c."collectStartsAt", c."reviewStartsAt", c."voteStartsAt", c."resultsStartsAt", c."implementationStartsAt", c."reportStartsAt",
           p."ballotNumber", p."estimatedCost",
           EXISTS (SELECT 1 FROM "Verification" v WHERE v."areaId" = c."areaId" AND v."userId" = ${voterId}) AS "verified",
           (SELECT v."documentHash" FROM "Verification" v WHERE v."areaId" = c."areaId" AND v."userId" = ${voterId}) AS "documentHash"
    FROM "Cycle" c
    LEFT JOIN "Proposal" p ON p."cycleId" = c."id" AND p."status" = 'shortlisted' AND p."ballotNumber" IS NOT NULL
    WHERE c."id" = ${cycleId}
    ORDER BY p."ballotNumber"`;
  const [first] = rows;
  if (!first || !isBallotMethod(first.ballotMethod)) return null;
  const date = (value: Date | string | number) => new Date(value);
  const cycle = {
    id: first.id,
    areaId: first.areaId,
    titleZh: "",
    titleEn: "",
    ballotMethod: first.ballotMethod,
    maxChoices: orNull(first.maxChoices),
    budgetTotal: orNull(first.budgetTotal),
    collectStartsAt: date(first.collectStartsAt),
    reviewStartsAt: date(first.reviewStartsAt),
    voteStartsAt: date(first.voteStartsAt),
    resultsStartsAt: date(first.resultsStartsAt),
    implementationStartsAt: date(first.implementationStartsAt),
    reportStartsAt: date(first.reportStartsAt),
    area: { id: first.areaId, nameZh: "", nameEn: "" },
  };
  const candidates = rows
    .filter((row) => row.ballotNumber !== null)
    .map((row) => ({ ballotNumber: Number(row.ballotNumber), estimatedCost: orNull(row.estimatedCost) }));
  return {
    cycle,
    candidates: [],
    rules: { method: first.ballotMethod, maxChoices: cycle.maxChoices, budgetTotal: cycle.budgetTotal, candidates },
    verified: Number(first.verified) === 1,
    person: first.documentHash ? { documentHash: first.documentHash } : { accountId: voterId },
  };
}

/** Why this person cannot vote in this cycle now, or null when they can. */
export async function votingBarrier(
  user: User,
  cycle: BallotCycle["cycle"],
  now = new Date(),
  verified?: boolean,
): Promise<string | null> {
  if (phaseAt(cycle, now) !== "vote") return "priorities.voting.errors.notVotePhase";
  if (!(verified ?? (await isVerified(user.id, cycle.areaId)))) return "priorities.voting.errors.notVerified";
  return null;
}

/**
 * Everything the ballot page shows the reader: their current ballot too while voting is open,
 * which is theirs to see. After the close no ballot links to its voter: the page can say only
 * whether they voted (their Participation row), never how.
 */
export async function getBallotPage(cycleId: string, user: User, now = new Date()) {
  const found = await getBallotCycle(cycleId);
  if (!found) return null;
  const [verification, mine] = await Promise.all([
    db.verification.findUnique({
      where: { areaId_userId: { areaId: found.cycle.areaId, userId: user.id } },
      select: { userId: true, documentHash: true },
    }),
    db.ballot.findUnique({
      where: { cycleId_voterId: { cycleId, voterId: user.id } },
      select: { choices: true, castOn: true },
    }),
  ]);
  const phase: CyclePhase = phaseAt(found.cycle, now);
  const open = phase === "vote";
  const voted =
    !!mine ||
    (!!verification &&
      !!(await db.participation.findUnique({
        where: { cycleId_voterKey: { cycleId, voterKey: voterKey(cycleId, personRefOf(verification)) } },
        select: { channel: true },
      })));
  return {
    ...found,
    phase,
    closesAt: phaseWindow(found.cycle, "vote").endsAt,
    verified: !!verification,
    voted,
    myBallot: mine && open ? { choices: parseStoredChoices(mine.choices), castOn: mine.castOn } : null,
  };
}

/**
 * Casts or changes the resident's ballot: one ballot per person, whatever the channel and
 * however many accounts (decision 0026).
 * - The person's first ballot marks them in Participation under their voter key (the document a
 *   counter checked, else the account) and stores the ballot with its voter until the close.
 * - A change updates their ballot row and gets a fresh public id.
 * - The key already marked with no ballot of this account means the same person voted on paper
 *   or with another account (deleted, or whose verification moved here): refused.
 * One transaction; the Participation insert is the arbiter, and a first ballot costs three
 * statements (the open check, the mark, the ballot). Of two first ballots at once from one
 * account (a double click, two tabs), the second's mark waits for the first to commit
 * (PostgreSQL makes the conflicting insert wait; SQLite runs write transactions one at a time),
 * finds it, and updates the first's ballot, so exactly one remains, holding the later choices.
 */
export async function castBallot(
  user: User,
  input: { cycleId: string; choices: number[] },
  now = new Date(),
  loaded?: CastingCycle,
): Promise<VotingOutcome<{ changed: boolean }>> {
  // The route has read the cycle for this voter already, to build the form's schema.
  const found = loaded?.cycle.id === input.cycleId ? loaded : await getCastingCycle(input.cycleId, user.id);
  if (!found) return refuse("form", "priorities.voting.errors.noSuchCycle");
  const barrier = await votingBarrier(user, found.cycle, now, found.verified);
  if (barrier) return refuse("form", barrier);
  const problem = checkChoices(found.rules, input.choices);
  if (problem) return refuse("choices", problem.key, problem.values);
  const data = { choices: formatChoices(input.choices), castOn: castDay(now), publicId: newPublicId() };
  const mine = { cycleId: input.cycleId, voterId: user.id };
  const key = voterKey(input.cycleId, found.person);
  return db.$transaction(async (tx) => {
    // Checked again here: the close may have run since the phase check above (vote-close.server.ts).
    if (!(await voteOpenIn(tx, input.cycleId))) return refuse("form", "priorities.voting.errors.notVotePhase");
    if (await insertParticipation(tx, input.cycleId, key, "online")) {
      // The person's first ballot. A random id, not the default cuid: a cuid starts with the
      // moment it was made, to the millisecond, which the request log or a session's last use
      // would tie to the voter. One statement, which also covers the one case where this account
      // already has a ballot under another key (its verification changed with no mark copied):
      // that ballot is replaced, never doubled.
      const id = newPublicId();
      await tx.$executeRaw`
        INSERT INTO "Ballot" ("id", "publicId", "cycleId", "voterId", "channel", "choices", "castOn")
        VALUES (${id}, ${data.publicId}, ${input.cycleId}, ${user.id}, 'online', ${data.choices}, ${data.castOn})
        ON CONFLICT ("cycleId", "voterId") DO UPDATE SET "publicId" = excluded."publicId", "choices" = excluded."choices", "castOn" = excluded."castOn"`;
      return { ok: true as const, value: { changed: false } };
    }
    // Marked already: a change of this account's ballot (or the second of a double press, whose
    // first committed meanwhile), else the same person voting again.
    if ((await tx.ballot.updateMany({ where: mine, data })).count === 1)
      return { ok: true as const, value: { changed: true } };
    const earlier = await tx.participation.findUnique({
      where: { cycleId_voterKey: { cycleId: input.cycleId, voterKey: key } },
      select: { channel: true },
    });
    return refuse(
      "form",
      earlier?.channel === "paper"
        ? "priorities.voting.errors.votedOnPaper"
        : "priorities.voting.errors.votedWithAnotherAccount",
    );
  });
}
