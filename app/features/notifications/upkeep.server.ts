// What the notifications feature does on its own while the forum runs: deleting notifications
// past their retention period, and retrying emails the mail server did not take. Started by
// server.ts; the timers never keep the process alive.
import { runInOneInstance } from "~/shared/once-across-instances.server";
import { deliverPendingEmails, mailSettings } from "./email.server";
import { deleteExpiredNotifications } from "./notifications.server";

const RETENTION_SWEEP_MS = 6 * 3600 * 1000;
const EMAIL_RETRY_MS = 5 * 60 * 1000;

/**
 * Deletion runs at start and every six hours, for everyone: retention must hold also for people
 * who never open their notifications, so it cannot wait for them to list them. Retrying runs
 * every five minutes, and only when SMTP_URL is set. Returns a function that stops both.
 *
 * With several instances: deletion runs in each, as it is idempotent and cheap (one DELETE of
 * what is past its date; an instance coming second deletes nothing). Retrying runs in one
 * instance per round: two instances reading the same pending emails would send each twice.
 */
export function startNotificationUpkeep(): () => void {
  const sweep = () =>
    void deleteExpiredNotifications()
      .then((count) => (count ? console.log(`notifications: deleted ${count} past the retention period`) : undefined))
      .catch((error: unknown) => console.error("notifications: retention sweep failed", error));
  let retrying = false;
  const retry = () => {
    if (retrying || !mailSettings()) return;
    retrying = true;
    void runInOneInstance("email-retry", deliverPendingEmails)
      .catch((error: unknown) =>
        console.error("notifications: email retry failed", (error as { code?: string }).code ?? "unknown error"),
      )
      .finally(() => (retrying = false));
  };
  sweep();
  const timers = [setInterval(sweep, RETENTION_SWEEP_MS), setInterval(retry, EMAIL_RETRY_MS)];
  for (const timer of timers) timer.unref();
  return () => timers.forEach(clearInterval);
}
