import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { databaseProvider } from "~/database.server";
import { foldForSearch } from "~/features/accounts/display-name";
import { db } from "~/db.server";
import { forgetQuestionEvents, publishQueueEvent, publishSessionEvent } from "./events.server";
import { canHide, canRunQueue, isHost } from "./permissions.server";
import { announceQuestion, getSessionQuestion, publicQuestion, publicQuestionSelect } from "./questions.server";
import type { DeskQuery, MinutesInput, QueueMove } from "./schemas";
import type { InterviewSessionView } from "./sessions.server";

// The host's side of a live session (decision 0040): the "next up" queue, the current question
// the hall screen shows, hiding a question and publishing it again, and the minutes.

const notHost = { ok: false as const, field: "form", error: "interviews.errors.notHost" };
const noSuchQuestion = { ok: false as const, field: "form", error: "interviews.errors.noSuchQuestion" };
const excerpt = (text: string) => text.slice(0, 60);

/** The queue in its order, and the current question, as the public sees them. */
export async function readHostQueue(session: Pick<InterviewSessionView, "id" | "currentQuestionId">) {
  const [queued, current] = await Promise.all([
    db.question.findMany({
      where: { sessionId: session.id, status: "published", queuePosition: { not: null } },
      orderBy: [{ queuePosition: "asc" }, { id: "asc" }],
      select: publicQuestionSelect,
    }),
    readCurrentQuestion(session),
  ]);
  return { queue: queued.map(publicQuestion), current };
}

/** The question the hall is on, with its answers; none when it was hidden or taken down since. */
export async function readCurrentQuestion(session: Pick<InterviewSessionView, "id" | "currentQuestionId">) {
  if (!session.currentQuestionId) return null;
  const row = await db.question.findFirst({
    where: { id: session.currentQuestionId, sessionId: session.id, status: "published" },
    select: publicQuestionSelect,
  });
  return row ? publicQuestion(row) : null;
}

/**
 * Stars, unstars, moves or makes current a question of the queue. Positions are written again
 * from 1 in the same transaction, one change at a time per session, so two hosts pressing at
 * once leave one order without gaps or two questions in one place.
 * The current question leaves the queue: it is no longer next.
 */
