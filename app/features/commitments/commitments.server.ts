import type { User } from "lucia";
import type { Outcome } from "~/features/accounts/accounts.server";
import { recordAudit } from "~/features/audit/audit.server";
import { phaseAt, PHASES, type CyclePhase } from "~/features/priorities/phases";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import "./personal-data.server";
import { canManageCommitment } from "./permissions.server";
import { dayToDate, type CommitmentInput, type CommitmentListQuery, type MilestoneInput } from "./schemas";

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
  return db.cycle.findMany({ where: { commitments: { some: {} } }, select: { id: true, titleZh: true, titleEn: true }, orderBy: { resultsStartsAt: "desc" }, take: 200 });
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
  return db.proposal.findFirst({ where: { id: proposalId, cycleId, status: "shortlisted" }, select: { id: true, title: true, departmentId: true, commitment: { select: { id: true } } } });
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
      reports: { orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }], select: { id: true, authorName: true, status: true, percent: true, text: true, reportedOn: true, createdAt: true } },
    },
  });
}
export type CommitmentView = NonNullable<Awaited<ReturnType<typeof getCommitment>>>;

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
    doneAt: milestone.done ? ((milestone.id && previous.get(milestone.id)) || now) : null,
  }));
}

async function departmentExists(id: string) {
  return (await db.department.count({ where: { id } })) === 1;
}

const notAllowed = { ok: false as const, field: "form", error: "commitments.errors.notAllowed" };

/** An administrator or an official of the department makes a commitment from a shortlisted proposal. */
export async function makeCommitment(actor: User, cycle: CycleView, proposalId: string, input: CommitmentInput): Promise<Outcome<{ id: string }>> {
  if (!canManageCommitment(actor, input.departmentId)) return { ok: false, field: "departmentId", error: "commitments.errors.notAllowed" };
  if (!hasReached(cycle, "results")) return { ok: false, field: "form", error: "commitments.errors.tooEarly" };
  const proposal = await getShortlistedProposal(cycle.id, proposalId);
  if (!proposal) return { ok: false, field: "form", error: "commitments.errors.noSuchProposal" };
  if (proposal.commitment) return { ok: false, field: "form", error: "commitments.errors.proposalTaken" };
  // The proposal's responsible department was set in review: an official of another department
  // making the commitment under their own would take the priority away from it for good (one
  // commitment per proposal, edited and reported on only by the department it names).
  if (proposal.departmentId && !canManageCommitment(actor, proposal.departmentId)) return notAllowed;
  if (!(await departmentExists(input.departmentId))) return { ok: false, field: "departmentId", error: "validation.choose" };
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
        detail: { title: commitment.titleZh, departmentId: commitment.departmentId, cycleId: cycle.id, proposalId: proposal.id },
      });
      return commitment;
    });
    return { ok: true, value: { id: created.id } };
  } catch (error) {
    // Two people made a commitment from the same proposal at once: the second is refused.
    if ((error as { code?: string })?.code === "P2002") return { ok: false, field: "form", error: "commitments.errors.proposalTaken" };
    throw error;
  }
}

/** Edits the promise, the department, the target date and the milestones. */
export async function updateCommitment(actor: User, commitment: CommitmentView, input: CommitmentInput): Promise<Outcome> {
  // Both the old and the new department must be the actor's: an official cannot hand a
  // commitment to, or take one from, a department they do not belong to.
  if (!canManageCommitment(actor, commitment.departmentId)) return notAllowed;
  if (!canManageCommitment(actor, input.departmentId)) return { ok: false, field: "departmentId", error: "commitments.errors.notAllowed" };
  if (!(await departmentExists(input.departmentId))) return { ok: false, field: "departmentId", error: "validation.choose" };
  const fallbackTitle = commitment.proposal?.title ?? (commitment.titleZh || commitment.titleEn);
  const previous = new Map(commitment.milestones.map((milestone) => [milestone.id, milestone.doneAt]));
  await db.$transaction(async (tx) => {
    await tx.milestone.deleteMany({ where: { commitmentId: commitment.id } });
    await tx.commitment.update({
      where: { id: commitment.id },
      data: {
        departmentId: input.departmentId,
        titleZh: input.titleZh || fallbackTitle,
        titleEn: input.titleEn || fallbackTitle,
        promiseZh: input.promiseZh,
        promiseEn: input.promiseEn,
        targetDate: dayToDate(input.targetDate),
        milestones: { create: milestoneRows(input.milestones, previous, new Date()) },
      },
    });
    await recordAudit(tx, {
      actor,
      action: "commitment.update",
      targetType: "commitment",
      targetId: commitment.id,
      detail: { title: input.titleZh || commitment.titleZh, departmentId: input.departmentId, ...(input.departmentId !== commitment.departmentId ? { fromDepartmentId: commitment.departmentId } : {}) },
    });
  });
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
      reports: { orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }], take: 1, select: { reportedOn: true, text: true, status: true, percent: true, authorName: true } },
    },
    orderBy: [{ targetDate: "asc" }, { id: "asc" }],
  });
  const counts: Record<string, number> = { notStarted: 0, onTrack: 0, atRisk: 0, delayed: 0, done: 0 };
  for (const commitment of commitments) counts[commitment.status] = (counts[commitment.status] ?? 0) + 1;
  return { commitments: commitments.map(({ reports, ...commitment }) => ({ ...commitment, lastReport: reports[0] ?? null })), counts };
}
