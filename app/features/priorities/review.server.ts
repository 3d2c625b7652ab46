import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import {
  notifyPeople,
  registerNotificationKinds,
  type SentNotifications,
} from "~/features/notifications/notifications.server";
import { databaseProvider } from "~/database.server";
import { db, type Db } from "~/db.server";
import type { CycleView } from "./cycles.server";
import { canReviewProposals, canUndoReview } from "./permissions.server";
import { proposalWhere, publicProposalSelect } from "./proposals.server";
import type { ProposalQuery } from "./schemas";
import { PROPOSALS_PAGE_SIZE } from "./state";

// Review: officials merge duplicates, decline with a public response, and shortlist candidates
// with a responsible department and an estimated cost. Only while the cycle is in review: once
// the vote starts, the shortlist and its ballot numbers are what voters chose from. A merge or a
// decline made by mistake is undone during review (decision 0025); every decision, undo and
// renumbering reaches the author of an online proposal.

registerNotificationKinds({
  "priorities.proposalDeclined": { message: "priorities.notifications.proposalDeclined" },
  "priorities.proposalMerged": { message: "priorities.notifications.proposalMerged" },
  "priorities.proposalShortlisted": { message: "priorities.notifications.proposalShortlisted" },
  "priorities.proposalUnshortlisted": { message: "priorities.notifications.proposalUnshortlisted" },
  "priorities.ballotNumberChanged": { message: "priorities.notifications.ballotNumberChanged" },
  "priorities.mergeUndone": { message: "priorities.notifications.mergeUndone" },
  "priorities.declineUndone": { message: "priorities.notifications.declineUndone" },
});

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const notReviewer = { ok: false as const, field: "form", error: "priorities.errors.notReviewer" };
const notReviewing = { ok: false as const, field: "form", error: "priorities.errors.notReviewing" };
const noSuchProposal = { ok: false as const, field: "form", error: "priorities.errors.noSuchProposal" };
const alreadyReviewed = { ok: false as const, field: "form", error: "priorities.errors.alreadyReviewed" };

/**
 * One page of the cycle's proposals for the review page, with who entered the offline ones, and
 * the proposals a duplicate can be merged into (those waiting or shortlisted, whatever the page).
 */
