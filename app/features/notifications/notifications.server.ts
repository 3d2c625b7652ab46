// One inbox for every area of the forum (decision 0010). Other features call notifyPeople inside
// their own transaction, so that a notification exists exactly when the action that caused it
// does, and send the emails after their transaction has committed.
import { randomUUID } from "node:crypto";
import { db, type Db } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import type { Outcome } from "~/shared/outcome";
import { isRecordId } from "~/validation";
import { logSkippedEmails, mailSettings, sendNotificationEmails } from "./email.server";
import { parseParams, type NotificationParams } from "./kinds";

export { registerNotificationKinds, type NotificationKind, type NotificationParams } from "./kinds";

/** Notifications older than this are deleted (the data policy says so: keep them in step). */
export const NOTIFICATION_RETENTION_DAYS = 365;
export const NOTIFICATIONS_PAGE_SIZE = 20;
/** The header shows "99+" past this; counting further would only cost time. */
export const UNREAD_COUNT_CAP = 100;

/** What notifyPeople needs: the database client or the caller's transaction client. */
export type NotificationsTx = Pick<Db, "user" | "$executeRaw">;

export interface NotificationInput {
  /** "<feature>.<event>", e.g. "interviews.questionAnswered"; registered with registerNotificationKinds. */
  kind: string;
  /** What the kind's text needs, e.g. `{ question: "…" }`. Strings longer than 300 characters are shortened. */
  params?: NotificationParams;
  /** Where the notification leads, a path inside the forum, e.g. "/interviews/abc#question-def". */
  link: string;
}

export interface SentNotifications {
  /** The notifications written, one per recipient who still has an account. */
  ids: string[];
  /**
   * What happens once the notifications are committed: today, sending their emails (or, without
   * SMTP_URL, one log line each); a live push to the recipients' open pages belongs here too.
   * Call it after the transaction has committed, without waiting for it before answering the
   * resident. It never rejects: an unreachable mail server is retried later (server.ts runs
   * deliverPendingEmails every few minutes, which also catches a forgotten call) and never fails
   * the action. Called after a rollback, it finds nothing to send.
   */
  afterCommit(): Promise<void>;
}

const PARAM_MAX_LENGTH = 300;

/**
 * Notifies people of something that happened, as part of the caller's transaction:
 *
 *     const sent = await db.$transaction(async (tx) => {
 *       // … the action itself, its audit entry …
 *       return notifyPeople(tx, [question.authorId], {
 *         kind: "interviews.questionAnswered",
 *         params: { question: question.title },
 *         link: `/interviews/${session.id}#question-${question.id}`,
 *       });
 *     });
 *     void sent.afterCommit();
 *
 * Recipients are user ids; duplicates are notified once and deleted accounts not at all. Leave
 * out the person who acted, if they are among them: nobody needs news of their own action.
 */
export async function notifyPeople(
  tx: NotificationsTx,
  recipients: string[],
  notification: NotificationInput,
): Promise<SentNotifications> {
  if (!isForumPath(notification.link))
    throw new Error(`notifyPeople: the link must be a path inside the forum, got "${notification.link}"`);
  const wanted = [...new Set(recipients)].filter(isRecordId);
  const people = wanted.length
    ? await tx.user.findMany({ where: { id: { in: wanted }, deletedAt: null }, select: { id: true } })
    : [];
  if (!people.length) return { ids: [], afterCommit: () => Promise.resolve() };
  const params = JSON.stringify(shortened(notification.params ?? {}));
  const emailPending = mailSettings() !== null;
  const createdAt = new Date();
  const rows = people.map((person) => ({ id: randomUUID(), userId: person.id }));
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await insertNotifications(tx, rows.slice(start, start + INSERT_CHUNK), {
      ...notification,
      params,
      createdAt,
      emailPending,
    });
  }
  const ids = rows.map((row) => row.id);
  return {
    ids,
    afterCommit: () =>
      emailPending ? sendNotificationEmails(ids) : Promise.resolve(logSkippedEmails(ids, notification.kind)),
  };
}

/**
 * Rows per INSERT: 500 rows of 7 values stay far below both databases' limits on parameters
 * (SQLite 32766, PostgreSQL 65535).
 */
const INSERT_CHUNK = 500;

