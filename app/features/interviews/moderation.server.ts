import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { foldForSearch } from "~/features/accounts/display-name";
import { recordAudit, rewriteAuditDetails } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { forgetQuestionEvents, publishQueueEvent, publishSessionEvent } from "./events.server";
import { collectNotices } from "./notices.server";
import { canModerate, canReassign, canSendBack } from "./permissions.server";
import { announceQuestion, getSessionQuestion, publicQuestionSelect } from "./questions.server";
import type { InterviewSessionView } from "./sessions.server";
import type { ModerationQuery } from "./schemas";
import type { EditReason } from "./state";

const notModerator = { ok: false as const, field: "form", error: "interviews.errors.notModerator" };
const noSuchQuestion = { ok: false as const, field: "form", error: "interviews.errors.noSuchQuestion" };
const excerpt = (text: string) => text.slice(0, 60);

export const MODERATION_PAGE_SIZE = 25;

/**
 * One page of the moderation page: the questions waiting (or, with `view: "published"`, those
 * already public), filtered by type, department and words of the text, the soonest due first,
 * with who really asked. A session of 200 questions is read 25 at a time: the page once carried
 * every question with a merge list of every other one in each card.
 */
export async function listModeration(sessionId: string, query: ModerationQuery) {
  const where = moderationWhere(sessionId, query);
  const [total, rows] = await Promise.all([
    db.question.count({ where }),
    db.question.findMany({
      where,
      orderBy: [{ firstReplyDueAt: "asc" }, { receivedAt: "asc" }, { id: "asc" }],
      // The rating's comment too: moderators see what the asker wrote, the public does not (decision 0041).
      // `updatedAt`: the version the moderator reads, which an approval names (decision 0041).
      select: {
        ...publicQuestionSelect,
        ratingComment: true,
        updatedAt: true,
        enteredBy: { select: { displayName: true } },
      },
      skip: (query.page - 1) * MODERATION_PAGE_SIZE,
      take: MODERATION_PAGE_SIZE,
    }),
  ]);
  return { total, pages: Math.max(1, Math.ceil(total / MODERATION_PAGE_SIZE)), rows };
}

function moderationWhere(sessionId: string, query: Omit<ModerationQuery, "page">) {
  return {
    sessionId,
    // "To be routed" (decision 0044): waiting or public, with no department, also one sent back.
    ...(query.view === "toBeRouted"
      ? { status: { in: ["pending", "published", "hidden"] }, departmentId: null }
      : { status: query.view }),
    ...(query.type ? { type: query.type } : {}),
    ...(query.department ? { departmentId: query.department } : {}),
    ...(query.q ? { searchText: { contains: foldForSearch(query.q) } } : {}),
  };
}

/** What waits, what is public (by type) and what is to be routed: the counts above the filters. */
export async function countModeration(sessionId: string) {
  const [groups, toBeRouted] = await Promise.all([
    db.question.groupBy({
      by: ["status", "type"],
      where: { sessionId, status: { in: ["pending", "published"] } },
      _count: { _all: true },
    }),
    db.question.count({ where: { sessionId, status: { in: ["pending", "published", "hidden"] }, departmentId: null } }),
  ]);
  const counts = { pending: 0, published: 0, toBeRouted: 0, pendingByType: {} as Record<string, number> };
  for (const group of groups) {
    const status = group.status as "pending" | "published";
    counts[status] += group._count._all;
    if (status === "pending") counts.pendingByType[group.type] = group._count._all;
  }
  counts.toBeRouted = toBeRouted;
  return counts;
}

/**
 * The questions a duplicate can be merged into: published questions of the same session whose
 * text has the words searched for, a few at a time (the moderator searches, no list of all).
 */
export async function searchMergeTargets(sessionId: string, questionId: string, words: string) {
  const folded = foldForSearch(words.trim());
  if (!folded) return [];
  return db.question.findMany({
    where: { sessionId, status: "published", id: { not: questionId }, searchText: { contains: folded } },
    orderBy: [{ voteCount: "desc" }, { receivedAt: "asc" }],
    select: { id: true, text: true, voteCount: true },
    take: 10,
  });
}

async function moderatable(actor: User, session: InterviewSessionView, questionId: string) {
  if (!canModerate(actor)) return notModerator;
  const question = await getSessionQuestion(session.id, questionId);
  return question ? { ok: true as const, question } : noSuchQuestion;
}

/**
 * Approves a waiting question. With `seen` (the version the moderator's page showed), only that
 * version: the asker may reword a waiting question, and a moderator who read the old words must
 * not publish the new ones unread (decision 0041).
 */
