import {
  notifyPeople,
  registerNotificationKinds,
  type NotificationsTx,
  type SentNotifications,
} from "~/features/notifications/notifications.server";
import type { Db } from "~/db.server";

// The asker hears when their question is answered or rejected: in the forum's inbox, and by
// email where the installation has SMTP and the person wants it.
registerNotificationKinds({
  "interviews.questionAnswered": { message: "interviews.notifications.questionAnswered" },
  "interviews.questionRejected": { message: "interviews.notifications.questionRejected" },
  "interviews.questionMerged": { message: "interviews.notifications.questionMerged" },
  "interviews.mergedAnswered": { message: "interviews.notifications.mergedAnswered" },
  "interviews.answerUnsatisfied": { message: "interviews.notifications.answerUnsatisfied" },
  "interviews.answerCorrected": { message: "interviews.notifications.answerCorrected" },
  "interviews.answerWithdrawn": { message: "interviews.notifications.answerWithdrawn" },
});

const KINDS = {
  answered: "interviews.questionAnswered",
  rejected: "interviews.questionRejected",
  merged: "interviews.questionMerged",
  answerCorrected: "interviews.answerCorrected",
  answerWithdrawn: "interviews.answerWithdrawn",
} as const;

type Tx = NotificationsTx & Pick<Db, "question">;
type DepartmentTx = NotificationsTx & Pick<Db, "membership">;

/**
 * Notices written inside a command's transaction and sent once it has committed: a rolled-back
 * action notifies nobody, and a slow mail server never holds the transaction open.
 */
export function collectNotices() {
  const pending: SentNotifications[] = [];
  return {
    async toAsker(
      tx: NotificationsTx,
      question: { id: string; askerId: string | null; sessionId: string; text: string },
      kind: keyof typeof KINDS,
      params: Record<string, string> = {},
    ) {
      // Offline questions have no account to notify: counter staff tell those people themselves.
      if (!question.askerId) return;
      pending.push(
        await notifyPeople(tx, [question.askerId], {
          kind: KINDS[kind],
          params: { question: question.text.slice(0, 60), ...params },
          link: `/interviews/${question.sessionId}#q-${question.id}`,
        }),
      );
    },
    /**
     * The askers of questions merged into this one hear when it is answered: their own question
     * is gone from the list, and its answer is this one's. Led to the kept question.
     */
    async toMergedAskers(tx: Tx, question: { id: string; sessionId: string; text: string }) {
      const merged = await tx.question.findMany({
        where: { mergedIntoId: question.id, askerId: { not: null } },
        select: { askerId: true },
      });
      if (merged.length === 0) return;
      pending.push(
        await notifyPeople(
          tx,
          merged.map((row) => row.askerId!),
          {
            kind: "interviews.mergedAnswered",
            params: { question: question.text.slice(0, 60) },
            link: `/interviews/${question.sessionId}#q-${question.id}`,
          },
        ),
      );
    },
    /** The officials of the responsible department hear that the asker was not satisfied, and why. */
    async toDepartment(
      tx: DepartmentTx,
      question: { id: string; sessionId: string; text: string; departmentId: string | null },
      comment: string,
    ) {
      // A question sent back to be routed has no department to hear it; its next one sees the rating.
      if (!question.departmentId) return;
      const officials = await tx.membership.findMany({
        where: { departmentId: question.departmentId },
        select: { userId: true },
      });
      pending.push(
        await notifyPeople(
          tx,
          officials.map((official) => official.userId),
          {
            kind: "interviews.answerUnsatisfied",
            params: { question: question.text.slice(0, 60), comment: comment || "—" },
            link: `/interviews/${question.sessionId}/console?question=${question.id}`,
          },
        ),
      );
    },
    deliver() {
      for (const sent of pending) void sent.afterCommit();
    },
  };
}