/**
 * Plain SQL, not createMany: a commitment's followers may be thousands, and this runs inside
 * the caller's transaction, which holds SQLite's only write lock. Measured here for 12,000
 * recipients: createMany took about 5 s (past Prisma's 5 s default for an interactive
 * transaction), this about 0.5 s on SQLite and 0.4 s on PostgreSQL. The values are bound
 * through the same driver adapter as Prisma's own writes, so dates and booleans are stored
 * exactly as Prisma stores them; the integration tests read these rows back through Prisma on
 * both databases.
 */
async function insertNotifications(
  tx: NotificationsTx,
  rows: Array<{ id: string; userId: string }>,
  values: { kind: string; params: string; link: string; createdAt: Date; emailPending: boolean },
) {
  const { kind, params, link, createdAt, emailPending } = values;
  const tuples = rows.map(
    ({ id, userId }) => Prisma.sql`(${id}, ${userId}, ${kind}, ${params}, ${link}, ${createdAt}, ${emailPending})`,
  );
  await tx.$executeRaw`INSERT INTO "Notification" ("id", "userId", "kind", "params", "link", "createdAt", "emailPending") VALUES ${Prisma.join(tuples)}`;
}

function isForumPath(link: string) {
  return (
    link.startsWith("/") &&
    !link.startsWith("//") &&
    !link.includes("\\") &&
    ![...link].some((c) => c < " " || c === "\x7f")
  );
}

function shortened(params: NotificationParams): NotificationParams {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      typeof value === "string" && value.length > PARAM_MAX_LENGTH
        ? `${[...value].slice(0, PARAM_MAX_LENGTH - 1).join("")}…`
        : value,
    ]),
  );
}

export interface NotificationView {
  id: string;
  kind: string;
  params: NotificationParams;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}

const VIEW = { id: true, kind: true, params: true, link: true, createdAt: true, readAt: true } as const;

/** One page of a person's notifications, newest first (pages count from 1). */
export async function listNotifications(userId: string, page: number) {
  const [rows, total] = await Promise.all([
    db.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (Math.max(1, page) - 1) * NOTIFICATIONS_PAGE_SIZE,
      take: NOTIFICATIONS_PAGE_SIZE,
      select: VIEW,
    }),
    db.notification.count({ where: { userId } }),
  ]);
  const notifications: NotificationView[] = rows.map((row) => ({ ...row, params: parseParams(row.params) }));
  return { notifications, total, pageCount: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)) };
}

/**
 * How many notifications the person has not read, up to UNREAD_COUNT_CAP: one COUNT on the
 * (userId, readAt) index, for the header of every signed-in page.
 */
export async function countUnread(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null }, take: UNREAD_COUNT_CAP });
}

/** Marks one of the person's own notifications as read; anyone else's id is "not found" and changes nothing. */
export async function markNotificationRead(userId: string, id: string): Promise<Outcome> {
  if (!isRecordId(id)) return { ok: false, field: "form", error: "notifications.notFound" };
  // The owner is part of the condition, so another person's id matches no row.
  const { count } = await db.notification.updateMany({
    where: { id, userId, readAt: null },
    data: { readAt: new Date() },
  });
  if (count === 0 && !(await db.notification.findFirst({ where: { id, userId }, select: { id: true } }))) {
    return { ok: false, field: "form", error: "notifications.notFound" };
  }
  return { ok: true, value: undefined };
}

export async function markAllNotificationsRead(userId: string): Promise<Outcome<{ count: number }>> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  return { ok: true, value: { count } };
}

/** Whether the person gets their notifications by email: null when the forum sends no emails at all. */
export async function notificationEmailsWanted(userId: string): Promise<boolean | null> {
  if (!mailSettings()) return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailNotifications: true } });
  return user?.emailNotifications ?? false;
}

/** For the person's data download: everything stored, as stored. */
export async function exportNotifications(userId: string) {
  const rows = await db.notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { kind: true, params: true, link: true, createdAt: true, readAt: true, emailedAt: true },
  });
  return rows.map((row) => ({ ...row, params: parseParams(row.params) }));
}

/** Part of deleting an account: call inside the deletion's transaction. */
export async function deleteNotificationsOf(tx: Pick<Db, "notification">, userId: string): Promise<void> {
  await tx.notification.deleteMany({ where: { userId } });
}

function retentionCutoff(now = Date.now()) {
  return new Date(now - NOTIFICATION_RETENTION_DAYS * 24 * 3600 * 1000);
}

/** Deletes every notification past the retention period; returns how many. */
export async function deleteExpiredNotifications(now = Date.now()): Promise<number> {
  const { count } = await db.notification.deleteMany({ where: { createdAt: { lte: retentionCutoff(now) } } });
  return count;
}