export async function listForReview(cycleId: string, query: ProposalQuery) {
  const where = proposalWhere(cycleId, query);
  const [proposals, total, mergeTargets] = await Promise.all([
    db.proposal.findMany({
      where,
      select: { ...publicProposalSelect, enteredBy: { select: { displayName: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (query.page - 1) * PROPOSALS_PAGE_SIZE,
      take: PROPOSALS_PAGE_SIZE,
    }),
    db.proposal.count({ where }),
    db.proposal.findMany({
      where: { cycleId, status: { in: ["submitted", "shortlisted"] } },
      select: { id: true, title: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MERGE_TARGETS_SHOWN,
    }),
  ]);
  return { proposals, total, pageCount: Math.max(1, Math.ceil(total / PROPOSALS_PAGE_SIZE)), mergeTargets };
}

/** Past this many live proposals the list of merge targets is cut (the search narrows the page, not this list). */
const MERGE_TARGETS_SHOWN = 500;

async function reviewable(actor: User, cycle: CycleView, proposalId: string) {
  if (!canReviewProposals(actor)) return notReviewer;
  if (cycle.phase !== "review") return notReviewing;
  const proposal = await db.proposal.findFirst({ where: { id: proposalId, cycleId: cycle.id } });
  return proposal ? { ok: true as const, proposal } : noSuchProposal;
}

const excerpt = (text: string) => text.slice(0, 60);

async function notifyAuthor(
  tx: Tx,
  proposal: { id: string; cycleId: string; authorId: string | null; title: string },
  actor: User,
  kind: string,
  params: Record<string, string> = {},
) {
  // Offline proposals have no account to notify: counter staff tell those people themselves.
  if (!proposal.authorId || proposal.authorId === actor.id) return null;
  return notifyPeople(tx, [proposal.authorId], {
    kind,
    params: { proposal: excerpt(proposal.title), ...params },
    link: `/priorities/${proposal.cycleId}/proposals/${proposal.id}`,
  });
}

const deliver = (sent: SentNotifications | null) => void sent?.afterCommit();

/**
 * Merges a duplicate into the proposal that is kept. The duplicate stays public, pointing to
 * the kept one ("merged into …"), and the kept one lists what was merged into it: nobody's
 * suggestion disappears without a trace.
 */
export async function mergeProposal(
  actor: User,
  cycle: CycleView,
  proposalId: string,
  intoId: string,
): Promise<Outcome> {
  const found = await reviewable(actor, cycle, proposalId);
  if (!found.ok) return found;
  const { proposal } = found;
  if (proposal.status !== "submitted")
    return {
      ok: false,
      field: "form",
      error:
        proposal.status === "shortlisted" ? "priorities.errors.unshortlistFirst" : "priorities.errors.alreadyReviewed",
    };
  const kept = await db.proposal.findFirst({ where: { id: intoId, cycleId: cycle.id } });
  // Into a live proposal only: merging into a merged or declined one would hide the duplicate twice over.
  if (!kept || kept.id === proposal.id || (kept.status !== "submitted" && kept.status !== "shortlisted"))
    return { ok: false, field: "intoId", error: "priorities.errors.mergeTarget" };
  const sent = await db
    .$transaction(async (tx) => {
      // Two officials merging a pair into each other at once (each from their side) both succeeded
      // on PostgreSQL (READ COMMITTED), leaving neither proposal live: both rows are locked first,
      // in one order, so the second merge sees the first. SQLite runs one writing transaction at a time.
      if (databaseProvider() === "postgresql") {
        const [first, second] = [proposal.id, kept.id].sort();
        await tx.$queryRaw`SELECT "id" FROM "Proposal" WHERE "id" IN (${first}, ${second}) ORDER BY "id" FOR UPDATE`;
      }
      const { count } = await tx.proposal.updateMany({
        where: { id: proposal.id, status: "submitted" },
        data: { status: "merged", mergedIntoId: kept.id, reviewedAt: new Date() },
      });
      if (count === 0) return false;
      // The kept one must still be live inside the transaction (someone may have merged it meanwhile).
      const stillLive = await tx.proposal.count({
        where: { id: kept.id, status: { in: ["submitted", "shortlisted"] } },
      });
      if (stillLive === 0) throw new MergeTargetGone();
      await recordAudit(tx, {
        actor,
        action: "proposal.merge",
        targetType: "proposal",
        targetId: proposal.id,
        detail: { cycleId: cycle.id, title: excerpt(proposal.title), intoId: kept.id, intoTitle: excerpt(kept.title) },
      });
      return notifyAuthor(tx, proposal, actor, "priorities.proposalMerged", { into: excerpt(kept.title) });
    })
    .catch((error: unknown) => {
      if (error instanceof MergeTargetGone) return "gone" as const;
      throw error;
    });
  if (sent === "gone") return { ok: false, field: "intoId", error: "priorities.errors.mergeTarget" };
  if (sent === false) return alreadyReviewed;
  deliver(sent);
  return { ok: true, value: undefined };
}

class MergeTargetGone extends Error {}

/** Declines a proposal with a response the public reads; its author is notified. */
export async function declineProposal(
  actor: User,
  cycle: CycleView,
  proposalId: string,
  response: string,
): Promise<Outcome> {
  const found = await reviewable(actor, cycle, proposalId);
  if (!found.ok) return found;
  const { proposal } = found;
  if (proposal.status !== "submitted")
    return {
      ok: false,
      field: "form",
      error:
        proposal.status === "shortlisted" ? "priorities.errors.unshortlistFirst" : "priorities.errors.alreadyReviewed",
    };
  const sent = await db.$transaction(async (tx) => {
    const { count } = await tx.proposal.updateMany({
      where: { id: proposal.id, status: "submitted" },
      data: { status: "declined", response, reviewedAt: new Date() },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "proposal.decline",
      targetType: "proposal",
      targetId: proposal.id,
      detail: { cycleId: cycle.id, title: excerpt(proposal.title), reason: response },
    });
    return notifyAuthor(tx, proposal, actor, "priorities.proposalDeclined");
  });
  if (sent === false) return alreadyReviewed;
  deliver(sent);
  return { ok: true, value: undefined };
}

/**
 * Puts a proposal on the ballot with its responsible department and estimated cost. It gets the
 * next ballot number: 1, 2, 3 … in the order they were shortlisted.
 */
export async function shortlistProposal(
  actor: User,
  cycle: CycleView,
  proposalId: string,
  departmentId: string,
  estimatedCost: number,
): Promise<Outcome<{ ballotNumber: number }>> {
  const found = await reviewable(actor, cycle, proposalId);
  if (!found.ok) return found;
  const { proposal } = found;
  if (proposal.status !== "submitted") return alreadyReviewed;
  if (!(await db.department.findUnique({ where: { id: departmentId }, select: { id: true } })))
    return { ok: false, field: "departmentId", error: "validation.choose" };
  // Two officials shortlisting at once on PostgreSQL can both read the same highest number; the
  // unique (cycle, number) index refuses the second, which then tries again with the next one.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const shortlisted = await db.$transaction(async (tx) => {
        const highest = await tx.proposal.aggregate({ where: { cycleId: cycle.id }, _max: { ballotNumber: true } });
        const ballotNumber = (highest._max.ballotNumber ?? 0) + 1;
        const { count } = await tx.proposal.updateMany({
          where: { id: proposal.id, status: "submitted" },
          data: { status: "shortlisted", departmentId, estimatedCost, ballotNumber, reviewedAt: new Date() },
        });
        if (count === 0) return null;
        await recordAudit(tx, {
          actor,
          action: "proposal.shortlist",
          targetType: "proposal",
          targetId: proposal.id,
          detail: { cycleId: cycle.id, title: excerpt(proposal.title), departmentId, estimatedCost, ballotNumber },
        });
        return {
          ballotNumber,
          sent: await notifyAuthor(tx, proposal, actor, "priorities.proposalShortlisted", {
            number: String(ballotNumber),
          }),
        };
      });
      if (shortlisted === null) return alreadyReviewed;
      deliver(shortlisted.sent);
      return { ok: true, value: { ballotNumber: shortlisted.ballotNumber } };
    } catch (error) {
      if ((error as { code?: string })?.code !== "P2002") throw error;
    }
  }
  return { ok: false, field: "form", error: "priorities.errors.busy" };
}

