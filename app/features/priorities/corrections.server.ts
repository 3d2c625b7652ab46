// Correcting a published result (decision 0026). Once voting has closed nothing about the vote
// can be edited; what can be wrong afterwards is which paper batches count: a box confirmed too
// late, or a confirmed box found to be wrong. A correction is a visible act: one administrator
// proposes it with a reason, a second one carries it out, the results page shows a dated notice
// with the reason, and the result as published before stays downloadable.
import type { User } from "lucia";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { canCorrectResults } from "./permissions.server";
import { cycleResult, findResultsCycle, type ResultsCycle } from "./results.server";
import type { CorrectionInput } from "./schemas";
import { closeVote } from "./vote-close.server";
import { refuse, type VotingOutcome } from "./voting-form.server";

export const CORRECTION_KINDS = ["countBatch", "excludeBatch"] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/**
 * The cycle's paper batches as the correction page weighs them, or only those not counted, for
 * the results page: counting the ballots of every batch read a million index entries a request,
 * while the batches left out are few and small.
 */
export async function listCycleBatches(cycleId: string, options: { uncountedOnly?: boolean } = {}) {
  const rows = await db.paperBatch.findMany({
    where: {
      cycleId,
      ...(options.uncountedOnly ? { OR: [{ confirmedAt: null }, { excludedAt: { not: null } }] } : {}),
    },
    orderBy: [{ enteredAt: "asc" }, { id: "asc" }],
    select: { id: true, label: true, enteredAt: true, confirmedAt: true, excludedAt: true, ballotCount: true },
  });
  return rows.map(({ ballotCount, ...batch }) => ({
    ...batch,
    ballots: ballotCount,
    counted: !!batch.confirmedAt && !batch.excludedAt,
  }));
}

/** Corrections of the cycle, oldest first: the carried-out ones are public; pending ones are for administrators. */
export async function listCorrections(cycleId: string, options: { pending: boolean }) {
  const rows = await db.resultCorrection.findMany({
    where: { cycleId, ...(options.pending ? {} : { confirmedAt: { not: null } }) },
    orderBy: { proposedAt: "asc" },
    select: {
      id: true,
      kind: true,
      reason: true,
      proposedAt: true,
      proposedById: true,
      confirmedAt: true,
      batch: { select: { label: true, ballotCount: true } },
    },
  });
  return rows.map(({ batch, ...correction }) => ({
    ...correction,
    batchLabel: batch?.label ?? "",
    ballots: batch?.ballotCount ?? 0,
  }));
}

/** What the previous published result was, as stored at the correction: for its download. */
export async function getPreviousResult(cycleId: string, correctionId: string): Promise<string | null> {
  const row = await db.resultCorrection.findFirst({
    where: { id: correctionId, cycleId, confirmedAt: { not: null } },
    select: { previous: true },
  });
  return row?.previous ?? null;
}

async function closedCycle(cycle: ResultsCycle): Promise<VotingOutcome<ResultsCycle>> {
  await closeVote(cycle.id);
  const current = await findResultsCycle(cycle.id);
  if (!current?.voteClosedAt) return refuse("form", "priorities.corrections.errors.voteOpen");
  return { ok: true, value: current };
}

export async function proposeCorrection(
  actor: User,
  cycle: ResultsCycle,
  input: CorrectionInput,
): Promise<VotingOutcome<{ id: string }>> {
  if (!canCorrectResults(actor)) return refuse("form", "priorities.errors.notAdministrator");
  const closed = await closedCycle(cycle);
  if (!closed.ok) return closed;
  const batch = await db.paperBatch.findFirst({
    where: { id: input.batchId, cycleId: cycle.id },
    select: { id: true, label: true, confirmedAt: true, excludedAt: true },
  });
  if (!batch) return refuse("batchId", "validation.choose");
  const fits =
    input.kind === "countBatch" ? !batch.confirmedAt && !batch.excludedAt : !!batch.confirmedAt && !batch.excludedAt;
  if (!fits) return refuse("batchId", `priorities.corrections.errors.${input.kind}`);
  return db.$transaction(async (tx) => {
    if (
      await tx.resultCorrection.findFirst({ where: { batchId: batch.id, confirmedAt: null }, select: { id: true } })
    ) {
      return refuse("batchId", "priorities.corrections.errors.pendingAlready");
    }
    const created = await tx.resultCorrection.create({
      data: { cycleId: cycle.id, kind: input.kind, batchId: batch.id, reason: input.reason, proposedById: actor.id },
    });
    await recordAudit(tx, {
      actor,
      action: "result.correctionPropose",
      targetType: "cycle",
      targetId: cycle.id,
      detail: { title: cycle.titleZh || cycle.titleEn, kind: input.kind, batch: batch.label, reason: input.reason },
    });
    return { ok: true as const, value: { id: created.id } };
  });
}

