import "./personal-data.server";
import { randomBytes } from "node:crypto";
import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { consumeAttempt } from "~/features/accounts/rate-limit.server";
import { foldForSearch } from "~/features/accounts/display-name";
import { recordAudit } from "~/features/audit/audit.server";
import { db, type Db } from "~/db.server";
import { isRecordId } from "~/validation";
import { wallTimeToDate } from "~/shared/wall-time";
import { readInBatches } from "~/shared/batches.server";
import { publishQueueEvent, publishSessionEvent, publishVoteCount } from "./events.server";
import { collectNotices } from "./notices.server";
import { canEnterOfflineQuestion } from "./permissions.server";
import { dueTimes } from "./promise.server";
import type { AskInput, OfflineQuestionInput } from "./schemas";
import { getSession, type InterviewSessionView } from "./sessions.server";
import { sortQuestions } from "./live-view";
import { acceptsQuestions, isOpen, sessionState, type QuestionSort } from "./state";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** What the public sees of a question: never the asker of an anonymous one, never an email. */
export const publicQuestionSelect = {
  id: true,
  sessionId: true,
  type: true,
  channel: true,
  text: true,
  anonymous: true,
  status: true,
  mergedIntoId: true,
  departmentId: true,
  voteCount: true,
  complexity: true,
  receivedAt: true,
  publishedAt: true,
  answeringAt: true,
  firstReplyDueAt: true,
  resolutionDueAt: true,
  firstRepliedAt: true,
  resolvedAt: true,
  satisfied: true,
  // When the rating was given: an answer newer than it may be rated again (decision 0041).
  ratedAt: true,
  askerId: true,
  asker: { select: { displayName: true, deletedAt: true } },
  department: { select: { id: true, nameZh: true, nameEn: true } },
  answers: {
    orderBy: { createdAt: "asc" as const },
    select: {
      id: true,
      authorName: true,
      guestName: true,
      guestTitle: true,
      mode: true,
      text: true,
      resolves: true,
      createdAt: true,
      correctedAt: true,
      withdrawnAt: true,
      // The earlier texts of a corrected or withdrawn answer: public, like the answer (decision 0041).
      revisions: {
        orderBy: { createdAt: "asc" as const },
        select: { kind: true, text: true, byName: true, createdAt: true },
      },
    },
  },
  // Where the question has been: public, so residents see who handed it on.
  routings: {
    orderBy: { createdAt: "asc" as const },
    select: {
      createdAt: true,
      // "Not ours" and why, when the department sent it back (decision 0044).
      reason: true,
      fromDepartment: { select: { id: true, nameZh: true, nameEn: true } },
      toDepartment: { select: { id: true, nameZh: true, nameEn: true } },
    },
  },
} as const;

type QuestionRow = Awaited<ReturnType<typeof findQuestion>> & object;

async function findQuestion(tx: Pick<Db, "question">, id: string) {
  return tx.question.findUnique({ where: { id }, select: publicQuestionSelect });
}

export function publicQuestion(row: QuestionRow) {
  const { asker, askerId: _askerId, ...question } = row;
  return {
    ...question,
    // null: shown as "Anonymous", or as the channel for an offline question without an account.
    askerName: question.anonymous || !asker || asker.deletedAt ? null : asker.displayName,
  };
}
export type PublicQuestion = ReturnType<typeof publicQuestion>;

/** Re-reads a question after a change and sends its public view to everyone watching. */
export async function announceQuestion(questionId: string) {
  const row = await findQuestion(db, questionId);
  if (row && row.status === "published")
    publishSessionEvent(row.sessionId, "question", { question: publicQuestion(row) });
  return row;
}

/**
 * The session's published questions, as the public sees them, oldest first: all of them, since a
 * question the console does not list cannot be opened to be answered (decision 0045).
 */
export async function readPublishedQuestions(sessionId: string): Promise<PublicQuestion[]> {
  const rows = await readInBatches((batch) =>
    db.question.findMany({
      where: { sessionId, status: "published" },
      select: publicQuestionSelect,
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      ...batch,
    }),
  );
  return rows.map(publicQuestion);
}

/** The session's published questions, and for a signed-in reader which they voted for and asked. */
export async function listPublishedQuestions(sessionId: string, sort: QuestionSort, reader: User | null) {
  const questions = sortQuestions(await readPublishedQuestions(sessionId), sort);
  return { questions, ...(await readerQuestions(sessionId, reader)) };
}