/**
 * Takes a proposal off the shortlist, back to waiting for review. The numbers after it move up
 * by one so the ballot reads 1 … n without gaps; allowed only in review, so the numbers voters
 * see never change.
 */
export async function unshortlistProposal(actor: User, cycle: CycleView, proposalId: string): Promise<Outcome> {
  const found = await reviewable(actor, cycle, proposalId);
  if (!found.ok) return found;
  const { proposal } = found;
  if (proposal.status !== "shortlisted" || proposal.ballotNumber === null)
    return { ok: false, field: "form", error: "priorities.errors.notShortlisted" };
  const removed = proposal.ballotNumber;
  const sent = await db.$transaction(async (tx) => {
    const { count } = await tx.proposal.updateMany({
      where: { id: proposal.id, status: "shortlisted", ballotNumber: removed },
      data: { status: "submitted", ballotNumber: null, departmentId: null, estimatedCost: null, reviewedAt: null },
    });
    if (count === 0) return false;
    // Upwards one at a time, lowest first: each number moves into the place just freed.
    const later = await tx.proposal.findMany({
      where: { cycleId: cycle.id, ballotNumber: { gt: removed } },
      select: { id: true, cycleId: true, authorId: true, title: true, ballotNumber: true },
      orderBy: { ballotNumber: "asc" },
    });
    for (const row of later)
      await tx.proposal.update({ where: { id: row.id }, data: { ballotNumber: row.ballotNumber! - 1 } });
    await recordAudit(tx, {
      actor,
      action: "proposal.unshortlist",
      targetType: "proposal",
      targetId: proposal.id,
      detail: {
        cycleId: cycle.id,
        title: excerpt(proposal.title),
        ballotNumber: removed,
        departmentId: proposal.departmentId,
        renumbered: later.map((row) => row.id),
      },
    });
    // The number is how an author finds their proposal on the ballot and tells others to vote
    // for it: each author whose number changed hears the old and the new one.
    const sent = [
      await notifyAuthor(tx, proposal, actor, "priorities.proposalUnshortlisted", { number: String(removed) }),
    ];
    for (const row of later) {
      sent.push(
        await notifyAuthor(tx, row, actor, "priorities.ballotNumberChanged", {
          from: String(row.ballotNumber),
          to: String(row.ballotNumber! - 1),
        }),
      );
    }
    return sent;
  });
  if (sent === false) return alreadyReviewed;
  sent.forEach(deliver);
  return { ok: true, value: undefined };
}