/**
 * A second administrator carries the correction out. The result as published until now is kept
 * on the correction first (the same figures the results page showed), then the batch is counted
 * or left out; the kept count (results.server.ts) sees the batch change and counts again.
 */
export async function confirmCorrection(
  actor: User,
  cycle: ResultsCycle,
  correctionId: string,
): Promise<VotingOutcome<{ kind: CorrectionKind }>> {
  if (!canCorrectResults(actor)) return refuse("form", "priorities.errors.notAdministrator");
  const correction = await db.resultCorrection.findFirst({
    where: { id: correctionId, cycleId: cycle.id },
    select: { id: true, kind: true, batchId: true, proposedById: true, confirmedAt: true, reason: true },
  });
  if (!correction || correction.confirmedAt || !correction.batchId)
    return refuse("form", "priorities.corrections.errors.gone");
  if (correction.proposedById === actor.id) return refuse("form", "priorities.corrections.errors.ownProposal");
  const previous = JSON.stringify({
    cycleId: cycle.id,
    publishedUntil: new Date().toISOString(),
    result: await cycleResult(cycle),
  });
  const kind = correction.kind as CorrectionKind;
  const batchId = correction.batchId;
  const now = new Date();
  const done = await db
    .$transaction(async (tx) => {
      const taken = await tx.resultCorrection.updateMany({
        where: { id: correction.id, confirmedAt: null },
        data: { confirmedAt: now, confirmedById: actor.id, previous },
      });
      if (taken.count !== 1) return false;
      const changed =
        kind === "countBatch"
          ? await tx.paperBatch.updateMany({
              where: { id: batchId, confirmedAt: null, excludedAt: null },
              data: { confirmedAt: now, confirmedById: actor.id },
            })
          : await tx.paperBatch.updateMany({
              where: { id: batchId, confirmedAt: { not: null }, excludedAt: null },
              data: { excludedAt: now },
            });
      // The batch changed since the proposal (another correction): nothing is applied.
      if (changed.count !== 1) throw new CorrectionOutdated();
      await recordAudit(tx, {
        actor,
        action: "result.correctionConfirm",
        targetType: "cycle",
        targetId: cycle.id,
        detail: { title: cycle.titleZh || cycle.titleEn, kind, batchId, reason: correction.reason },
      });
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof CorrectionOutdated) return "outdated" as const;
      throw error;
    });
  if (done === "outdated") return refuse("form", "priorities.corrections.errors.outdated");
  if (!done) return refuse("form", "priorities.corrections.errors.gone");
  return { ok: true, value: { kind } };
}

class CorrectionOutdated extends Error {}

/** A proposal not carried out can be withdrawn by any administrator; the audit log keeps that it was made. */
export async function withdrawCorrection(
  actor: User,
  cycle: ResultsCycle,
  correctionId: string,
): Promise<VotingOutcome<null>> {
  if (!canCorrectResults(actor)) return refuse("form", "priorities.errors.notAdministrator");
  return db.$transaction(async (tx) => {
    const pending = await tx.resultCorrection.findFirst({
      where: { id: correctionId, cycleId: cycle.id, confirmedAt: null },
      select: { kind: true, reason: true, batchId: true },
    });
    if (!pending) return refuse("form", "priorities.corrections.errors.gone");
    await tx.resultCorrection.deleteMany({ where: { id: correctionId, confirmedAt: null } });
    await recordAudit(tx, {
      actor,
      action: "result.correctionWithdraw",
      targetType: "cycle",
      targetId: cycle.id,
      detail: {
        title: cycle.titleZh || cycle.titleEn,
        kind: pending.kind,
        batchId: pending.batchId,
        reason: pending.reason,
      },
    });
    return { ok: true as const, value: null };
  });
}
