import type { Db } from "~/db.server";
import { addWorkingDays, notBefore, resolutionDueAt } from "./promise-clock";
import { promiseSettings } from "./holiday-calendar.server";
import type { Complexity } from "./state";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Instant = Date | string;
export interface SessionClock {
  startsAt: Instant;
  endsAt: Instant;
  openedAt?: Instant | null;
  endedAt?: Instant | null;
  /** The session's promise: working days after its end for every first reply. */
  replyWorkingDays: number;
}

const time = (value: Instant | null | undefined) => (value ? new Date(value).getTime() : Infinity);

/** When a session starts (or was opened early) and ends (or was ended early). */
export function sessionBounds(session: SessionClock) {
  return {
    start: new Date(Math.min(time(session.startsAt), time(session.openedAt))),
    end: new Date(Math.min(time(session.endsAt), time(session.endedAt))),
  };
}

/**
 * When the session's promise falls due for a question arriving at `receivedAt` (decision 0030):
 * questions received before or during the session are answered live where time allows, and
 * every one gets its first reply within the session's working days of its end; a question that
 * arrives after the end (at the counter, by phone or letter) within as many working days of its
 * receipt. What the session page states to residents before they ask.
 */
export function firstReplyDueFor(receivedAt: Date, session: SessionClock) {
  const { end } = sessionBounds(session);
  const from = new Date(Math.max(receivedAt.getTime(), end.getTime()));
  return addWorkingDays(from, session.replyWorkingDays, promiseSettings());
}

/**
 * A question's promised times under this installation's settings and its session's promise
 * (decisions 0012, 0030). The resolution's hours run from receipt, or from the session's start
 * for a question sent in advance, and never end before the first reply is due.
 */
export function dueTimes(receivedAt: Date, complexity: Complexity, session: SessionClock) {
  const { start } = sessionBounds(session);
  const from = new Date(Math.max(receivedAt.getTime(), start.getTime()));
  const firstReplyDueAt = firstReplyDueFor(receivedAt, session);
  return {
    firstReplyDueAt,
    resolutionDueAt: notBefore(resolutionDueAt(from, complexity, promiseSettings()), firstReplyDueAt),
  };
}

/**
 * A session that has not started yet was moved, or its promise changed: its questions, all sent
 * in advance, are promised from the new schedule. Without this a postponed interview's questions
 * fell due on the old date, before anyone could answer them. Call it only before the start: once
 * a session has begun its promises are running and are not moved after the fact.
 */
export async function followNewSchedule(tx: Tx, session: SessionClock & { id: string }) {
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