const notMerged = { ok: false as const, field: "form", error: "priorities.errors.notMerged" };
const notDeclined = { ok: false as const, field: "form", error: "priorities.errors.notDeclined" };

/** The undo commands' own check: the same people and the same phase as the decision they undo. */
async function undoable(actor: User, cycle: CycleView, proposalId: string) {
  if (!canUndoReview(actor)) return notReviewer;
  return reviewable(actor, cycle, proposalId);
}

/**
 * Takes back a merge made by mistake: the duplicate waits for review again, on its own, and no
 * longer points to the proposal it was merged into. Audited with the proposal it had been merged
 * into, and its author is told.
 */
export async function undoMerge(actor: User, cycle: CycleView, proposalId: string): Promise<Outcome> {
  const found = await undoable(actor, cycle, proposalId);
  if (!found.ok) return found;
  const { proposal } = found;
  if (proposal.status !== "merged") return notMerged;
  const kept = proposal.mergedIntoId
    ? await db.proposal.findUnique({ where: { id: proposal.mergedIntoId }, select: { id: true, title: true } })
    : null;
  const sent = await db.$transaction(async (tx) => {
    // Conditional on what was read: two reviewers undoing at once undo once.
    const { count } = await tx.proposal.updateMany({
      where: { id: proposal.id, status: "merged" },
      data: { status: "submitted", mergedIntoId: null, reviewedAt: null },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "proposal.undoMerge",
      targetType: "proposal",
      targetId: proposal.id,
      detail: {
        cycleId: cycle.id,
        title: excerpt(proposal.title),
        intoId: proposal.mergedIntoId,
        intoTitle: kept ? excerpt(kept.title) : null,
      },
    });
    return notifyAuthor(tx, proposal, actor, "priorities.mergeUndone");
  });
  if (sent === false) return notMerged;
  deliver(sent);
  return { ok: true, value: undefined };
}

/**
 * Takes back a decline made by mistake: the proposal waits for review again and its public
 * response is withdrawn (a waiting proposal with a refusal under it would read as refused). The
 * response stays in the audit entry, and the author is told.
 */
export async function undoDecline(actor: User, cycle: CycleView, proposalId: string): Promise<Outcome> {
  const found = await undoable(actor, cycle, proposalId);
  if (!found.ok) return found;
  const { proposal } = found;
  if (proposal.status !== "declined") return notDeclined;
  const sent = await db.$transaction(async (tx) => {
    const { count } = await tx.proposal.updateMany({
      where: { id: proposal.id, status: "declined" },
      data: { status: "submitted", response: null, reviewedAt: null },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "proposal.undoDecline",
      targetType: "proposal",
      targetId: proposal.id,
      detail: { cycleId: cycle.id, title: excerpt(proposal.title), response: proposal.response },
    });
    return notifyAuthor(tx, proposal, actor, "priorities.declineUndone");
  });
  if (sent === false) return notDeclined;
  deliver(sent);
  return { ok: true, value: undefined };
}
