import { db } from "~/db.server";
import type { AuditAction } from "~/features/audit/audit.server";

// The account's security page: every password reset code given out for the account and every
// change of its password, so that a person whose account someone tried to take over can see it.
// Read from the audit log, the durable record: issuing a code deletes the unused codes before
// it, so the code rows alone would forget the attempts that matter most.

export const SECURITY_PAGE_SIZE = 20;
const PASSWORD_ACTIONS: AuditAction[] = ["password.resetCode.issue", "password.reset", "password.change"];

/** A code given out for the account: by whom (as the audit log kept them), until when, and its use. */
export interface ResetCodeEvent {
  id: string;
  kind: "codeIssued";
  at: Date;
  /** The name and roles the audit log kept; null for the command line. */
  by: { name: string; roles: string[] } | null;
  expiresAt: Date | null;
  /** "used" at usedAt; "open" while it still works; "unused" once it expired or a newer code replaced it. */
  use: "used" | "open" | "unused";
  usedAt: Date | null;
}

export type PasswordEvent = ResetCodeEvent | { id: string; kind: "passwordReset" | "passwordChanged"; at: Date };

/** One page of the account's password events, newest first (pages count from 1). */
export async function listPasswordEvents(userId: string, page: number, now = new Date()) {
  const where = { targetType: "user", targetId: userId, action: { in: PASSWORD_ACTIONS } };
  const [rows, total] = await Promise.all([
    db.auditEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (Math.max(1, page) - 1) * SECURITY_PAGE_SIZE,
      take: SECURITY_PAGE_SIZE,
      select: { id: true, action: true, createdAt: true, actorName: true, actorRoles: true, detail: true },
    }),
    db.auditEntry.count({ where }),
  ]);
  const expiries = new Map(
    rows.map((row) => [row.id, row.action === "password.resetCode.issue" ? expiryIn(row.detail) : null]),
  );
  const wanted = [...expiries.values()].filter((date): date is Date => date !== null);
  // A code row is found by its expiry, which the audit row kept to the millisecond; a code that
  // is gone was replaced by a newer one before anyone used it (used codes are kept).
  const codes = wanted.length
    ? await db.passwordResetCode.findMany({
        where: { userId, expiresAt: { in: wanted } },
        select: { expiresAt: true, usedAt: true },
      })
    : [];
  const codeByExpiry = new Map(codes.map((code) => [code.expiresAt.getTime(), code]));
  const events: PasswordEvent[] = rows.map((row) => {
    if (row.action === "password.reset") return { id: row.id, kind: "passwordReset", at: row.createdAt };
    if (row.action === "password.change") return { id: row.id, kind: "passwordChanged", at: row.createdAt };
    const expiresAt = expiries.get(row.id) ?? null;
    const code = expiresAt ? codeByExpiry.get(expiresAt.getTime()) : undefined;
    const roles = row.actorRoles ? row.actorRoles.split(",") : [];
    return {
      id: row.id,
      kind: "codeIssued",
      at: row.createdAt,
      by: row.actorName || roles.length ? { name: row.actorName, roles } : null,
      expiresAt,
      use: code?.usedAt ? "used" : code && code.expiresAt > now ? "open" : "unused",
      usedAt: code?.usedAt ?? null,
    };
  });
  return { events, total, pageCount: Math.max(1, Math.ceil(total / SECURITY_PAGE_SIZE)) };
}

function expiryIn(detail: string | null): Date | null {
  try {
    const value: unknown = detail ? (JSON.parse(detail) as { expiresAt?: unknown }).expiresAt : null;
    const date = typeof value === "string" ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  } catch {
    return null;
  }
}
