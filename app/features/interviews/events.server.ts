import { db } from "~/db.server";
import { LatestValues } from "~/features/live/latest-values.server";
import { declareLiveTopics } from "~/features/live/topics.server";
import { isRecordId } from "~/validation";
import { canModerate } from "./permissions.server";

export type SessionEventType =
  | "question"
  | "vote"
  | "votes"
  | "answering"
  | "state"
  | "session"
  | "removed"
  // The hosts' "next up" queue changed, and the question the hall is on (decision 0040).
  | "queue"
  | "current";
export type QueueEventType = "received" | "moderated";

const sessionExists = async (sessionId: string) =>
  isRecordId(sessionId) && !!(await db.interviewSession.findUnique({ where: { id: sessionId }, select: { id: true } }));

// What everyone watching a session receives, and what its moderators receive. The public topic
// never carries who asked an anonymous question, nor anything from the moderation queue.
// Pages open them over GET /live (docs/decisions/0011), which asks these authorisers first.
const sessionTopics = declareLiveTopics<Record<SessionEventType, object>>({
  name: "interviews.session",
  // A session's page is public, and so is everything said in it.
  authorise: async (sessionId) => ((await sessionExists(sessionId)) ? "allow" : "unknown"),
  countViewers: true,
});
const queueTopics = declareLiveTopics<Record<QueueEventType, object>>({
  name: "interviews.queue",
  authorise: async (sessionId, viewer) => {
    if (!(await sessionExists(sessionId))) return "unknown";
    return canModerate(await viewer()) ? "allow" : "deny";
  },
});

export const sessionTopic = (sessionId: string) => sessionTopics.topic(sessionId);
export const queueTopic = (sessionId: string) => queueTopics.topic(sessionId);

/**
 * Published after the change has committed; the bus serialises it once for every viewer. The
 * type is the stream's event name and stays in the data, for pages that handle every type alike.
 */
export async function publishSessionEvent(sessionId: string, type: SessionEventType, data: object) {
  await sessionTopics.publish(sessionId, type, { type, ...data });
}

/**
 * Drops the question's earlier public events from the replay (decision 0030): after an edit or a
 * rejection, a page resuming from an old id must not receive the text the page no longer shows.
 * Call it before publishing the question's current state (or its removal).
 */
export function forgetQuestionEvents(sessionId: string, questionId: string) {
  return sessionTopics.forget(
    sessionId,
    "question",
    (data) => (data as { question?: { id?: string } }).question?.id === questionId,
  );
}

export async function publishQueueEvent(sessionId: string, type: QueueEventType, data: object) {
  await queueTopics.publish(sessionId, type, { type, ...data });
}

/**
 * Vote counts go out together, at most once a second per session: while hundreds vote, one
 * broadcast to every viewer per vote would be thousands of writes each (decision 0011).
 */
const voteCounts = new LatestValues<number>(1000, (sessionId, counts) =>
  publishSessionEvent(sessionId, "votes", { counts }),
);

export function publishVoteCount(sessionId: string, questionId: string, voteCount: number) {
  voteCounts.set(sessionId, questionId, voteCount);
}
