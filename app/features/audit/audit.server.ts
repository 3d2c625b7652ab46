import { db, type Db } from "~/db.server";
import { roleNames, type Actor } from "~/shared/roles";

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
  | "administrator.create"
  | "password.resetCode.issue"
  | "password.reset";

/** Who acted: a person as the permission checks saw them, or null for the command line. */
export type AuditActor = Actor & { displayName: string };

export interface AuditRecord {
  actor: AuditActor | null;
  action: AuditAction;
  targetType: "user" | "department" | "session";
  targetId: string;
  detail?: Record<string, unknown>;
}

type Tx = Pick<Db, "auditEntry">;

/** Call inside the same transaction as the change, so that no change goes unrecorded. */
export async function recordAudit(tx: Tx, { actor, detail, ...record }: AuditRecord): Promise<void> {
  await tx.auditEntry.create({
    data: {
      ...record,
      actorId: actor?.id ?? null,
      // Kept with the row: see the schema. Roles beyond "resident", e.g. "official,administrator".
      actorName: actor?.displayName ?? "",
      actorRoles: actor ? roleNames(actor).filter((role) => role !== "resident").join(",") : "",
      detail: detail ? JSON.stringify(detail) : null,
    },
  });
}

/**
 * A person acting on their own account (deleting it) is not a public act: the row keeps the
 * account reference only, so that their name is erased with the rest of their personal data.
 */
export function personalActor(userId: string): AuditActor {
  return { id: userId, displayName: "", roles: [], departmentIds: [] };
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEntries(page: number) {
  const [entries, total] = await Promise.all([
    db.auditEntry.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { actor: { select: { id: true, deletedAt: true } } },
    }),
    db.auditEntry.count(),
  ]);
  return { entries, total, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