/** Which of the session's questions a signed-in reader voted for, and the questions they asked in it. */
export async function readerQuestions(sessionId: string, reader: User | null) {
  const [votes, mine] = reader
    ? await Promise.all([
        // The reader's votes in the session, not a list of the page's ids: a page can pass 999 questions.
        db.questionVote.findMany({
          where: { userId: reader.id, question: { sessionId } },
          select: { questionId: true },
        }),
        db.question.findMany({
          where: { sessionId, askerId: reader.id },
          select: {
            id: true,
            status: true,
            rejectionReason: true,
            mergedIntoId: true,
            text: true,
            type: true,
            receivedAt: true,
          },
        }),
      ])
    : [[], []];
  return {
    votedIds: votes.map((vote) => vote.questionId),
    myQuestions: mine,
    // All of the reader's questions, also those still waiting: one published later arrives live and is theirs.
    myQuestionIds: mine.map((question) => question.id),
  };
}

const replayed = { ok: false as const, field: "form", error: "interviews.errors.replayed" };

function isUniqueViolation(error: unknown) {
  return (error as { code?: string })?.code === "P2002";
}

/** Questions of a session still owed an answer: published without a first reply, or waiting for moderation. */
export function countUnanswered(sessionId: string) {
  return db.question.count({
    where: { sessionId, OR: [{ status: "pending" }, { status: "published", firstRepliedAt: null }] },
  });
}

async function createQuestion(
  session: InterviewSessionView,
  data: {
    askerId: string | null;
    enteredById: string | null;
    channel: string;
    type: string;
    text: string;
    anonymous: boolean;
    departmentId: string | null;
    submissionKey: string;
    contact?: string | null;
    referenceNumber?: string;
  },
  audit?: (tx: Tx, questionId: string) => Promise<void>,
  // A letter or call received before it was entered: the promise runs from its receipt.
  receivedAt = new Date(),
) {
  const enteredAt = new Date();
  const status = session.premoderated ? "pending" : "published";
  try {
    const question = await db.$transaction(async (tx) => {
      const created = await tx.question.create({
        data: {
          ...data,
          sessionId: session.id,
          searchText: foldForSearch(data.text),
          status,
          receivedAt,
          publishedAt: status === "published" ? enteredAt : null,
          ...dueTimes(receivedAt, "normal", session),
        },
      });
      await audit?.(tx, created.id);
      return created;
    });
    publishQueueEvent(session.id, "received", { questionId: question.id });
    if (status === "published") await announceQuestion(question.id);
    return { ok: true as const, value: { id: question.id, status } };
  } catch (error) {
    if (isUniqueViolation(error)) return replayed;
    throw error;
  }
}

const onlyHost = (session: InterviewSessionView) =>
  session.hostDepartmentIds.length === 1 ? session.hostDepartmentIds[0]! : null;

/**
 * The responsible department of a new question (decision 0044): the one host of a single-host
 * session; else the host whose topic the asker picked; else none, "to be routed": the question
 * waits on the moderators' list for a moderator to choose, never silently given to the first host.
 */
function newQuestionDepartment(session: InterviewSessionView, picked: string | undefined): Outcome<string | null> {
  const only = onlyHost(session);
  if (only) return { ok: true, value: only };
  if (!picked) return { ok: true, value: null };
  return session.hostDepartmentIds.includes(picked)
    ? { ok: true, value: picked }
    : { ok: false, field: "departmentId", error: "validation.choose" };
}

/** A logged-in resident asks. Anonymous only where the session allows it. */
export async function askQuestion(
  actor: User,
  session: InterviewSessionView,
  input: AskInput,
): Promise<Outcome<{ id: string; status: string }>> {
  if (!acceptsQuestions(sessionState(session)))
    return { ok: false, field: "form", error: "interviews.errors.notAccepting" };
  if (input.anonymous && !session.allowAnonymous)
    return { ok: false, field: "anonymous", error: "interviews.errors.noAnonymous" };
  if (await db.question.findUnique({ where: { submissionKey: input.submissionKey }, select: { id: true } }))
    return replayed;
  const department = newQuestionDepartment(session, input.departmentId);
  if (!department.ok) return department;
  await consumeAttempt([["askByAccount", actor.id]]);
  return createQuestion(session, {
    askerId: actor.id,
    enteredById: null,
    channel: "online",
    type: input.type,
    text: input.text,
    anonymous: input.anonymous,
    departmentId: department.value,
    submissionKey: input.submissionKey,
  });
}

