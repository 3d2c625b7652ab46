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
  | "holidays.set"
  | "session.revoke"
  | "account.delete"
  | "administrator.create"
  | "password.resetCode.issue"
  | "password.reset"
  | "password.change"
  | "interview.schedule"
  | "interview.update"
  | "interview.open"
  | "interview.end"
  | "interview.close"
  | "interview.reopen"
  | "interview.minutes"
  | "question.enter"
  | "question.approve"
  | "question.reject"
  | "question.edit"
  | "question.merge"
  | "question.reassign"
  | "question.sendBack"
  | "question.hide"
  | "question.republish"
  | "question.answer"
  | "question.answerForGuest"
  | "question.told"
  | "question.rateOffline"
  | "question.correctAnswer"
  | "question.withdrawAnswer"
  | "commitment.create"
  | "commitment.update"
  | "progressReport.post"
  | "area.create"
  | "area.rename"
  | "cycle.create"
  | "cycle.update"
  | "cycle.phase"
  | "proposal.enter"
  | "proposal.merge"
  | "proposal.decline"
  | "proposal.shortlist"
  | "proposal.unshortlist"
  | "proposal.undoMerge"
  | "proposal.undoDecline"
  | "proposal.skipReason"
  | "resident.verify"
  | "verificationCode.redeem"
  | "verificationCodes.generate"
  | "paperBatch.enter"
  | "paperBatch.confirm"
  | "paperBatch.delete"
  | "paperBatch.requestDeletion"
  | "paperBallot.handOut"
  | "cycle.voteClose"
  | "result.correctionPropose"
  | "result.correctionConfirm"
  | "result.correctionWithdraw"
  | "policy.create"
  | "policy.update"
  | "policy.status"
  | "policyVersion.publish"
  | "passageComment.outcome"
  | "passageComment.hide"
  | "policy.adopt"
  | "policy.protect"
  | "policy.unprotect"
  | "policy.blockEditor"
  | "policy.unblockEditor"
  | "revision.restore"
  | "policy.changeMode"
  | "suggestion.accept"
  | "suggestion.reject"
  | "suggestion.hide";

/** Who acted: a person as the permission checks saw them, or null for the command line. */
export type AuditActor = Actor & { displayName: string };

export interface AuditRecord {
  actor: AuditActor | null;
  action: AuditAction;
  targetType:
    | "user"
    | "department"
    | "session"
    | "interviewSession"
    | "question"
    | "commitment"
    | "area"
    | "cycle"
    | "proposal"
    | "paperBatch"
    | "policy"
    | "passageComment"
    | "suggestion"
    | "holidays";
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
      actorRoles: actor
        ? roleNames(actor)
            .filter((role) => role !== "resident")
            .join(",")
        : "",
      detail: detail ? JSON.stringify(detail) : null,
    },
  });
}

/**
 * Rewrites the details of the audit entries that mention `id` (as their target or in their
 * detail), inside the caller's transaction: for personal data a moderator removed from what an
 * entry quoted. `change` returns the new detail, or the same object to leave the entry alone.
 * The act itself (who, what, when) is never rewritten.
 */
export async function rewriteAuditDetails(
  tx: Tx,
  id: string,
  change: (
    detail: Record<string, unknown>,
    entry: { targetType: string; targetId: string; action: string },
  ) => Record<string, unknown>,
): Promise<number> {
  const entries = await tx.auditEntry.findMany({
    where: { OR: [{ targetId: id }, { detail: { contains: id } }] },
    select: { id: true, targetType: true, targetId: true, action: true, detail: true },
  });
  let changed = 0;
  for (const entry of entries) {
    if (!entry.detail) continue;
    const detail = parseDetail(entry.detail);
    const next = change(detail, entry);
    if (next === detail) continue;
    await tx.auditEntry.update({ where: { id: entry.id }, data: { detail: JSON.stringify(next) } });
    changed += 1;
  }
  return changed;
}

/**
 * A person acting on their own account (deleting it) is not a public act: the row keeps the
 * account reference only, so that their name is erased with the rest of their personal data.
 */
export function personalActor(userId: string): AuditActor {
  return { id: userId, displayName: "", roles: [], departmentIds: [] };
}

export const AUDIT_PAGE_SIZE = 50;

/** One audit row as the log page shows it: who did what to whom, in words, not ids and JSON. */
export interface AuditView {
  id: string;
  createdAt: Date;
  action: AuditAction;
  /** null for the command line. */
  actor: { id: string | null; name: string; roles: string[] } | null;
  person?: { id: string; name: string; deleted: boolean };
  department?: { id: string | null; nameZh: string; nameEn: string };
  role?: string;
  sessions?: number;
  /** An interview session, named by its title at the time. */
  interview?: { id: string; title: string };
  /** A question, by its first words at the time, in its session. */
  question?: {
    id: string;
    sessionId: string;
    excerpt: string;
    channel?: string;
    reason?: string;
    /** Why a moderator edited it (a key of `interviews.moderation.editReasons`); the removed text is not kept. */
    editReason?: string;
    /** The guest an official typed the answer for. */
    guest?: string;
  };
  /** An area, a priority cycle or a proposal, by its name or title at the time, and where it is. */
  priority?: { title: string; href: string | null; phase?: string; channel?: string; reason?: string };
  /** One year's public holidays, as they were set. */
  holidays?: { year: string; daysOff: number; workingDays: number };
}

