import "./personal-data.server";
import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { foldForSearch } from "~/features/accounts/display-name";
import { consumeAttempt } from "~/features/accounts/rate-limit.server";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import { getCycle, type CycleView } from "./cycles.server";
import { canEnterOfflineProposal } from "./permissions.server";
import type { OfflineProposalInput, ProposalInput, ProposalQuery } from "./schemas";
import { PROPOSALS_PAGE_SIZE } from "./state";

// Proposals: what residents suggest during collection, online or handed in at a counter, a
// meeting or by the hotline. Everything here is public except who wrote or entered a proposal.

/** What the public sees of a proposal: never its author or who entered it. */
export const publicProposalSelect = {
  id: true,
  cycleId: true,
  channel: true,
  title: true,
  description: true,
  category: true,
  status: true,
  response: true,
  mergedIntoId: true,
  estimatedCost: true,
  ballotNumber: true,
  reviewedAt: true,
  createdAt: true,
  department: { select: { id: true, nameZh: true, nameEn: true } },
} as const;

const replayed = { ok: false as const, field: "form", error: "priorities.errors.replayed" };
const notCollecting = { ok: false as const, field: "form", error: "priorities.errors.notCollecting" };
const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === "P2002";

/** Title and description folded as the search folds its needle: "电梯" finds "加装电梯的补贴". */
export const proposalSearchText = (proposal: { title: string; description: string }) =>
  foldForSearch(`${proposal.title}\n${proposal.description}`);

async function createProposal(
  cycle: CycleView,
  data: {
    authorId: string | null;
    enteredById: string | null;
    channel: string;
    title: string;
    description: string;
    category: string;
    submissionKey: string;
  },
  audit?: (tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], proposalId: string) => Promise<void>,
): Promise<Outcome<{ id: string }>> {
  try {
    const proposal = await db.$transaction(async (tx) => {
      const created = await tx.proposal.create({
        data: { ...data, cycleId: cycle.id, searchText: proposalSearchText(data) },
      });
      await audit?.(tx, created.id);
      return created;
    });
    return { ok: true, value: { id: proposal.id } };
  } catch (error) {
    if (isUniqueViolation(error)) return replayed; // the same form, sent twice at once
    throw error;
  }
}

/** A logged-in resident proposes a candidate priority, while the cycle collects. */
export async function submitProposal(
  actor: User,
  cycle: CycleView,
  input: ProposalInput,
): Promise<Outcome<{ id: string }>> {
  if (cycle.phase !== "collect") return notCollecting;
  if (await db.proposal.findUnique({ where: { submissionKey: input.submissionKey }, select: { id: true } }))
    return replayed;
  // The same allowance as questions in an interview: one account cannot flood a cycle either.
  await consumeAttempt([["askByAccount", actor.id]]);
  return createProposal(cycle, {
    authorId: actor.id,
    enteredById: null,
    channel: "online",
    title: input.title,
    description: input.description,
    category: input.category,
    submissionKey: input.submissionKey,
  });
}

/**
 * Counter staff enter a proposal handed in on paper, at a residents' meeting or by the hotline.
 * It has no author account; who entered it is kept (and audited), and the public sees the channel.
 */
export async function enterOfflineProposal(
  actor: User,
  input: OfflineProposalInput,
): Promise<Outcome<{ id: string; cycleId: string }>> {
  if (!canEnterOfflineProposal(actor)) return { ok: false, field: "form", error: "priorities.errors.notCounterStaff" };
  const cycle = await getCycle(input.cycleId);
  if (!cycle) return { ok: false, field: "cycleId", error: "validation.choose" };
  if (cycle.phase !== "collect") return { ok: false, field: "cycleId", error: "priorities.errors.notCollecting" };
  if (await db.proposal.findUnique({ where: { submissionKey: input.submissionKey }, select: { id: true } }))
    return replayed;
  const created = await createProposal(
    cycle,
    {
      authorId: null,
      enteredById: actor.id,
      channel: input.channel,
      title: input.title,
      description: input.description,
      category: input.category,
      submissionKey: input.submissionKey,
    },
    (tx, proposalId) =>
      recordAudit(tx, {
        actor,
        action: "proposal.enter",
        targetType: "proposal",
        targetId: proposalId,
        detail: { cycleId: cycle.id, title: input.title.slice(0, 60), channel: input.channel },
      }),
  );
  return created.ok ? { ok: true, value: { id: created.value.id, cycleId: cycle.id } } : created;
}

/** One page of a cycle's proposals, filtered by status and category, found by any part of their text. */
export async function listProposals(cycleId: string, query: ProposalQuery, pageSize = PROPOSALS_PAGE_SIZE) {
  const where = proposalWhere(cycleId, query);
  const [proposals, total] = await Promise.all([
    db.proposal.findMany({
      where,
      select: publicProposalSelect,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (query.page - 1) * pageSize,
      take: pageSize,
    }),
    db.proposal.count({ where }),
  ]);
  return { proposals, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** The filters of a proposal list, for the public list and the review page alike. */
export function proposalWhere(cycleId: string, query: ProposalQuery) {
  const needle = foldForSearch(query.q);
  return {
    cycleId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(needle ? { searchText: { contains: needle } } : {}),
  };
}

/** How many proposals the cycle has in each status, for the cycle page's summary. */
export async function countProposalsByStatus(cycleId: string) {
  const groups = await db.proposal.groupBy({ by: ["status"], where: { cycleId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.status, group._count._all])) as Partial<
    Record<string, number>
  >;
}

/** A proposal of this cycle, with what it was merged into and what was merged into it. */
export async function getProposal(cycleId: string, proposalId: string) {
  if (!isRecordId(proposalId)) return null;
  const proposal = await db.proposal.findFirst({
    where: { id: proposalId, cycleId },
    select: {
      ...publicProposalSelect,
      authorId: true,
      mergedInto: { select: { id: true, title: true, status: true } },
      merged: { select: { id: true, title: true, channel: true }, orderBy: { createdAt: "asc" } },
    },
  });
  return proposal;
}

/** The reader's own proposals in a cycle, whatever became of them. */
export async function listMyProposals(cycleId: string, userId: string) {
  return db.proposal.findMany({
    where: { cycleId, authorId: userId },
    select: { id: true, title: true, status: true },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
}

/** All of a cycle's proposals as open data rows, oldest first. */
export async function listProposalRecords(cycleId: string) {
  return db.proposal.findMany({
    where: { cycleId },
    select: {
      id: true,
      title: true,
      category: true,
      channel: true,
      status: true,
      response: true,
      mergedIntoId: true,
      estimatedCost: true,
      ballotNumber: true,
      department: { select: { nameZh: true, nameEn: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}
