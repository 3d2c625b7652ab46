import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { foldForSearch } from "~/features/accounts/display-name";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { forgetQuestionEvents, publishSessionEvent } from "./events.server";
import { collectNotices } from "./notices.server";
import { canAnswer } from "./permissions.server";
import { promiseStatus } from "./promise-clock";
import { promiseSettings } from "./holiday-calendar.server";
import { dueTimes } from "./promise.server";
import { announceQuestion, getSessionQuestion } from "./questions.server";
import type { AnswerInput, CorrectAnswerInput } from "./schemas";
import type { InterviewSessionView } from "./sessions.server";
import type { Complexity } from "./state";

const notYours = { ok: false as const, field: "form", error: "interviews.errors.notYourDepartment" };

async function answerable(actor: User, session: InterviewSessionView, questionId: string) {
  const question = await getSessionQuestion(session.id, questionId);
  if (!question || question.status !== "published")
    return { ok: false as const, field: "form", error: "interviews.errors.noSuchQuestion" };
  if (!canAnswer(actor, question)) return notYours;
  return { ok: true as const, question };
}

/** "Now answering": one question at a time per session, shown to everyone watching. */
export async function markAnswering(actor: User, session: InterviewSessionView, questionId: string): Promise<Outcome> {
  const found = await answerable(actor, session, questionId);
  if (!found.ok) return found;
  if (session.state !== "live") return { ok: false, field: "form", error: "interviews.errors.notLive" };
  await db.$transaction([
    db.question.updateMany({
      where: { sessionId: session.id, answeringAt: { not: null } },
      data: { answeringAt: null },
    }),
    db.question.update({ where: { id: questionId }, data: { answeringAt: new Date() } }),
    // The question being answered is the one the hall is on: the screen follows (decision 0040).
    db.interviewSession.update({ where: { id: session.id }, data: { currentQuestionId: questionId } }),
  ]);
  publishSessionEvent(session.id, "answering", { questionId });
  publishSessionEvent(session.id, "current", { questionId });
  return { ok: true, value: undefined };
}

/**
 * An official of the responsible department answers: "live" while the session is live, "later"
 * after it. The first answer is the first reply; an answer that resolves the matter closes it.
 */
export async function answerQuestion(
  actor: User,
  session: InterviewSessionView,
  input: AnswerInput,
): Promise<Outcome<{ id: string }>> {
  const found = await answerable(actor, session, input.questionId);
  if (!found.ok) return found;
  const { question } = found;
  // Credited to the guest who gave it; the official who typed it is its author and in the audit log.
  const guest = input.guest === undefined ? null : session.guests[input.guest];
  if (input.guest !== undefined && !guest) return { ok: false, field: "guest", error: "validation.choose" };
  const now = new Date();
  try {
    const notices = collectNotices();
    const answer = await db.$transaction(async (tx) => {
      const created = await tx.answer.create({
        data: {
          questionId: question.id,
          authorId: actor.id,
          authorName: actor.displayName,
          guestName: guest?.name ?? null,
          guestTitle: guest ? guest.title : null,
          mode: session.state === "live" ? "live" : "later",
          text: input.text,
          resolves: input.resolves,
          submissionKey: input.submissionKey,
          createdAt: now,
        },
      });
      const answers = await tx.answer.findMany({
        where: { questionId: question.id, withdrawnAt: null },
        select: { text: true },
      });
      await tx.question.update({
        where: { id: question.id },
        data: {
          firstRepliedAt: question.firstRepliedAt ?? now,
          resolvedAt: input.resolves ? (question.resolvedAt ?? now) : question.resolvedAt,
          answeringAt: null,
          searchText: foldForSearch([question.text, ...answers.map((answer) => answer.text)].join("\n")),
        },
      });
      await recordAudit(tx, {
        actor,
        action: guest ? "question.answerForGuest" : "question.answer",
        targetType: "question",
        targetId: question.id,
        detail: { sessionId: session.id, excerpt: question.text.slice(0, 60), ...(guest ? { guest: guest.name } : {}) },
      });
      await notices.toAsker(tx, question, "answered");
      if (!question.firstRepliedAt) await notices.toMergedAskers(tx, question);
      return created;
    });
    notices.deliver();
    await announceQuestion(question.id);
    if (question.answeringAt) publishSessionEvent(session.id, "answering", { questionId: null });
    return { ok: true, value: { id: answer.id } };
  } catch (error) {
    if ((error as { code?: string })?.code === "P2002")
      return { ok: false, field: "form", error: "interviews.errors.replayed" };
    throw error;
  }
}

/**
 * The responsible department corrects an answer, or withdraws it (decision 0041). The earlier
 * text stays public in the answer's history ("corrected on …"): a correction that erased what
 * residents read would let a department rewrite its record. A withdrawn answer no longer counts
 * as a reply: the question's first reply and resolution follow the answers still standing, so a
 * question whose only answer was withdrawn is owed a reply again, and its clock shows it.
 */