export async function listAuditEntries(page: number) {
  const [entries, total] = await Promise.all([
    db.auditEntry.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    db.auditEntry.count(),
  ]);
  return {
    entries: await describeAuditEntries(entries),
    total,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
  };
}

type Row = Awaited<ReturnType<typeof db.auditEntry.findMany>>[number];
type DepartmentNames = { nameZh: string; nameEn: string };

async function describeAuditEntries(rows: Row[]): Promise<AuditView[]> {
  const details = new Map(rows.map((row) => [row.id, parseDetail(row.detail)]));
  const userIds = new Set(
    rows
      .flatMap((row) => [row.targetType === "user" ? row.targetId : null, row.actorName ? null : row.actorId])
      .filter((id): id is string => !!id),
  );
  const departmentIds = new Set(
    rows
      .flatMap((row) => [
        row.targetType === "department" ? row.targetId : null,
        stringField(details.get(row.id), "departmentId"),
      ])
      .filter((id): id is string => !!id),
  );
  const [users, departments] = await Promise.all([
    db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true, deletedAt: true } }),
    db.department.findMany({
      where: { id: { in: [...departmentIds] } },
      select: { id: true, nameZh: true, nameEn: true },
    }),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const departmentById = new Map(departments.map((department) => [department.id, department]));

  // A personal act (setting one's own password, deleting one's account) keeps no name on the row:
  // it shows the person's name for as long as the account exists, and "Deleted account" after.
  const currentName = (userId: string | null) => {
    const user = userId ? userById.get(userId) : undefined;
    return user && !user.deletedAt ? user.displayName : "";
  };

  return rows.map((row) => {
    const detail = details.get(row.id) ?? {};
    const view: AuditView = {
      id: row.id,
      createdAt: row.createdAt,
      action: row.action as AuditAction,
      actor:
        row.actorId === null && !row.actorName
          ? null
          : {
              id: row.actorId,
              name: row.actorName || currentName(row.actorId),
              roles: row.actorRoles ? row.actorRoles.split(",") : [],
            },
    };
    if (row.targetType === "user") {
      const user = userById.get(row.targetId);
      view.person = { id: row.targetId, name: user?.displayName ?? "", deleted: !user || !!user.deletedAt };
    }
    const departmentId = row.targetType === "department" ? row.targetId : stringField(detail, "departmentId");
    if (departmentId) {
      const current = departmentById.get(departmentId);
      // A deleted department is named from the row itself, which kept its names.
      const recorded = namesIn(detail) ?? namesIn(detail.after) ?? namesIn(detail.before);
      const names = current ?? recorded;
      view.department = {
        id: current ? departmentId : null,
        nameZh: names?.nameZh ?? departmentId,
        nameEn: names?.nameEn ?? departmentId,
      };
    }
    if (row.targetType === "interviewSession")
      view.interview = { id: row.targetId, title: stringField(detail, "title") ?? "" };
    if (row.targetType === "question") {
      view.question = {
        id: row.targetId,
        sessionId: stringField(detail, "sessionId") ?? "",
        excerpt: stringField(detail, "excerpt") ?? "",
      };
      for (const key of ["channel", "reason", "editReason", "guest"] as const) {
        const value = stringField(detail, key);
        if (value) view.question[key] = value;
      }
    }
    if (row.targetType === "area" || row.targetType === "cycle" || row.targetType === "proposal") {
      const cycleId = row.targetType === "cycle" ? row.targetId : stringField(detail, "cycleId");
      const href =
        row.targetType === "area"
          ? "/admin/areas"
          : row.targetType === "cycle"
            ? `/priorities/${row.targetId}`
            : cycleId
              ? `/priorities/${cycleId}/proposals/${row.targetId}`
              : null;
      view.priority = { title: stringField(detail, "title") ?? "", href };
      for (const key of ["phase", "channel", "reason"] as const) {
        const value = stringField(detail, key);
        if (value) view.priority[key] = value;
      }
    }
    if (row.targetType === "holidays") {
      const count = (key: string) => (Array.isArray(detail[key]) ? (detail[key] as unknown[]).length : 0);
      view.holidays = { year: row.targetId, daysOff: count("daysOff"), workingDays: count("workingDays") };
    }
    const role = stringField(detail, "role");
    if (role) view.role = role;
    if (typeof detail.sessions === "number") view.sessions = detail.sessions;
    return view;
  });
}

function parseDetail(detail: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = detail ? JSON.parse(detail) : {};
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(detail: Record<string, unknown> | undefined, key: string): string | null {
  const value = detail?.[key];
  return typeof value === "string" ? value : null;
}

function namesIn(value: unknown): DepartmentNames | null {
  const names = value as Partial<DepartmentNames> | undefined;
  return typeof names?.nameZh === "string" && typeof names.nameEn === "string"
    ? { nameZh: names.nameZh, nameEn: names.nameEn }
    : null;
}
