import { db, type Db } from "~/db.server";

/** Anything that changes who may do what is recorded, so that the record can be checked later. */
export type AuditAction =
  | "role.grant"
  | "role.revoke"
  | "membership.add"
  | "membership.remove"
  | "department.create"
  | "department.update"
  | "department.delete"
  | "session.revoke"
  | "account.delete"
  | "administrator.create";

export interface AuditRecord {
  actorId: string | null;
  action: AuditAction;
  targetType: "user" | "department" | "session";
  targetId: string;
  detail?: Record<string, unknown>;
}

type Tx = Pick<Db, "auditEntry">;

/** Call inside the same transaction as the change, so that no change goes unrecorded. */
export async function recordAudit(tx: Tx, record: AuditRecord): Promise<void> {
  await tx.auditEntry.create({
    data: { ...record, detail: record.detail ? JSON.stringify(record.detail) : null },
  });
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEntries(page: number) {
  const [entries, total] = await Promise.all([
    db.auditEntry.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { actor: { select: { id: true, displayName: true } } },
    }),
    db.auditEntry.count(),
  ]);
  return { entries, total, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
