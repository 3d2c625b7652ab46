import { db } from "~/db.server";
import { declareLiveTopics } from "~/features/live/topics.server";
import { isRecordId } from "~/validation";

export type CommitmentEventType = "report";

// A commitment's page is public, and so is its timeline: anyone watching it hears of a new
// progress report and reads the page again (decision 0011 for the channel).
const commitmentTopics = declareLiveTopics<Record<CommitmentEventType, object>>({
  name: "commitments.commitment",
  authorise: async (commitmentId) => (isRecordId(commitmentId) && (await db.commitment.count({ where: { id: commitmentId } })) === 1 ? "allow" : "unknown"),
});

export const commitmentTopic = (commitmentId: string) => commitmentTopics.topic(commitmentId);

/** Published after the report has committed. */
export function publishCommitmentEvent(commitmentId: string) {
  commitmentTopics.publish(commitmentId, "report", { type: "report" });
}