export async function moveInQueue(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  move: QueueMove,
): Promise<Outcome> {
  if (!canRunQueue(actor, session.hostDepartmentIds)) return notHost;
  const question = await getSessionQuestion(session.id, questionId);
  if (!question || question.status !== "published") return noSuchQuestion;
  const changed = await db.$transaction(async (tx) => {
    // Two hosts pressing at once would each renumber the queue they read. On PostgreSQL the
    // session's row is locked first, so that the second reads the first's order; SQLite runs one
    // writing transaction at a time.
    if (databaseProvider() === "postgresql")
      await tx.$queryRaw`SELECT "id" FROM "InterviewSession" WHERE "id" = ${session.id} FOR UPDATE`;
    const rows = await tx.question.findMany({
      where: { sessionId: session.id, status: "published", queuePosition: { not: null } },
      orderBy: [{ queuePosition: "asc" }, { id: "asc" }],
      select: { id: true, queuePosition: true },
    });
    const order = rows.map((row) => row.id);
    const at = order.indexOf(questionId);
    if (move === "add" && at === -1) order.push(questionId);
    else if (move === "remove" && at !== -1) order.splice(at, 1);
    else if (move === "up" && at > 0) [order[at - 1], order[at]] = [order[at]!, order[at - 1]!];
    else if (move === "down" && at !== -1 && at < order.length - 1)
      [order[at], order[at + 1]] = [order[at + 1]!, order[at]!];
    else if (move === "current") {
      if (at !== -1) order.splice(at, 1);
    } else return false; // already queued, not queued, already first or last: nothing to do
    if (move === "current") {
      await tx.interviewSession.update({ where: { id: session.id }, data: { currentQuestionId: questionId } });
      // The resident's page says "now answering" for the question the hall is on.
      if (session.state === "live") {
        await tx.question.updateMany({
          where: { sessionId: session.id, answeringAt: { not: null }, id: { not: questionId } },
          data: { answeringAt: null },
        });
        await tx.question.update({ where: { id: questionId }, data: { answeringAt: new Date() } });
      }
    }
    const positions = new Map(order.map((id, index) => [id, index + 1]));
    for (const row of rows)
      if (!positions.has(row.id)) await tx.question.update({ where: { id: row.id }, data: { queuePosition: null } });
    for (const [id, position] of positions)
      if (rows.find((row) => row.id === id)?.queuePosition !== position)
        await tx.question.update({ where: { id }, data: { queuePosition: position } });
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.queueUnchanged" };
  publishSessionEvent(session.id, "queue", { changed: true });
  if (move === "current") {
    publishSessionEvent(session.id, "current", { questionId });
    if (session.state === "live") publishSessionEvent(session.id, "answering", { questionId });
  }
  return { ok: true, value: undefined };
}

/**
 * Takes a published question off the page without rejecting it: its votes stay, it leaves the
 * queue and the screen, and the asker is not told it was rejected (they see it as hidden).
 */
export async function hideQuestion(actor: User, session: InterviewSessionView, questionId: string): Promise<Outcome> {
  if (!canHide(actor)) return { ok: false, field: "form", error: "interviews.errors.notModerator" };
  const question = await getSessionQuestion(session.id, questionId);
  if (!question) return noSuchQuestion;
  const changed = await db.$transaction(async (tx) => {
    const { count } = await tx.question.updateMany({
      where: { id: questionId, status: "published" },
      data: { status: "hidden", queuePosition: null, answeringAt: null },
    });
    if (count === 0) return false;
    await tx.interviewSession.updateMany({
      where: { id: session.id, currentQuestionId: questionId },
      data: { currentQuestionId: null },
    });
    await recordAudit(tx, {
      actor,
      action: "question.hide",
      targetType: "question",
      targetId: questionId,
      detail: { sessionId: session.id, excerpt: excerpt(question.text) },
    });
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  // The page no longer shows it: neither may a replay of the live stream (decision 0030).
  await forgetQuestionEvents(session.id, questionId);
  publishSessionEvent(session.id, "removed", { questionId });
  publishSessionEvent(session.id, "queue", { changed: true });
  if (session.currentQuestionId === questionId) publishSessionEvent(session.id, "current", { questionId: null });
  publishQueueEvent(session.id, "moderated", { questionId });
  return { ok: true, value: undefined };
}

/** A hidden question back on the page, with the votes it had. */
export async function republishQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
): Promise<Outcome> {
  if (!canHide(actor)) return { ok: false, field: "form", error: "interviews.errors.notModerator" };
  const question = await getSessionQuestion(session.id, questionId);
  if (!question) return noSuchQuestion;
  const changed = await db.$transaction(async (tx) => {
    const { count } = await tx.question.updateMany({
      where: { id: questionId, status: "hidden" },
      data: { status: "published" },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "question.republish",
      targetType: "question",
      targetId: questionId,
      detail: { sessionId: session.id, excerpt: excerpt(question.text) },
    });
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  publishQueueEvent(session.id, "moderated", { questionId });
  await announceQuestion(questionId);
  return { ok: true, value: undefined };
}

export const DESK_PAGE_SIZE = 25;

/**
 * One page of the published questions on the host's desk, most votes first, or those with the
 * words searched for: 200 long questions on one page passed 300 KB (decision 0045). What a line
 * needs and no more: no answers, no asker.
 */
export async function listDeskQuestions(sessionId: string, query: DeskQuery) {
  const published = { sessionId, status: "published" };
  const folded = foldForSearch(query.q);
  const where = folded ? { ...published, searchText: { contains: folded } } : published;
  const [total, matching, rows] = await Promise.all([
    db.question.count({ where: published }),
    folded ? db.question.count({ where }) : null,
    db.question.findMany({
      where,
      orderBy: [{ voteCount: "desc" }, { receivedAt: "asc" }, { id: "asc" }],
      select: { id: true, text: true, voteCount: true, queuePosition: true, firstRepliedAt: true },
      skip: (query.page - 1) * DESK_PAGE_SIZE,
      take: DESK_PAGE_SIZE,
    }),
  ]);
  const count = matching ?? total;
  return { total, matching, pages: Math.max(1, Math.ceil(count / DESK_PAGE_SIZE)), rows };
}

/** The session's hidden questions, for the moderators who may publish them again. */
export function listHiddenQuestions(sessionId: string) {
  return db.question.findMany({
    where: { sessionId, status: "hidden" },
    orderBy: [{ voteCount: "desc" }, { receivedAt: "asc" }],
    select: { id: true, text: true, voteCount: true, type: true },
    take: 200,
  });
}

/**
 * The hosts' summary of the session, once it has ended (during it, the transcript is the
 * record). Written again as often as needed; each time is audited.
 */
export async function recordMinutes(actor: User, session: InterviewSessionView, input: MinutesInput): Promise<Outcome> {
  if (!isHost(actor, session.hostDepartmentIds)) return notHost;
  if (session.state !== "answering" && session.state !== "closed")
    return { ok: false, field: "minutesZh", error: "interviews.errors.minutesBeforeEnd" };
  await db.$transaction(async (tx) => {
    await tx.interviewSession.update({
      where: { id: session.id },
      data: { minutesZh: input.minutesZh, minutesEn: input.minutesEn, minutesAt: new Date() },
    });
    await recordAudit(tx, {
      actor,
      action: "interview.minutes",
      targetType: "interviewSession",
      targetId: session.id,
      detail: { title: session.titleZh || session.titleEn },
    });
  });
  publishSessionEvent(session.id, "session", { changed: true });
  return { ok: true, value: undefined };
}