export async function reviseAnswer(
  actor: User,
  session: InterviewSessionView,
  input: CorrectAnswerInput,
  kind: "corrected" | "withdrawn",
): Promise<Outcome> {
  const answer = await db.answer.findFirst({
    where: { id: input.answerId, question: { sessionId: session.id } },
    select: { id: true, text: true, withdrawnAt: true, questionId: true },
  });
  if (!answer) return { ok: false, field: "form", error: "interviews.errors.noSuchAnswer" };
  const found = await answerable(actor, session, answer.questionId);
  if (!found.ok) return found;
  const { question } = found;
  if (answer.withdrawnAt) return { ok: false, field: "form", error: "interviews.errors.answerWithdrawn" };
  if (kind === "corrected" && input.text === answer.text)
    return { ok: false, field: "text", error: "interviews.errors.unchanged" };
  const now = new Date();
  const notices = collectNotices();
  const changed = await db.$transaction(async (tx) => {
    // Conditional on the text this official saw: of two corrections at once, one is kept and
    // the other refused, and the history never skips a text residents read.
    const { count } = await tx.answer.updateMany({
      where: { id: answer.id, text: answer.text, withdrawnAt: null },
      data: kind === "corrected" ? { text: input.text, correctedAt: now } : { withdrawnAt: now },
    });
    if (count === 0) return false;
    await tx.answerRevision.create({
      data: { answerId: answer.id, kind, text: answer.text, byName: actor.displayName, createdAt: now },
    });
    const standing = await tx.answer.findMany({
      where: { questionId: question.id, withdrawnAt: null },
      orderBy: { createdAt: "asc" },
      select: { text: true, resolves: true, createdAt: true },
    });
    await tx.question.update({
      where: { id: question.id },
      data: {
        firstRepliedAt: standing[0]?.createdAt ?? null,
        resolvedAt: standing.find((one) => one.resolves)?.createdAt ?? null,
        searchText: foldForSearch([question.text, ...standing.map((one) => one.text)].join("\n")),
      },
    });
    await recordAudit(tx, {
      actor,
      action: kind === "corrected" ? "question.correctAnswer" : "question.withdrawAnswer",
      targetType: "question",
      targetId: question.id,
      detail: { sessionId: session.id, answerId: answer.id, excerpt: question.text.slice(0, 60) },
    });
    await notices.toAsker(tx, question, kind === "corrected" ? "answerCorrected" : "answerWithdrawn");
    return true;
  });
  if (!changed) return { ok: false, field: "form", error: "interviews.errors.alreadyModerated" };
  notices.deliver();
  // A page resuming from before gets the answer as it stands now, with its history.
  await forgetQuestionEvents(session.id, question.id);
  await announceQuestion(question.id);
  return { ok: true, value: undefined };
}

/** The official classes the question; its resolution promise follows the class. */
export async function classifyQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  complexity: Complexity,
): Promise<Outcome> {
  const found = await answerable(actor, session, questionId);
  if (!found.ok) return found;
  const { resolutionDueAt } = dueTimes(found.question.receivedAt, complexity, session);
  await db.question.update({ where: { id: questionId }, data: { complexity, resolutionDueAt } });
  await announceQuestion(questionId);
  return { ok: true, value: undefined };
}

/**
 * The official's "overdue / due soon" list: open promises of their departments, soonest first.
 * Each promise is due soon within its own window from the settings (15 minutes for a first
 * reply, 4 hours for a resolution by default), as `promiseStatus` decides for every page.
 */
export async function listDuePromises(departmentIds: readonly string[], now = new Date()) {
  const select = {
    id: true,
    status: true,
    sessionId: true,
    text: true,
    type: true,
    channel: true,
    receivedAt: true,
    firstReplyDueAt: true,
    resolutionDueAt: true,
    firstRepliedAt: true,
    resolvedAt: true,
    department: { select: { nameZh: true, nameEn: true } },
    session: { select: { titleZh: true, titleEn: true } },
  } as const;
  const owed = {
    // Also those still to be routed in sessions these departments host (decision 0044): one
    // may be theirs, and none drops off every list while it waits for a moderator.
    OR: [
      { departmentId: { in: [...departmentIds] } },
      { departmentId: null, session: { hosts: { some: { departmentId: { in: [...departmentIds] } } } } },
    ],
    // A question waiting for moderation is owed its first reply too: its clock runs (decision 0035).
    // A hidden question is off the page, but still owed its answer (decision 0040).
    status: { in: ["published", "pending", "hidden"] },
  };
  // Each promise by its own due time, so that the database gives the soonest: every overdue and
  // due-soon one, however many (a broken promise is never left off the list), and the next LATER.
  const read = (promise: "firstReply" | "resolution") => {
    const where =
      promise === "firstReply"
        ? { ...owed, firstRepliedAt: null }
        : { ...owed, firstRepliedAt: { not: null }, resolvedAt: null };
    const column = promise === "firstReply" ? "firstReplyDueAt" : "resolutionDueAt";
    const soonUntil = new Date(now.getTime() + promiseSettings().dueSoonMinutes[promise] * 60_000);
    return Promise.all([
      db.question.findMany({ where: { ...where, [column]: { lte: soonUntil } }, select }),
      db.question.findMany({
        where: { ...where, [column]: { gt: soonUntil } },
        orderBy: [{ [column]: "asc" }, { id: "asc" }],
        select,
        take: LATER,
      }),
    ]);
  };
  const open = (await Promise.all([read("firstReply"), read("resolution")])).flat(2);
  const rows = open.map((question) => {
    const promise = question.firstRepliedAt ? ("resolution" as const) : ("firstReply" as const);
    const dueAt = promise === "resolution" ? question.resolutionDueAt : question.firstReplyDueAt;
    return {
      ...question,
      dueAt,
      promise,
      waitingForModeration: question.status === "pending",
      status: promiseStatus(dueAt, now, null, promiseSettings().dueSoonMinutes[promise]),
    };
  });
  rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return {
    overdue: rows.filter((row) => row.status === "overdue"),
    dueSoon: rows.filter((row) => row.status === "dueSoon"),
    later: rows.filter((row) => row.status === "onTime").slice(0, LATER),
  };
}
const LATER = 100;
