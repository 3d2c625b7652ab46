import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { phaseAt } from "~/features/priorities/phases";
import { cycleResult, findResultsCycle, resultsArePublic } from "~/features/priorities/results.server";
import { db } from "~/db.server";
import type { CycleView } from "./commitments.server";
import { canRecordSkipReason } from "./permissions.server";
import type { SkipReasonInput } from "./schemas";

// The vote's ranking next to what became of each candidate (decision 0025). A commitment made
// from the fifth-placed candidate while the second got none is a choice the government must
// explain: the year-end report shows each candidate's rank, its commitment or the reason an
// official of its department gave, and flags a candidate ranked above the lowest one committed
// that has neither. The rank is the published count's (results.server.ts), never a count of our own.

/**
 * Every shortlisted candidate of the cycle in the order of the vote, once its results are public;
 * an empty list before that. `unexplained` marks a candidate ranked above the lowest-ranked
 * candidate that became a commitment, with no commitment and no reason given.
 */
export async function rankedCandidates(cycleId: string, now = new Date()) {
  const cycle = await findResultsCycle(cycleId);
  if (!cycle || !resultsArePublic(phaseAt(cycle, now))) return [];
  const [result, proposals] = await Promise.all([
    cycleResult(cycle, now),
    db.proposal.findMany({
      where: { cycleId, status: "shortlisted", ballotNumber: { not: null } },
      select: {
        id: true,
        ballotNumber: true,
        title: true,
        skipReason: true,
        departmentId: true,
        department: { select: { id: true, nameZh: true, nameEn: true } },
        commitment: { select: { id: true } },
      },
    }),
  ]);
  const byNumber = new Map(proposals.map((proposal) => [proposal.ballotNumber!, proposal]));
  const rows = result.candidates.flatMap((candidate) => {
    const proposal = byNumber.get(candidate.ballotNumber);
    return proposal
      ? [
          {
            rank: candidate.rank,
            ...proposal,
            ballotNumber: candidate.ballotNumber,
            commitmentId: proposal.commitment?.id ?? null,
          },
        ]
      : [];
  });
  const lowestCommitted = Math.max(0, ...rows.filter((row) => row.commitmentId).map((row) => row.rank));
  return rows.map(({ commitment: _commitment, ...row }) => ({
    ...row,
    unexplained: !row.commitmentId && !row.skipReason && row.rank < lowestCommitted,
  }));
}
export type RankedCandidate = Awaited<ReturnType<typeof rankedCandidates>>[number];

const noSuchProposal = { ok: false as const, field: "form", error: "commitments.errors.noSuchProposal" };

/**
 * An official of the candidate's department, or an administrator, says why a ranked candidate
 * does not become a commitment. Shown in the year-end report next to its rank; a reason given
 * again replaces the earlier one, and the audit entry keeps both.
 */
export async function recordSkipReason(actor: User, cycle: CycleView, input: SkipReasonInput): Promise<Outcome> {
  const proposal = await db.proposal.findFirst({
    where: { id: input.proposalId, cycleId: cycle.id, status: "shortlisted" },
    select: { id: true, title: true, departmentId: true, skipReason: true, commitment: { select: { id: true } } },
  });
  if (!proposal) return noSuchProposal;
  if (!canRecordSkipReason(actor, proposal.departmentId))
    return { ok: false, field: "form", error: "commitments.errors.notAllowed" };
  // Before the results there is no rank to explain.
  if (!resultsArePublic(phaseAt(cycle))) return { ok: false, field: "form", error: "commitments.errors.tooEarly" };
  if (proposal.commitment) return { ok: false, field: "form", error: "commitments.errors.proposalTaken" };
  await db.$transaction(async (tx) => {
    await tx.proposal.update({ where: { id: proposal.id }, data: { skipReason: input.skipReason } });
    await recordAudit(tx, {
      actor,
      action: "proposal.skipReason",
      targetType: "proposal",
      targetId: proposal.id,
      detail: {
        cycleId: cycle.id,
        title: proposal.title.slice(0, 60),
        departmentId: proposal.departmentId,
        reason: input.skipReason,
        ...(proposal.skipReason ? { before: proposal.skipReason } : {}),
      },
    });
  });
  return { ok: true, value: undefined };
}
