import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { foldForSearch } from "~/features/accounts/display-name";
import { db } from "~/db.server";
import { publishQueueEvent } from "./events.server";
import type { EditMineInput } from "./schemas";

// A resident's own questions across every session (decision 0041): where each one stands, and
// taking one back or rewording it while no moderator has decided on it yet.

export const MY_QUESTIONS_PAGE_SIZE = 20;

/** Where a question stands, as its asker reads it. */
export type MyQuestionState = "waiting" | "published" | "answered" | "rejected" | "merged";

function stateOf(question: { status: string; firstRepliedAt: Date | null }): MyQuestionState {
  if (question.status === "pending") return "waiting";
  if (question.status === "rejected") return "rejected";
  if (question.status === "merged") return "merged";
  return question.firstRepliedAt ? "answered" : "published";
}

/** One page of the reader's questions, newest first, in every session. */
export async function listMyQuestions(userId: string, page: number) {
  const where = { askerId: userId };
  const [total, rows] = await Promise.all([
    db.question.count({ where }),
    db.question.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * MY_QUESTIONS_PAGE_SIZE,
      take: MY_QUESTIONS_PAGE_SIZE,
      select: {
        id: true,
        sessionId: true,
        type: true,
        text: true,
        status: true,
        rejectionReason: true,
        receivedAt: true,
        firstRepliedAt: true,
        firstReplyDueAt: true,
        satisfied: true,
        session: { select: { titleZh: true, titleEn: true } },
        mergedInto: { select: { id: true, sessionId: true, text: true } },
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
    pageCount: Math.max(1, Math.ceil(total / MY_QUESTIONS_PAGE_SIZE)),
    total,
    questions: rows.map(({ answers, ...question }) => ({
      ...question,
      state: stateOf(question),
      latestAnswer: answers[0] ?? null,
    })),
  };
}

const notWaiting = { ok: false as const, field: "form", error: "interviews.myQuestions.notWaiting" };
const noSuchQuestion = { ok: false as const, field: "form", error: "interviews.errors.noSuchQuestion" };

/**
 * Why a change by the asker was refused: someone else's question (or none) names nothing, and one
 * a moderator has decided on can no longer change, since readers may have voted on its words.
 */
async function refusal(actor: User, questionId: string) {
  const question = await db.question.findUnique({ where: { id: questionId }, select: { askerId: true } });
  return question && question.askerId === actor.id ? notWaiting : noSuchQuestion;
}

/**
 * The asker takes back a question still waiting for moderation. It is deleted: nobody else has
 * seen it, and the forum keeps nothing the resident asked it to forget.
 */
export async function withdrawQuestion(actor: User, questionId: string): Promise<Outcome<{ sessionId: string }>> {
  const question = await db.question.findFirst({
    where: { id: questionId, askerId: actor.id },
    select: { sessionId: true },
  });
  if (!question) return noSuchQuestion;
  // Conditional: a moderator approving at the same moment wins or loses, never both.
  const { count } = await db.question.deleteMany({ where: { id: questionId, askerId: actor.id, status: "pending" } });
  if (count === 0) return refusal(actor, questionId);
  await publishQueueEvent(question.sessionId, "moderated", { questionId });
  return { ok: true, value: { sessionId: question.sessionId } };
}

/** The asker rewords a question (or changes its type) while it still waits for moderation. */
export async function editMyQuestion(actor: User, input: EditMineInput): Promise<Outcome> {
  const { count } = await db.question.updateMany({
    where: { id: input.questionId, askerId: actor.id, status: "pending" },
    data: { text: input.text, type: input.type, searchText: foldForSearch(input.text) },
  });
  if (count === 0) return refusal(actor, input.questionId);
  const question = await db.question.findUniqueOrThrow({
    where: { id: input.questionId },
    select: { sessionId: true },
  });
  // The moderation page reloads its cards, so the moderator decides on the words as they are now.
  await publishQueueEvent(question.sessionId, "moderated", { questionId: input.questionId });
  return { ok: true, value: undefined };
}
