import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { canEnterOfflineQuestion } from "./permissions.server";
import { latestAnswerAt, saveRating } from "./questions.server";

// The counter desk's side of an offline question (decision 0041): the list of what was entered
// from phone, letter and counter, with what became of each, to call or write back; "told the
// person", and the satisfaction the person gave on the phone. The desk is shared: any clerk sees
// every offline question, since the person calls back whoever is on duty with their reference
// number. The contact is for this desk only, and is erased once it has served.

export const COUNTER_LIST_PAGE_SIZE = 20;
/** Days the contact is kept after the person was told, for a call back about the rating. */
export const CONTACT_KEPT_AFTER_TOLD_DAYS = 30;
/** Days the contact is kept at most, told or not. */
export const CONTACT_KEPT_AT_MOST_DAYS = 365;

const DAY = 86_400_000;
const offline = { askerId: null, channel: { not: "online" } } as const;
const notCounterStaff = { ok: false as const, field: "form", error: "interviews.errors.notCounterStaff" };
const noSuchQuestion = { ok: false as const, field: "form", error: "interviews.errors.noSuchQuestion" };

/** One page of the offline questions, the newest first, or the one a reference number names. */
export async function listOfflineQuestions(actor: User, page: number, reference: string) {
  if (!canEnterOfflineQuestion(actor)) throw new Response("Forbidden", { status: 403 });
  const where = { ...offline, ...(reference ? { referenceNumber: reference } : {}) };
  const [total, rows] = await Promise.all([
    db.question.count({ where }),
    db.question.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * COUNTER_LIST_PAGE_SIZE,
      take: COUNTER_LIST_PAGE_SIZE,
      select: {
        id: true,
        sessionId: true,
        channel: true,
        type: true,
        text: true,
        contact: true,
        referenceNumber: true,
        status: true,
        rejectionReason: true,
        receivedAt: true,
        firstRepliedAt: true,
        firstReplyDueAt: true,
        toldAt: true,
        satisfied: true,
        ratingComment: true,
        ratedAt: true,
        session: { select: { titleZh: true, titleEn: true } },
        department: { select: { nameZh: true, nameEn: true } },
        mergedInto: { select: { id: true, sessionId: true, text: true } },
        enteredBy: { select: { displayName: true } },
        answers: {
          where: { withdrawnAt: null },
          orderBy: { createdAt: "desc" },
          take: 1,
          select: { text: true, authorName: true, createdAt: true },
        },
      },
    }),
  ]);
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / COUNTER_LIST_PAGE_SIZE)),
    questions: rows.map(({ answers, ...question }) => {
      const latestAnswer = answers[0] ?? null;
      const decided = question.status === "rejected" || question.status === "merged" || !!latestAnswer;
      return {
        ...question,
        state:
          question.status === "pending"
            ? ("waiting" as const)
            : question.status === "rejected"
              ? ("rejected" as const)
              : question.status === "merged"
                ? ("merged" as const)
                : latestAnswer
                  ? ("answered" as const)
                  : ("published" as const),
        latestAnswer,
        // Someone to call: an outcome the person has not been told of yet (a newer answer too).
        toTell: decided && (!question.toldAt || (!!latestAnswer && latestAnswer.createdAt > question.toldAt)),
        // A rating to take on the phone: an answer not rated yet, or newer than the rating.
        toRate: !!latestAnswer && (!question.ratedAt || latestAnswer.createdAt > question.ratedAt),
      };
    }),
  };
}

async function findOffline(questionId: string) {
  return db.question.findFirst({
    where: { id: questionId, ...offline },
    select: {
      id: true,
      sessionId: true,
      text: true,
      channel: true,
      status: true,
      departmentId: true,
      toldAt: true,
    },
  });
}

/**
 * The clerk told the person of the outcome (an answer, a rejection's reason, a merge). Recorded
 * once per outcome: a second press, or a colleague at the next desk, is refused until a newer
 * answer gives something new to tell.
 */
export async function markTold(actor: User, questionId: string): Promise<Outcome> {
  if (!canEnterOfflineQuestion(actor)) return notCounterStaff;
  const question = await findOffline(questionId);
  if (!question) return noSuchQuestion;
  const answeredAt = await latestAnswerAt(question.id);
  const decided = question.status === "rejected" || question.status === "merged" || !!answeredAt;
  if (!decided) return { ok: false, field: "form", error: "interviews.counterList.nothingToTell" };
  const since = answeredAt ?? new Date(0);
  const count = await db.$transaction(async (tx) => {
    const { count } = await tx.question.updateMany({
      where: { id: question.id, OR: [{ toldAt: null }, { toldAt: { lt: since } }] },
      data: { toldAt: new Date() },
    });
    if (count === 1)
      await recordAudit(tx, {
        actor,
        action: "question.told",
        targetType: "question",
        targetId: question.id,
        detail: { sessionId: question.sessionId, channel: question.channel, excerpt: question.text.slice(0, 60) },
      });
    return count;
  });
  if (count === 0) return { ok: false, field: "form", error: "interviews.counterList.alreadyTold" };
  return { ok: true, value: undefined };
}

/** The clerk enters the satisfaction the person gave when called back: it counts like an online rating. */
export async function enterOfflineRating(
  actor: User,
  questionId: string,
  satisfied: boolean,
  comment: string,
): Promise<Outcome> {
  if (!canEnterOfflineQuestion(actor)) return notCounterStaff;
  const question = await findOffline(questionId);
  if (!question) return noSuchQuestion;
  return saveRating(question, satisfied, comment, (tx) =>
    recordAudit(tx, {
      actor,
      action: "question.rateOffline",
      targetType: "question",
      targetId: question.id,
      detail: { sessionId: question.sessionId, channel: question.channel, excerpt: question.text.slice(0, 60) },
    }),
  );
}

/**
 * Erases the contacts that have served: those of people told more than 30 days ago, and any a
 * year after receipt. Runs at start and every six hours in every instance (an UPDATE of what is
 * past its date: an instance coming second changes nothing). Returns how many were erased.
 */
export async function eraseServedContacts(now = new Date()) {
  const { count } = await db.question.updateMany({
    where: {
      contact: { not: null },
      OR: [
        { toldAt: { lte: new Date(now.getTime() - CONTACT_KEPT_AFTER_TOLD_DAYS * DAY) } },
        { receivedAt: { lte: new Date(now.getTime() - CONTACT_KEPT_AT_MOST_DAYS * DAY) } },
      ],
    },
    data: { contact: null },
  });
  return count;
}

/** The contact sweep while the forum runs; the timer never keeps the process alive. */
export function startInterviewUpkeep(intervalMs = 6 * 3600 * 1000): () => void {
  const sweep = () =>
    void eraseServedContacts()
      .then((count) => (count ? console.log(`interviews: erased ${count} offline askers' contacts`) : undefined))
      .catch((error: unknown) => console.error("interviews: contact sweep failed", error));
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
