import {
  notifyPeople,
  registerNotificationKinds,
  type NotificationsTx,
  type SentNotifications,
} from "~/features/notifications/notifications.server";

// The asker hears when their question is answered or rejected: in the forum's inbox, and by
// email where the installation has SMTP and the person wants it.
registerNotificationKinds({
  "interviews.questionAnswered": { message: "interviews.notifications.questionAnswered" },
  "interviews.questionRejected": { message: "interviews.notifications.questionRejected" },
});

const KINDS = { answered: "interviews.questionAnswered", rejected: "interviews.questionRejected" } as const;

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
    deliver() {
      for (const sent of pending) void sent.afterCommit();
    },
  };
}
