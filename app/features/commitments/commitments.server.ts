import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { notifyPeople, registerNotificationKinds } from "~/features/notifications/notifications.server";
import { phaseAt, PHASES, type CyclePhase } from "~/features/priorities/phases";
import { databaseProvider } from "~/database.server";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import "./personal-data.server";
import { rankedCandidates } from "./candidates.server";
import { canManageCommitment } from "./permissions.server";
import { publishCommitmentEvent } from "./events.server";
import { diffCommitment, needsReason, readChange } from "./history";
import {
  dayToDate,
  versionedOf,
  type CommitmentEditInput,
  type CommitmentInput,
  type CommitmentListQuery,
  type MilestoneInput,
} from "./schemas";

export const COMMITMENTS_PAGE_SIZE = 20;

const cycleSelect = {
  id: true,
  titleZh: true,
  titleEn: true,
  collectStartsAt: true,
  reviewStartsAt: true,
  voteStartsAt: true,
  resultsStartsAt: true,
  implementationStartsAt: true,
  reportStartsAt: true,
} as const;
const departmentSelect = { id: true, nameZh: true, nameEn: true } as const;

/** Whether the cycle has reached `phase` by now (a later phase counts too). */
export function hasReached(cycle: Parameters<typeof phaseAt>[0], phase: (typeof PHASES)[number], now = new Date()) {
  const current: CyclePhase = phaseAt(cycle, now);
  return current !== "announced" && PHASES.indexOf(current) >= PHASES.indexOf(phase);
}

export async function getCycle(id: string | undefined) {
  if (!isRecordId(id)) return null;
  return db.cycle.findUnique({ where: { id }, select: cycleSelect });
}
export type CycleView = NonNullable<Awaited<ReturnType<typeof getCycle>>>;

/** Cycles whose results are out, newest first: only those can have commitments made. */
export async function listCyclesWithResults() {
  const cycles = await db.cycle.findMany({ select: cycleSelect, orderBy: { resultsStartsAt: "desc" }, take: 200 });
  return cycles.filter((cycle) => hasReached(cycle, "results"));
}

/** Every cycle that has commitments, for the list's filter. */
export async function listCyclesWithCommitments() {
  return db.cycle.findMany({
    where: { commitments: { some: {} } },
    select: { id: true, titleZh: true, titleEn: true },
    orderBy: { resultsStartsAt: "desc" },
    take: 200,
  });
}

/** Shortlisted proposals of the cycle that have no commitment yet, in ballot order. */
export async function listProposalsWithoutCommitment(cycleId: string) {
  return db.proposal.findMany({
    where: { cycleId, status: "shortlisted", commitment: null },
    select: { id: true, title: true, ballotNumber: true, departmentId: true },
    orderBy: { ballotNumber: "asc" },
  });
}

export async function getShortlistedProposal(cycleId: string, proposalId: string | undefined) {
  if (!isRecordId(proposalId)) return null;
  return db.proposal.findFirst({
    where: { id: proposalId, cycleId, status: "shortlisted" },
    select: { id: true, title: true, departmentId: true, commitment: { select: { id: true } } },
  });
}

export async function getCommitment(id: string | undefined) {
  if (!isRecordId(id)) return null;
  return db.commitment.findUnique({
    where: { id },
    include: {
      cycle: { select: cycleSelect },
      department: { select: departmentSelect },
      proposal: { select: { id: true, title: true } },
      milestones: { orderBy: { position: "asc" } },
      reports: {
        orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }],
        select: {
          id: true,
          authorName: true,
          status: true,
          percent: true,
          text: true,
          reportedOn: true,
          createdAt: true,
        },
      },
      changes: { orderBy: [{ changedAt: "desc" }, { id: "desc" }], select: changeSelect },
    },
  });
}
export type CommitmentView = NonNullable<Awaited<ReturnType<typeof getCommitment>>>;

const changeSelect = { id: true, authorName: true, reason: true, before: true, after: true, changedAt: true } as const;

/** The stored changes as the pages show them: each with its fields' values before and after. */
export function commitmentHistory(
  changes: ReadonlyArray<{
    id: string;
    authorName: string;
    reason: string;
    before: string;
    after: string;
    changedAt: Date;
  }>,
) {
  return changes.map(({ before, after, ...change }) => ({ ...change, fields: readChange(before, after) }));
}

