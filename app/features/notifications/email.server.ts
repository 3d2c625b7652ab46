// Notifications by email, through nodemailer (decision 0010), when SMTP_URL is set. A
// notification is written with emailPending = true; its email is sent after the action's
// transaction commits and retried by deliverPendingEmails while the mail server is away.
//
// Logs never hold an email address, a name or a message's text: only notification ids, kinds
// and the mail server's error codes. The forum's log is read by operators who are not meant to
// read residents' news, and an SMTP error's text often repeats the recipient's address.
import nodemailer from "nodemailer";
import { db } from "~/db.server";
import { FALLBACK_LANGUAGE, isLanguage } from "~/i18n/config";
import { i18nextFor } from "~/i18n/i18next.server";
import { parseParams, renderNotification } from "./kinds";

export interface MailSettings {
  /** e.g. smtp://user:password@mail.example.org:587 (smtps:// for TLS from the start). */
  url: string;
  /** The sender, e.g. "Civic Forum <forum@city.example>". */
  from: string;
}

/** Read on every use, so that a change of SMTP_URL needs no code to notice it (tests use that). */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  return { url, from: env.MAIL_FROM?.trim() || defaultSender(url) };
}

/** The SMTP user when it is an address (as with most providers), else no-reply at the mail host. */
function defaultSender(url: string) {
  try {
    const parsed = new URL(url);
    const user = decodeURIComponent(parsed.username);
    return user.includes("@") ? user : `no-reply@${parsed.hostname}`;
  } catch {
    return "no-reply@localhost";
  }
}

/** The address in emails' links: PUBLIC_URL, e.g. https://forum.city.example, without a trailing slash. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, "");
}

/** A pending email is retried for this long; past it, late news by email would only confuse. */
export const EMAIL_RETRY_HOURS = 48;
const SWEEP_BATCH = 200;

/** Without SMTP_URL: one line per email that would have been sent, with nothing personal in it. */
export function logSkippedEmails(ids: string[], kind: string): void {
  for (const id of ids) console.log(`notifications: no SMTP_URL, no email for notification ${id} (${kind})`);
}

/**
 * Sends the emails of these notifications that are still pending, each in its recipient's
 * language, and only to people who keep email notifications on. Never rejects.
 */
export async function sendNotificationEmails(ids: string[]): Promise<void> {
  try {
    for (let start = 0; start < ids.length; start += SWEEP_BATCH) {
      await deliver({ id: { in: ids.slice(start, start + SWEEP_BATCH) }, emailPending: true });
    }
  } catch (error) {
    console.error("notifications: sending emails failed; they stay pending and are retried", errorCode(error));
  }
}

/**
 * Sends (again) every pending email young enough to be worth sending, and gives up on older
 * ones. server.ts runs it every few minutes; it is also safe to run at the same time as
 * sendNotificationEmails: each email is claimed by one sender before it is sent.
 */
export async function deliverPendingEmails(now = Date.now()): Promise<{ sent: number; failed: number }> {
  const oldest = new Date(now - EMAIL_RETRY_HOURS * 3600 * 1000);
  const abandoned = await db.notification.updateMany({
    where: { emailPending: true, createdAt: { lt: oldest } },
    data: { emailPending: false },
  });
  if (abandoned.count)
    console.log(`notifications: gave up on ${abandoned.count} email(s) older than ${EMAIL_RETRY_HOURS} hours`);
  return deliver({ emailPending: true, createdAt: { gte: oldest } });
}

type PendingFilter = NonNullable<Parameters<typeof db.notification.findMany>[0]>["where"];

async function deliver(where: PendingFilter): Promise<{ sent: number; failed: number }> {
  const settings = mailSettings();
  const rows = await db.notification.findMany({
    where,
    orderBy: { createdAt: "asc" },
    take: SWEEP_BATCH,
    select: {
      id: true,
      kind: true,
      params: true,
      link: true,
      user: { select: { email: true, displayName: true, locale: true, emailNotifications: true, deletedAt: true } },
    },
  });
  if (!rows.length) return { sent: 0, failed: 0 };
  if (!settings) {
    // SMTP_URL was removed since these were written: nothing will send them.
    await db.notification.updateMany({
      where: { id: { in: rows.map((row) => row.id) } },
      data: { emailPending: false },
    });
    for (const row of rows) logSkippedEmails([row.id], row.kind);
    return { sent: 0, failed: 0 };
  }
  const unwanted = rows
    .filter(({ user }) => !user.emailNotifications || user.deletedAt || !user.email)
    .map((row) => row.id);
  if (unwanted.length)
    await db.notification.updateMany({ where: { id: { in: unwanted } }, data: { emailPending: false } });
  const wanted = rows.filter((row) => !unwanted.includes(row.id));
  if (!wanted.length) return { sent: 0, failed: 0 };

  const transport = nodemailer.createTransport({
    url: settings.url,
    pool: true,
    maxConnections: 2,
    // An unreachable or stalled server must not hold emails (or the process) for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  let sent = 0;
  let failed = 0;
  try {
    await Promise.all(
      wanted.map(async (row) => {
        if (!(await claim(row.id))) return; // another sender has it
        try {
          await transport.sendMail({ from: settings.from, to: row.user.email!, ...composeEmail(row) });
          await db.notification.updateMany({ where: { id: row.id }, data: { emailedAt: new Date() } });
          sent++;
        } catch (error) {
          failed++;
          await db.notification.updateMany({ where: { id: row.id }, data: { emailPending: true } });
          console.error(`notifications: email for notification ${row.id} not sent (${errorCode(error)}); will retry`);
        }
      }),
    );
  } finally {
    transport.close();
  }
  return { sent, failed };
}

/** Takes a pending email for this sender; false when another sender took it first. */
async function claim(id: string): Promise<boolean> {
  const { count } = await db.notification.updateMany({
    where: { id, emailPending: true },
    data: { emailPending: false },
  });
  return count === 1;
}

interface EmailSource {
  kind: string;
  params: string;
  link: string;
  user: { displayName: string; locale: string };
}

/** The email of one notification, in its recipient's language (the profile's, else Chinese). */
export function composeEmail({ kind, params, link, user }: EmailSource) {
  const locale = isLanguage(user.locale) ? user.locale : FALLBACK_LANGUAGE;
  const t = i18nextFor(locale).getFixedT(locale);
  const message = renderNotification({ kind, params: parseParams(params) }, t, locale);
  const base = publicUrl();
  const text = [
    t("notifications.email.greeting", { name: user.displayName }),
    "",
    message,
    "",
    t("notifications.email.open"),
    `${base}${link}`,
    "",
    "-- ",
    t("notifications.email.why"),
    `${base}/account`,
  ].join("\n");
  // A line break in a parameter (residents' text) cannot reach the headers: nodemailer folds
  // header values (the tests send one).
  return { subject: `${message} · ${t("shell.siteName")}`, text, headers: { "Content-Language": locale } };
}

/** What may be logged of a failure: the code, never the server's text (it may hold the address). */
function errorCode(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return (
    [code, responseCode].filter((part) => typeof part === "string" || typeof part === "number").join(" ") ||
    "unknown error"
  );
}
