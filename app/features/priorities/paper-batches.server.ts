import type { AppLoadContext } from "@remix-run/node";
import type { User } from "lucia";
import { requireUser } from "~/features/accounts/auth.server";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { formatChoices, parsePaperBallots, parseStoredChoices } from "./ballot-rules";
import { castDay, getBallotCycle, newPublicId } from "./ballots.server";
import { phaseAt } from "./phases";
import { canConfirmPaperBatch, canHandlePaperBallots } from "./voting-permissions.server";
import { documentHash, voterKey } from "./voter-keys.server";
import { voteOpenIn } from "./vote-close.server";
import { insertParticipation } from "./verification.server";
import type { PaperBatchInput, PaperHandOutInput } from "./voting-schemas";
import { refuse, type VotingOutcome } from "./voting-form.server";

// Paper ballots from the boxes, typed in by counter staff in batches. Each ballot row records its
// batch; the batch records who entered it and when, and who confirmed it. Entry and confirmation
// happen while voting is open (the vote phase), so the results phase starts from a final count.

export const PAPER_BATCH_PAGE_SIZE = 30;

/**
 * A batch is one box, checked line by line against the paper by a colleague. The cap also bounds
 * one command's work: on SQLite the insert runs on the process's only thread, and a 16,000-line
 * batch held every other request for 3.5 seconds.
 */
export const PAPER_BATCH_MAX_BALLOTS = 1000;