export async function listCommitments(query: CommitmentListQuery, pageSize = COMMITMENTS_PAGE_SIZE) {
  const where = {
    ...(query.cycle ? { cycleId: query.cycle } : {}),
    ...(query.department ? { departmentId: query.department } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  const [rows, total] = await Promise.all([
    db.commitment.findMany({
      where,
      select: {
        id: true,
        titleZh: true,
        titleEn: true,
        status: true,
        percent: true,
        targetDate: true,
        department: { select: departmentSelect },
        cycle: { select: { id: true, titleZh: true, titleEn: true } },
      },
      orderBy: [{ targetDate: "asc" }, { id: "asc" }],
      skip: (query.page - 1) * pageSize,
      take: pageSize,
    }),
    db.commitment.count({ where }),
  ]);
  return { rows, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

function milestoneRows(milestones: MilestoneInput[], previous: Map<string, Date | null>, now: Date) {
  return milestones.map((milestone, position) => ({
    position,
    title: milestone.title,
    dueDate: dayToDate(milestone.dueDate),
    // A milestone ticked before keeps the day it was done; one ticked now is done now.
    doneAt: milestone.done ? (milestone.id && previous.get(milestone.id)) || now : null,
  }));
}

async function departmentExists(id: string) {
  return (await db.department.count({ where: { id } })) === 1;
}

const notAllowed = { ok: false as const, field: "form", error: "commitments.errors.notAllowed" };

/** An administrator or an official of the department makes a commitment from a shortlisted proposal. */
export async function makeCommitment(
  actor: User,
  cycle: CycleView,
  proposalId: string,
  input: CommitmentInput,
): Promise<Outcome<{ id: string }>> {
  if (!canManageCommitment(actor, input.departmentId))
    return { ok: false, field: "departmentId", error: "commitments.errors.notAllowed" };
  if (!hasReached(cycle, "results")) return { ok: false, field: "form", error: "commitments.errors.tooEarly" };
  const proposal = await getShortlistedProposal(cycle.id, proposalId);
  if (!proposal) return { ok: false, field: "form", error: "commitments.errors.noSuchProposal" };
  if (proposal.commitment) return { ok: false, field: "form", error: "commitments.errors.proposalTaken" };
  // The proposal's responsible department was set in review: an official of another department
  // making the commitment under their own would take the priority away from it for good (one
  // commitment per proposal, edited and reported on only by the department it names).
  if (proposal.departmentId && !canManageCommitment(actor, proposal.departmentId)) return notAllowed;
  if (!(await departmentExists(input.departmentId)))
    return { ok: false, field: "departmentId", error: "validation.choose" };
  const now = new Date();
  try {
    const created = await db.$transaction(async (tx) => {
      const commitment = await tx.commitment.create({
        data: {
          cycleId: cycle.id,
          proposalId: proposal.id,
          departmentId: input.departmentId,
          // The proposal's title stands in for a title left empty, in either language.
          titleZh: input.titleZh || proposal.title,
          titleEn: input.titleEn || proposal.title,
          promiseZh: input.promiseZh,
          promiseEn: input.promiseEn,
          targetDate: dayToDate(input.targetDate),
          milestones: { create: milestoneRows(input.milestones, new Map(), now) },
        },
      });
      await recordAudit(tx, {
        actor,
        action: "commitment.create",
        targetType: "commitment",
        targetId: commitment.id,
        detail: {
          title: commitment.titleZh,
          departmentId: commitment.departmentId,
          cycleId: cycle.id,
          proposalId: proposal.id,
        },
      });
      return commitment;
    });
    return { ok: true, value: { id: created.id } };
  } catch (error) {
    // Two people made a commitment from the same proposal at once: the second is refused.
    if ((error as { code?: string })?.code === "P2002")
      return { ok: false, field: "form", error: "commitments.errors.proposalTaken" };
    throw error;
  }
}

// Followers hear of each change to what a commitment promises, as they hear of progress: a
// promise that quietly becomes "we will study the matter" is what following is for.
registerNotificationKinds({
  "commitments.commitmentChanged": {
    message: "commitments.notifications.commitmentChanged",
    values: (params, locale) => ({
      title: String(
        (locale.startsWith("zh") ? params.titleZh || params.titleEn : params.titleEn || params.titleZh) ?? "",
      ),
    }),
  },
});

const changedMeanwhile = { ok: false as const, field: "form", error: "commitments.errors.changedMeanwhile" };

/**
 * Edits the promise, the department, the target date and the milestones. A change to the
 * promise, the title or a date is kept as a CommitmentChange with its values before and after,
 * the author's name and the reason (required for the promise and the dates), shown on the
 * public page and in the year-end report, sent to the followers and kept in the audit entry
 * (decision 0025). Ticking milestones done and handing the commitment to another department
 * are audited but are not promise changes.
 */
export async function updateCommitment(
  actor: User,
  commitment: CommitmentView,
  input: CommitmentEditInput,
): Promise<Outcome> {
  // Both the old and the new department must be the actor's: an official cannot hand a
  // commitment to, or take one from, a department they do not belong to.
  if (!canManageCommitment(actor, commitment.departmentId)) return notAllowed;
  if (!canManageCommitment(actor, input.departmentId))
    return { ok: false, field: "departmentId", error: "commitments.errors.notAllowed" };
  if (!(await departmentExists(input.departmentId)))
    return { ok: false, field: "departmentId", error: "validation.choose" };
  const fallbackTitle = commitment.proposal?.title ?? (commitment.titleZh || commitment.titleEn);
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    // The history compares with the row as it is now, not as the form found it: on PostgreSQL
    // the row is locked first, so that two edits at once are recorded one after the other,
    // each with the other's values as its "before". SQLite runs one writing transaction at a time.
    if (databaseProvider() === "postgresql")
      await tx.$queryRaw`SELECT "id" FROM "Commitment" WHERE "id" = ${commitment.id} FOR UPDATE`;
    const current = await tx.commitment.findUnique({
      where: { id: commitment.id },
      include: { milestones: { orderBy: { position: "asc" } } },
    });
    if (!current) return changedMeanwhile;
    if (!canManageCommitment(actor, current.departmentId)) return notAllowed;
    const previous = new Map(current.milestones.map((milestone) => [milestone.id, milestone.doneAt]));
    const data = {
      titleZh: input.titleZh || fallbackTitle,
      titleEn: input.titleEn || fallbackTitle,
      promiseZh: input.promiseZh,
      promiseEn: input.promiseEn,
      targetDate: input.targetDate,
      milestones: input.milestones,
    };
    const change = diffCommitment(versionedOf(current), versionedOf(data));
    if (!input.reason && needsReason(change.fields))
      return { ok: false as const, field: "reason", error: "commitments.errors.reasonRequired" };
    await tx.milestone.deleteMany({ where: { commitmentId: commitment.id } });
    await tx.commitment.update({
      where: { id: commitment.id },
      data: {
        departmentId: input.departmentId,
        titleZh: data.titleZh,
        titleEn: data.titleEn,
        promiseZh: data.promiseZh,
        promiseEn: data.promiseEn,
        targetDate: dayToDate(input.targetDate),
        milestones: { create: milestoneRows(input.milestones, previous, now) },
      },
    });
    const versioned = change.fields.length > 0;
    const recorded = versioned
      ? await tx.commitmentChange.create({
          data: {
            commitmentId: commitment.id,
            authorId: actor.id,
            authorName: actor.displayName,
            reason: input.reason,
            before: JSON.stringify(change.before),
            after: JSON.stringify(change.after),
            changedAt: now,
          },
          select: { id: true },
        })
      : null;
    await recordAudit(tx, {
      actor,
      action: "commitment.update",
      targetType: "commitment",
      targetId: commitment.id,
      detail: {
        title: data.titleZh || current.titleZh,
        departmentId: input.departmentId,
        ...(input.departmentId !== current.departmentId ? { fromDepartmentId: current.departmentId } : {}),
        ...(recorded
          ? { changeId: recorded.id, reason: input.reason, before: change.before, after: change.after }
          : {}),
      },
    });
    if (!recorded) return { ok: true as const, sent: null, changeId: null };
    const followers = await tx.commitmentFollower.findMany({
      where: { commitmentId: commitment.id, userId: { not: actor.id } },
      select: { userId: true },
    });
    const sent = await notifyPeople(
      tx,
      followers.map((follower) => follower.userId),
      {
        kind: "commitments.commitmentChanged",
        params: { titleZh: data.titleZh, titleEn: data.titleEn },
        link: `/commitments/${commitment.id}#change-${recorded.id}`,
      },
    );
    return { ok: true as const, sent, changeId: recorded.id };
  });
  if (!result.ok) return result;
  void result.sent?.afterCommit();
  if (result.changeId) publishCommitmentEvent(commitment.id, "change");
  return { ok: true, value: undefined };
}

/**
 * The year-end report's content: every commitment of the cycle with its latest report, grouped
 * by department by the page. The counts are taken from the same rows the page lists.
 */
export async function yearEndReport(cycleId: string) {
  const commitments = await db.commitment.findMany({
    where: { cycleId },
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      promiseZh: true,
      promiseEn: true,
      status: true,
      percent: true,
      targetDate: true,
      department: { select: departmentSelect },
      reports: {
        orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }],
        take: 1,
        select: { reportedOn: true, text: true, status: true, percent: true, authorName: true },
      },
      // Every change to the promise, the title and the dates: the report shows what was promised
      // first, not only what is promised now (decision 0025).
      changes: { orderBy: [{ changedAt: "desc" }, { id: "desc" }], select: changeSelect },
    },
    orderBy: [{ targetDate: "asc" }, { id: "asc" }],
  });
  const counts: Record<string, number> = { notStarted: 0, onTrack: 0, atRisk: 0, delayed: 0, done: 0 };
  for (const commitment of commitments) counts[commitment.status] = (counts[commitment.status] ?? 0) + 1;
  return {
    commitments: commitments.map(({ reports, changes, ...commitment }) => ({
      ...commitment,
      lastReport: reports[0] ?? null,
      changes: commitmentHistory(changes),
    })),
    counts,
    candidates: await rankedCandidates(cycleId),
  };
}