/**
 * Counter staff enter a question handed in by phone, by letter or at a counter. It counts and is
 * answered like any other; the public sees its channel, never the person who handed it in.
 */
export async function enterOfflineQuestion(
  actor: User,
  input: OfflineQuestionInput,
  timeZone: string,
): Promise<Outcome<{ id: string; sessionId: string; referenceNumber: string }>> {
  if (!canEnterOfflineQuestion(actor)) return { ok: false, field: "form", error: "interviews.errors.notCounterStaff" };
  const receivedAt = offlineReceipt(input.receivedOn, timeZone);
  if (!receivedAt.ok) return receivedAt;
  const session = await getSession(input.sessionId);
  if (!session) return { ok: false, field: "sessionId", error: "validation.choose" };
  if (!isOpen(session.state)) return { ok: false, field: "sessionId", error: "interviews.errors.sessionClosed" };
  // The clerk may name any department (a caller may know it is the Water Bureau's); "Not sure"
  // leaves it to be routed, as for a resident (decision 0044).
  const departmentId = input.departmentId ?? onlyHost(session);
  const referenceNumber = newReferenceNumber();
  if (departmentId && !(await db.department.findUnique({ where: { id: departmentId }, select: { id: true } })))
    return { ok: false, field: "departmentId", error: "validation.choose" };
  const created = await createQuestion(
    session,
    {
      askerId: null,
      enteredById: actor.id,
      channel: input.channel,
      type: input.type,
      text: input.text,
      anonymous: true,
      departmentId,
      submissionKey: input.submissionKey,
      contact: input.contact || null,
      referenceNumber,
    },
    (tx, questionId) =>
      // Never the contact: the audit log is kept for as long as the forum runs.
      recordAudit(tx, {
        actor,
        action: "question.enter",
        targetType: "question",
        targetId: questionId,
        detail: { sessionId: session.id, channel: input.channel, excerpt: input.text.slice(0, 60), referenceNumber },
      }),
    receivedAt.value,
  );
  return created.ok ? { ok: true, value: { id: created.value.id, sessionId: session.id, referenceNumber } } : created;
}

/** How far back a letter or call may have been received: a clerk entering a pile of post. */
export const OFFLINE_RECEIPT_MAX_DAYS = 60;

/**
 * The moment an offline question's promise starts: now when entered the day it came, else the
 * start of the day it was received in the clerk's zone (the hour of a letter's arrival is not
 * known, and the earlier moment never shortens the resident's wait).
 */
function offlineReceipt(receivedOn: string, timeZone: string): Outcome<Date> {
  const now = new Date();
  if (!receivedOn) return { ok: true, value: now };
  const start = wallTimeToDate(`${receivedOn}T00:00`, timeZone);
  if (start.getTime() > now.getTime())
    return { ok: false, field: "receivedOn", error: "interviews.counter.receivedInFuture" };
  if (now.getTime() - start.getTime() > OFFLINE_RECEIPT_MAX_DAYS * 86_400_000)
    return { ok: false, field: "receivedOn", error: "interviews.counter.receivedTooLongAgo" };
  // Today: the moment of entry, which is no later than the call that is being written down.
  return { ok: true, value: now.getTime() - start.getTime() < 86_400_000 ? now : start };
}