export async function approveQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  seen?: Date,
  // The department chosen at approval: required for a question still to be routed (decision 0044).
  departmentId?: string,
): Promise<Outcome> {
  const found = await moderatable(actor, session, questionId);
  if (!found.ok) return found;
  const { question } = found;
  if (question.status !== "pending") return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  if (seen && question.updatedAt.getTime() !== seen.getTime())
    return { ok: false, field: "form", error: "interviews.errors.changedSinceRead" };
  const routeTo = departmentId && departmentId !== question.departmentId ? departmentId : null;
  if (!question.departmentId && !routeTo) return routeFirst;
  if (routeTo && !(await departmentExists(routeTo)))
    return { ok: false, field: "departmentId", error: "validation.choose" };
  const changed = await db.$transaction(async (tx) => {
    const { count } = await tx.question.updateMany({
      // Conditional on the department read: a question sent back or routed meanwhile is not
      // published under a department the moderator did not see.
      where: {
        id: questionId,
        status: "pending",
        departmentId: question.departmentId,
        ...(seen ? { updatedAt: seen } : {}),
      },
      data: { status: "published", publishedAt: new Date(), ...(routeTo ? { departmentId: routeTo } : {}) },
    });
    if (count !== 1) return false;
    await recordAudit(tx, {
      actor,
      action: "question.approve",
      targetType: "question",
      targetId: questionId,
      detail: { sessionId: session.id, excerpt: excerpt(question.text) },
    });
    if (routeTo) await recordRouting(tx, actor, session, question, routeTo);
    return true;
  });
  if (!changed) {
    const now = await db.question.findUnique({ where: { id: questionId }, select: { status: true } });
    const error =
      now?.status === "pending" ? "interviews.errors.changedSinceRead" : "interviews.errors.alreadyModerated";
    return { ok: false, field: "form", error };
  }
  publishQueueEvent(session.id, "moderated", { questionId });
  await announceQuestion(questionId);
  return { ok: true, value: undefined };
}

/**
 * Approves the ticked questions in one transaction. Those another moderator decided meanwhile
 * (or that are not this session's) are counted as already handled, not refused one by one.
 */
export async function approveQuestions(
  actor: User,
  session: InterviewSessionView,
  questionIds: readonly string[],
  // The version of each question the page showed: one reworded since is left waiting.
  seen: ReadonlyMap<string, Date> = new Map(),
): Promise<Outcome<{ approved: number; alreadyHandled: number; toBeRouted: number }>> {
  if (!canModerate(actor)) return notModerator;
  const ids = [...new Set(questionIds)];
  // Questions still to be routed are left waiting and counted: one department for a whole mixed
  // selection would route most of it wrongly, and each needs reading for its department (0044).
  const toBeRouted = await db.question.count({
    where: { sessionId: session.id, id: { in: ids }, status: "pending", departmentId: null },
  });
  const approved = await db.$transaction(async (tx) => {
    const pending = await tx.question.findMany({
      where: { sessionId: session.id, id: { in: ids }, status: "pending", departmentId: { not: null } },
      select: { id: true, text: true },
    });
    const publishedAt = new Date();
    const done: string[] = [];
    for (const question of pending) {
      // Conditional, as for one question: of two moderators deciding at once, one decides.
      const version = seen.get(question.id);
      const { count } = await tx.question.updateMany({
        where: {
          id: question.id,
          status: "pending",
          departmentId: { not: null },
          ...(version ? { updatedAt: version } : {}),
        },
        data: { status: "published", publishedAt },
      });
      if (count === 0) continue;
      await recordAudit(tx, {
        actor,
        action: "question.approve",
        targetType: "question",
        targetId: question.id,
        detail: { sessionId: session.id, excerpt: excerpt(question.text) },
      });
      done.push(question.id);
    }
    return done;
  });
  for (const questionId of approved) {
    publishQueueEvent(session.id, "moderated", { questionId });
    await announceQuestion(questionId);
  }
  return {
    ok: true,
    value: { approved: approved.length, alreadyHandled: ids.length - approved.length - toBeRouted, toBeRouted },
  };
}

