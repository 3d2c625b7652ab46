import type { Db } from "~/db.server";
import { firstReplyDueAt, resolutionDueAt } from "./promise-clock";
import { promiseSettings } from "./promise-settings.server";
import type { Complexity } from "./state";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type SessionStart = { startsAt: Date | string; openedAt?: Date | string | null };

/**
 * A question's promised times under this installation's settings (decision 0012). The clock
 * starts when the question arrives, or when its session starts if it was sent in advance: a
 * question asked for next week's interview is meant to be answered in that interview, and a
 * promise that fell due before the officials sat down would only count them late.
 */
export function dueTimes(receivedAt: Date, complexity: Complexity, session: SessionStart) {
  const sessionStart = Math.min(
    new Date(session.startsAt).getTime(),
    session.openedAt ? new Date(session.openedAt).getTime() : Infinity,
  );
  const from = new Date(Math.max(receivedAt.getTime(), sessionStart));
  return {
    firstReplyDueAt: firstReplyDueAt(from, promiseSettings),
    resolutionDueAt: resolutionDueAt(from, complexity, promiseSettings),
  };
}

/**
 * A session that has not started yet was moved: its questions, all sent in advance, are promised
 * from the new start. Without this a postponed interview's questions fell due on the old date,
 * before anyone could answer them. Call it only before the start: once a session has begun its
 * promises are running and are not moved after the fact.
 */
export async function followNewSessionStart(tx: Tx, session: SessionStart & { id: string }) {
  const questions = await tx.question.findMany({
    where: { sessionId: session.id },
    select: { id: true, receivedAt: true, complexity: true },
  });
  for (const question of questions) {
    await tx.question.update({
      where: { id: question.id },
      data: dueTimes(question.receivedAt, (question.complexity ?? "normal") as Complexity, session),
    });
  }
}