// Crockford's base 32 without I, L, O and U: read out on the phone without confusion.
const REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "Q-7KQ4-M2XD": the number the person is given, to ask after the question later. */
export function newReferenceNumber() {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((byte) => REFERENCE_ALPHABET[byte % 32]);
  return `Q-${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

/** A question of this session, or nothing: an id from another session names no question here. */
export async function getSessionQuestion(sessionId: string, questionId: string) {
  if (!isRecordId(questionId)) return null;
  return db.question.findFirst({ where: { id: questionId, sessionId } });
}

/** One upvote per resident per question, never on one's own; withdrawable while the session is open. */
export async function voteOnQuestion(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  vote: "add" | "withdraw",
): Promise<Outcome<{ voteCount: number }>> {
  const question = await getSessionQuestion(session.id, questionId);
  if (!question || question.status !== "published")
    return { ok: false, field: "form", error: "interviews.errors.noSuchQuestion" };
  if (!isOpen(session.state)) return { ok: false, field: "form", error: "interviews.errors.sessionClosed" };
  if (question.askerId === actor.id) return { ok: false, field: "form", error: "interviews.errors.ownQuestion" };
  await consumeAttempt([["voteByAccount", actor.id]]);
  const outcome = await db
    .$transaction(async (tx) => {
      const existing = await tx.questionVote.findUnique({
        where: { questionId_userId: { questionId, userId: actor.id } },
      });
      if (vote === "add" && existing) return "already" as const;
      if (vote === "withdraw" && !existing) return "none" as const;
      if (vote === "add") await tx.questionVote.create({ data: { questionId, userId: actor.id } });
      else await tx.questionVote.delete({ where: { questionId_userId: { questionId, userId: actor.id } } });
      const updated = await tx.question.update({
        where: { id: questionId },
        data: { voteCount: { increment: vote === "add" ? 1 : -1 } },
        select: { voteCount: true },
      });
      return updated.voteCount;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return "already" as const; // the same resident's second tab, a moment ago
      throw error;
    });
  if (outcome === "already") return { ok: false, field: "form", error: "interviews.errors.alreadyVoted" };
  if (outcome === "none") return { ok: false, field: "form", error: "interviews.errors.notVoted" };
  publishVoteCount(session.id, questionId, outcome);
  return { ok: true, value: { voteCount: outcome } };
}

/**
 * The asker rates the answer: satisfied or not, with an optional comment, once the question is
 * answered. "Not satisfied" reaches the officials of the responsible department, with the
 * comment, so that they can take the question up again (decision 0041); their new answer opens
 * the rating again, and the latest rating is the one that counts.
 */
export async function rateAnswer(
  actor: User,
  session: InterviewSessionView,
  questionId: string,
  satisfied: boolean,
  comment: string,
): Promise<Outcome> {
  const question = await getSessionQuestion(session.id, questionId);
  if (!question || question.askerId !== actor.id)
    return { ok: false, field: "form", error: "interviews.errors.noSuchQuestion" };
  return saveRating(question, satisfied, comment);
}

/**
 * The askers' ratings with their comments, for officials and moderators only (decision 0041):
 * the public sees whether the asker was satisfied, not what they wrote.
 */
export async function readRatings(questionIds: readonly string[]) {
  const rows = await db.question.findMany({
    where: { id: { in: [...questionIds] }, ratedAt: { not: null } },
    select: { id: true, satisfied: true, ratingComment: true, ratedAt: true },
  });
  return Object.fromEntries(rows.map(({ id, ...rating }) => [id, rating]));
}

/** The newest answer still standing: what a rating rates. */
export async function latestAnswerAt(questionId: string) {
  const latest = await db.answer.findFirst({
    where: { questionId, withdrawnAt: null },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return latest?.createdAt ?? null;
}

/**
 * Stores a rating of the answer as it stands: refused before an answer, and a second time for
 * the same answer (a double press, a second tab); allowed again once a newer answer came.
 */
export async function saveRating(
  question: { id: string; sessionId: string; text: string; departmentId: string | null },
  satisfied: boolean,
  comment: string,
  audit?: (tx: Tx) => Promise<void>,
): Promise<Outcome> {
  const answeredAt = await latestAnswerAt(question.id);
  if (!answeredAt) return { ok: false, field: "form", error: "interviews.errors.notAnswered" };
  const notices = collectNotices();
  const count = await db.$transaction(async (tx) => {
    const { count } = await tx.question.updateMany({
      where: { id: question.id, OR: [{ ratedAt: null }, { ratedAt: { lt: answeredAt } }] },
      data: { satisfied, ratingComment: comment || null, ratedAt: new Date() },
    });
    if (count === 1 && !satisfied) await notices.toDepartment(tx, question, comment);
    if (count === 1) await audit?.(tx);
    return count;
  });
  if (count === 0) return { ok: false, field: "form", error: "interviews.errors.alreadyRated" };
  notices.deliver();
  await announceQuestion(question.id);
  return { ok: true, value: undefined };
}
