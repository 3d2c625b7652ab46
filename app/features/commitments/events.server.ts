import { db } from "~/db.server";
import { declareLiveTopics } from "~/features/live/topics.server";
import { isRecordId } from "~/validation";

/** A new progress report, or a change to the promise, the title or the dates (decision 0025). */
export type CommitmentEventType = "report" | "change";

// A commitment's page is public, and so are its timeline and its history: anyone watching it
// hears of a new progress report or change and reads the page again (decision 0011 for the channel).
const commitmentTopics = declareLiveTopics<Record<CommitmentEventType, object>>({
  name: "commitments.commitment",
  authorise: async (commitmentId) =>
    isRecordId(commitmentId) && (await db.commitment.count({ where: { id: commitmentId } })) === 1
      ? "allow"
      : "unknown",
});

export const commitmentTopic = (commitmentId: string) => commitmentTopics.topic(commitmentId);

/** Published after the report or the change has committed. */
export async function publishCommitmentEvent(commitmentId: string, type: CommitmentEventType = "report") {
  await commitmentTopics.publish(commitmentId, type, { type });
}