/** Rejected with a reason the asker sees; a published question can be taken down the same way. */
export async function rejectQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  reason: string,
): Promise<Outcome> {
  const found = await moderatable(actor, session, questionId);
  if (!found.ok) return found;
  const { question } = found;
  if (question.status !== "pending" && question.status !== "published")
    return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  const notices = collectNotices();
  const changed = await db.$transaction(async (tx) => {
    // Conditional on the status read above: of two moderators deciding at once, one decides.
    const { count } = await tx.question.updateMany({
      where: { id: questionId, status: { in: ["pending", "published"] } },
      data: { status: "rejected", rejectionReason: reason, answeringAt: null },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "question.reject",
      targetType: "question",
      targetId: questionId,
      detail: { sessionId: session.id, excerpt: excerpt(question.text), reason },
    });
    await notices.toAsker(tx, question, "rejected", { reason });
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  notices.deliver();
  publishQueueEvent(session.id, "moderated", { questionId });
  // The page no longer shows it: neither may a replay of the live stream (decision 0030).
  await forgetQuestionEvents(session.id, questionId);
  if (question.status === "published") publishSessionEvent(session.id, "removed", { questionId });
  return { ok: true, value: undefined };
}

/**
 * Edits personal data (or abuse) out of a question. What was removed is gone from every channel
 * (decision 0030): the row, the live stream's replay, and the audit log, which records that an
 * edit happened, by whom and why, and whose earlier entries about the question are rewritten to
 * the edited text's first words.
 */
export async function editQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  text: string,
  reason: EditReason,
): Promise<Outcome> {
  const found = await moderatable(actor, session, questionId);
  if (!found.ok) return found;
  const { question } = found;
  if (question.text === text) return { ok: false, field: "text", error: "interviews.errors.unchanged" };
  await db.$transaction(async (tx) => {
    await tx.question.update({ where: { id: questionId }, data: { text, searchText: foldForSearch(text) } });
    await scrubQuestionFromAudit(tx, questionId, text);
    await recordAudit(tx, {
      actor,
      action: "question.edit",
      targetType: "question",
      targetId: questionId,
      detail: { sessionId: session.id, excerpt: excerpt(text), editReason: reason },
    });
  });
  await forgetQuestionEvents(session.id, questionId);
  await announceQuestion(questionId);
  return { ok: true, value: undefined };
}

/**
 * Earlier audit entries name the question by its first words at the time (entered, approved,
 * merged into): after an edit they would keep what the moderator removed. They now name it by the
 * edited text; an edit entry of an older version keeps no text before or after.
 */
async function scrubQuestionFromAudit(tx: Parameters<typeof rewriteAuditDetails>[0], questionId: string, text: string) {
  await rewriteAuditDetails(tx, questionId, (detail, entry) => {
    const { before: _before, after: _after, ...rest } = detail;
    if (entry.targetType === "question" && entry.targetId === questionId) return { ...rest, excerpt: excerpt(text) };
    if (rest.intoId === questionId) return { ...rest, intoExcerpt: excerpt(text) };
    return detail;
  });
}

/**
 * Merges a duplicate into the question that is kept: the duplicate's votes move over (a resident
 * who voted for both keeps one vote, an asker never votes for their own), and it points there.
 */
export async function mergeQuestions(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  intoId: string,
): Promise<Outcome> {
  const found = await moderatable(actor, session, questionId);
  if (!found.ok) return found;
  const { question } = found;
  const kept = await getSessionQuestion(session.id, intoId);
  if (!kept || kept.id === question.id || kept.status !== "published")
    return { ok: false, field: "intoId", error: "interviews.errors.mergeTarget" };
  if (question.status === "merged" || question.status === "rejected")
    return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  const notices = collectNotices();
  const changed = await db.$transaction(async (tx) => {
    // The duplicate is claimed first, conditionally: of two moderators merging it at once, the
    // second finds it merged and moves no vote a second time.
    const { count } = await tx.question.updateMany({
      where: { id: question.id, status: { in: ["pending", "published"] } },
      data: { status: "merged", mergedIntoId: kept.id, voteCount: 0, answeringAt: null },
    });
    if (count === 0) return false;
    const votes = await tx.questionVote.findMany({
      where: { questionId: question.id },
      select: { userId: true, createdAt: true },
    });
    const already = new Set(
      (await tx.questionVote.findMany({ where: { questionId: kept.id }, select: { userId: true } })).map(
        (vote) => vote.userId,
      ),
    );
    const moving = votes.filter((vote) => !already.has(vote.userId) && vote.userId !== kept.askerId);
    await tx.questionVote.deleteMany({ where: { questionId: question.id } });
    if (moving.length > 0)
      await tx.questionVote.createMany({ data: moving.map((vote) => ({ ...vote, questionId: kept.id })) });
    const voteCount = await tx.questionVote.count({ where: { questionId: kept.id } });
    await tx.question.update({ where: { id: kept.id }, data: { voteCount } });
    await recordAudit(tx, {
      actor,
      action: "question.merge",
      targetType: "question",
      targetId: question.id,
      detail: {
        sessionId: session.id,
        excerpt: excerpt(question.text),
        intoId: kept.id,
        intoExcerpt: excerpt(kept.text),
        votesMoved: moving.length,
      },
    });
    // The asker is led to the kept question, where their vote and its answer now are.
    await notices.toAsker(tx, { ...kept, askerId: question.askerId }, "merged");
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  notices.deliver();
  publishQueueEvent(session.id, "moderated", { questionId });
  await forgetQuestionEvents(session.id, questionId);
  if (question.status === "published")
    publishSessionEvent(session.id, "removed", { questionId, mergedIntoId: kept.id });
  await announceQuestion(kept.id);
  return { ok: true, value: undefined };
}

/**
 * Routes a question to the department responsible for it: one still to be routed (decision
 * 0044), or one a moderator or its department passes on.
 */
export async function reassignQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  departmentId: string,
): Promise<Outcome> {
  const question = await getSessionQuestion(session.id, questionId);
  if (!question) return noSuchQuestion;
  if (!canReassign(actor, question)) return { ok: false, field: "form", error: "interviews.errors.notYourDepartment" };
  if (!(await departmentExists(departmentId))) return { ok: false, field: "departmentId", error: "validation.choose" };
  if (question.departmentId === departmentId)
    return { ok: false, field: "departmentId", error: "interviews.errors.unchanged" };
  const changed = await db.$transaction(async (tx) => {
    // Conditional on the department read: of a moderator routing and a department sending back
    // at once, one decides, and the history tells what happened.
    const { count } = await tx.question.updateMany({
      where: { id: questionId, departmentId: question.departmentId },
      data: { departmentId },
    });
    if (count === 0) return false;
    await recordRouting(tx, actor, session, question, departmentId);
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.routedMeanwhile" };
  publishQueueEvent(session.id, "moderated", { questionId });
  await announceQuestion(questionId);
  return { ok: true, value: undefined };
}

/**
 * "Not ours": an official of the responsible department sends a wrongly routed question back to
 * the moderators' "to be routed" list with a reason (decision 0044). Not to another department of
 * the official's choosing: the moderators route it again. The history on the question shows the
 * reason publicly, the audit log records who did it, and the question's clock keeps running, so
 * that sending back never takes a question out of the figures.
 */
export async function sendBackQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  reason: string,
): Promise<Outcome> {
  const question = await getSessionQuestion(session.id, questionId);
  if (!question || !["pending", "published", "hidden"].includes(question.status)) return noSuchQuestion;
  if (!canSendBack(actor, question)) return { ok: false, field: "form", error: "interviews.errors.notYourDepartment" };
  const changed = await db.$transaction(async (tx) => {
    const { count } = await tx.question.updateMany({
      where: { id: questionId, departmentId: question.departmentId },
      // Not "now answering" any more: its department has just said it will not answer it.
      data: { departmentId: null, answeringAt: null },
    });
    if (count === 0) return false;
    await tx.questionRouting.create({
      data: { questionId, fromDepartmentId: question.departmentId, toDepartmentId: null, reason },
    });
    await recordAudit(tx, {
      actor,
      action: "question.sendBack",
      targetType: "question",
      targetId: questionId,
      detail: {
        sessionId: session.id,
        excerpt: excerpt(question.text),
        // The department that sent it back, which the audit sentence names.
        departmentId: question.departmentId,
        fromDepartmentId: question.departmentId,
        reason,
      },
    });
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.routedMeanwhile" };
  publishQueueEvent(session.id, "moderated", { questionId });
  await announceQuestion(questionId);
  return { ok: true, value: undefined };
}

const routeFirst = { ok: false as const, field: "departmentId", error: "interviews.errors.routeFirst" };

async function departmentExists(id: string) {
  return !!(await db.department.findUnique({ where: { id }, select: { id: true } }));
}

/** The public routing entry and the audit entry of a question given to `departmentId`. */
async function recordRouting(
  tx: Parameters<Parameters<typeof db.$transaction>[0]>[0],
  actor: User,
  session: InterviewSessionView,
  question: { id: string; text: string; departmentId: string | null },
  departmentId: string,
) {
  await tx.questionRouting.create({
    data: { questionId: question.id, fromDepartmentId: question.departmentId, toDepartmentId: departmentId },
  });
  await recordAudit(tx, {
    actor,
    action: "question.reassign",
    targetType: "question",
    targetId: question.id,
    detail: {
      sessionId: session.id,
      excerpt: excerpt(question.text),
      departmentId,
      fromDepartmentId: question.departmentId,
    },
  });
}