/** The paper-ballot pages are for counter staff only: administrators too are refused (see the permissions). */
export async function requirePaperDesk(request: Request, context: AppLoadContext) {
  const user = await requireUser(request, context);
  if (!canHandlePaperBallots(user)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/** The cycles whose paper ballots can be entered now. */
export async function listCyclesTakingPaperBallots(now = new Date()) {
  const cycles = await db.cycle.findMany({
    where: { voteStartsAt: { lte: now }, resultsStartsAt: { gt: now } },
    orderBy: { voteStartsAt: "desc" },
    select: {
      id: true,
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
    },
  });
  return cycles.filter((cycle) => phaseAt(cycle, now) === "vote");
}

/**
 * Counter staff hand a person a paper ballot after checking their document: the person is marked
 * as having voted on paper under the document's key (decision 0026), so an online ballot from an
 * account the same document verified is refused, and so is a second paper ballot. Nothing about
 * the person is kept but that key; the audit entry names the cycle only.
 */
export async function handOutPaperBallot(
  actor: User,
  input: PaperHandOutInput,
  now = new Date(),
): Promise<VotingOutcome<{ handedOut: number }>> {
  if (!canHandlePaperBallots(actor)) return refuse("form", "priorities.voting.errors.notCounterStaff");
  const cycle = await db.cycle.findUnique({ where: { id: input.cycleId } });
  if (!cycle) return refuse("cycleId", "validation.choose");
  if (phaseAt(cycle, now) !== "vote") return refuse("cycleId", "priorities.voting.errors.notVotePhase");
  const key = voterKey(cycle.id, {
    documentHash: documentHash(cycle.areaId, input.documentKind, input.documentNumber),
  });
  return db.$transaction(async (tx) => {
    // A mark made after the close would be missing from its electorate (vote-close.server.ts).
    if (!(await voteOpenIn(tx, cycle.id))) return refuse("cycleId", "priorities.voting.errors.notVotePhase");
    if (!(await insertParticipation(tx, cycle.id, key, "paper"))) {
      const earlier = await tx.participation.findUnique({
        where: { cycleId_voterKey: { cycleId: cycle.id, voterKey: key } },
        select: { channel: true },
      });
      return refuse(
        "documentNumber",
        earlier?.channel === "paper"
          ? "priorities.voting.errors.paperAlreadyHandedOut"
          : "priorities.voting.errors.votedOnline",
      );
    }
    await recordAudit(tx, {
      actor,
      action: "paperBallot.handOut",
      targetType: "cycle",
      targetId: cycle.id,
      detail: { title: cycle.titleZh || cycle.titleEn },
    });
    return {
      ok: true as const,
      value: { handedOut: await tx.participation.count({ where: { cycleId: cycle.id, channel: "paper" } }) },
    };
  });
}

/** Paper ballots handed out in the cycle, and entered (in batches not removed), for the desk's pages and the entry check. */
export async function paperBallotCounts(cycleId: string, reader: Pick<typeof db, "participation" | "ballot"> = db) {
  const [handedOut, entered] = await Promise.all([
    reader.participation.count({ where: { cycleId, channel: "paper" } }),
    reader.ballot.count({ where: { cycleId, channel: "paper" } }),
  ]);
  return { handedOut, entered };
}

export async function enterPaperBatch(
  actor: User,
  input: PaperBatchInput,
  now = new Date(),
): Promise<VotingOutcome<{ batchId: string; count: number }>> {
  if (!canHandlePaperBallots(actor)) return refuse("form", "priorities.voting.errors.notCounterStaff");
  const found = await getBallotCycle(input.cycleId);
  if (!found) return refuse("cycleId", "validation.choose");
  if (phaseAt(found.cycle, now) !== "vote") return refuse("cycleId", "priorities.voting.errors.notVotePhase");
  const parsed = parsePaperBallots(found.rules, input.ballots);
  if (parsed.ok && parsed.ballots.length > PAPER_BATCH_MAX_BALLOTS)
    return refuse("ballots", "priorities.voting.errors.batchTooLarge", { count: PAPER_BATCH_MAX_BALLOTS });
  if (!parsed.ok) {
    return refuse("ballots", "priorities.voting.errors.paperLine", { line: parsed.line, problem: parsed.problem });
  }
  const castOn = castDay(now);
  const batch = await db.$transaction(async (tx) => {
    // Never more paper ballots than were handed out: each paper ballot must belong to someone
    // marked as having voted on paper, so that ballots stay a subset of the electorate. Two
    // entries at once must not both count before either writes: on PostgreSQL the cycle's row
    // is locked for the rest of this transaction (voteOpenIn), which also keeps the close waiting.
    if (!(await voteOpenIn(tx, input.cycleId, "exclusive"))) return "closed" as const;
    const counts = await paperBallotCounts(input.cycleId, tx);
    if (counts.entered + parsed.ballots.length > counts.handedOut) return null;
    const created = await tx.paperBatch.create({
      data: {
        cycleId: input.cycleId,
        label: input.label,
        enteredById: actor.id,
        enteredAt: now,
        ballotCount: parsed.ballots.length,
      },
    });
    await tx.ballot.createMany({
      // Random ids, as for online ballots (castBallot): a cuid keeps the moment it was made.
      data: parsed.ballots.map((choices) => ({
        id: newPublicId(),
        publicId: newPublicId(),
        cycleId: input.cycleId,
        channel: "paper",
        choices: formatChoices(choices),
        castOn,
        batchId: created.id,
      })),
    });
    await recordAudit(tx, {
      actor,
      action: "paperBatch.enter",
      targetType: "paperBatch",
      targetId: created.id,
      detail: { cycleId: input.cycleId, label: input.label, ballots: parsed.ballots.length },
    });
    return created;
  });
  if (batch === "closed") return refuse("cycleId", "priorities.voting.errors.notVotePhase");
  if (!batch) {
    const counts = await paperBallotCounts(input.cycleId);
    return refuse("ballots", "priorities.voting.errors.moreThanHandedOut", {
      handedOut: counts.handedOut,
      entered: counts.entered,
      count: parsed.ballots.length,
    });
  }
  return { ok: true, value: { batchId: batch.id, count: parsed.ballots.length } };
}

/** Every batch, newest first, a page at a time: the desk's record of what it entered. */
export async function listPaperBatches(page: number) {
  const where = {};
  const [rows, total] = await Promise.all([
    db.paperBatch.findMany({
      where,
      orderBy: [{ enteredAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAPER_BATCH_PAGE_SIZE,
      take: PAPER_BATCH_PAGE_SIZE,
      select: {
        id: true,
        label: true,
        enteredAt: true,
        confirmedAt: true,
        cycle: { select: { id: true, titleZh: true, titleEn: true } },
        enteredBy: { select: { displayName: true } },
        confirmedBy: { select: { displayName: true } },
        ballotCount: true,
      },
    }),
    db.paperBatch.count({ where }),
  ]);
  return {
    batches: rows.map(({ enteredBy, confirmedBy, ...batch }) => ({
      ...batch,
      enteredByName: enteredBy?.displayName ?? "",
      confirmedByName: confirmedBy?.displayName ?? null,
    })),
    total,
    pageCount: Math.max(1, Math.ceil(total / PAPER_BATCH_PAGE_SIZE)),
  };
}

export async function getPaperBatch(batchId: string) {
  const batch = await db.paperBatch.findUnique({
    where: { id: batchId },
    select: {
      id: true,
      label: true,
      enteredAt: true,
      enteredById: true,
      confirmedAt: true,
      deletionRequestedById: true,
      deletionRequestedAt: true,
      excludedAt: true,
      cycle: {
        select: {
          id: true,
          titleZh: true,
          titleEn: true,
          collectStartsAt: true,
          reviewStartsAt: true,
          voteStartsAt: true,
          resultsStartsAt: true,
          implementationStartsAt: true,
          reportStartsAt: true,
        },
      },
      enteredBy: { select: { displayName: true } },
      confirmedBy: { select: { displayName: true } },
      // In the order typed, so the confirmer can compare with the paper pile.
      ballots: { orderBy: { id: "asc" }, select: { choices: true } },
    },
  });
  if (!batch) return null;
  const { enteredBy, confirmedBy, ballots, ...rest } = batch;
  return {
    ...rest,
    enteredByName: enteredBy?.displayName ?? "",
    confirmedByName: confirmedBy?.displayName ?? null,
    ballots: ballots.map((ballot) => parseStoredChoices(ballot.choices)),
  };
}

type Batch = NonNullable<Awaited<ReturnType<typeof getPaperBatch>>>;

async function decidableBatch(actor: User, batchId: string, now: Date): Promise<VotingOutcome<Batch>> {
  if (!canHandlePaperBallots(actor)) return refuse("form", "priorities.voting.errors.notCounterStaff");
  const batch = await getPaperBatch(batchId);
  if (!batch) return refuse("form", "priorities.voting.errors.noSuchBatch");
  if (batch.confirmedAt) return refuse("form", "priorities.voting.errors.batchConfirmed");
  if (phaseAt(batch.cycle, now) !== "vote") return refuse("form", "priorities.voting.errors.notVotePhase");
  return { ok: true, value: batch };
}

/** A second member of counter staff confirms the batch; from then on its ballots count. */
export async function confirmPaperBatch(
  actor: User,
  batchId: string,
  now = new Date(),
): Promise<VotingOutcome<{ label: string }>> {
  const found = await decidableBatch(actor, batchId, now);
  if (!found.ok) return found;
  if (!canConfirmPaperBatch(actor, found.value)) return refuse("form", "priorities.voting.errors.ownBatch");
  const confirmed = await db.$transaction(async (tx) => {
    // Only an unconfirmed batch changes: two colleagues pressing at once record one confirmation.
    const changed = await tx.paperBatch.updateMany({
      where: { id: batchId, confirmedAt: null },
      data: { confirmedAt: now, confirmedById: actor.id },
    });
    if (changed.count !== 1) return false;
    await recordAudit(tx, {
      actor,
      action: "paperBatch.confirm",
      targetType: "paperBatch",
      targetId: batchId,
      detail: { cycleId: found.value.cycle.id, label: found.value.label, ballots: found.value.ballots.length },
    });
    return true;
  });
  if (!confirmed) return refuse("form", "priorities.voting.errors.batchConfirmed");
  return { ok: true, value: { label: found.value.label } };
}

/**
 * A batch typed wrongly is deleted, ballots and all, before anyone confirms it; it is then entered
 * again. The clerk who entered it deletes it at once. Anyone else's deletion takes two people,
 * as confirming does: the first press asks for it, and a second member of counter staff (not the
 * one who asked) carries it out, so that one clerk alone cannot make a colleague's box vanish.
 */
export async function deletePaperBatch(
  actor: User,
  batchId: string,
  now = new Date(),
): Promise<VotingOutcome<{ label: string; deleted: boolean }>> {
  const found = await decidableBatch(actor, batchId, now);
  if (!found.ok) return found;
  const batch = found.value;
  const own = batch.enteredById === actor.id;
  const carriesOut = own || (batch.deletionRequestedById !== null && batch.deletionRequestedById !== actor.id);
  if (!carriesOut && batch.deletionRequestedById === actor.id)
    return refuse("form", "priorities.voting.errors.deletionAskedAlready");
  const detail = { cycleId: batch.cycle.id, label: batch.label, ballots: batch.ballots.length };
  const outcome = await db.$transaction(async (tx) => {
    if (!carriesOut) {
      const asked = await tx.paperBatch.updateMany({
        where: { id: batchId, confirmedAt: null, deletionRequestedById: null },
        data: { deletionRequestedById: actor.id, deletionRequestedAt: now },
      });
      if (asked.count !== 1) return "changed" as const;
      await recordAudit(tx, {
        actor,
        action: "paperBatch.requestDeletion",
        targetType: "paperBatch",
        targetId: batchId,
        detail,
      });
      return "asked" as const;
    }
    await tx.ballot.deleteMany({ where: { batchId, batch: { confirmedAt: null } } });
    const changed = await tx.paperBatch.deleteMany({ where: { id: batchId, confirmedAt: null } });
    if (changed.count !== 1) return "changed" as const;
    await recordAudit(tx, {
      actor,
      action: "paperBatch.delete",
      targetType: "paperBatch",
      targetId: batchId,
      detail: { ...detail, ...(own ? {} : { requestedBy: batch.deletionRequestedById }) },
    });
    return "deleted" as const;
  });
  if (outcome === "changed") return refuse("form", "priorities.voting.errors.batchConfirmed");
  return { ok: true, value: { label: batch.label, deleted: outcome === "deleted" } };
}
