import type { User } from "lucia";
import { db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { wouldLeaveNoAdministrator } from "~/shared/administrators.server";
import type { Outcome } from "~/shared/outcome";
import { foldForSearch } from "~/features/accounts/display-name";
import { isRecordId } from "~/validation";
import type { RoleChange } from "./schemas";

export const USER_PAGE_SIZE = 25;

export async function listUsers({ q, page }: { q: string; page: number }) {
  const where = {
    deletedAt: null,
    ...(q
      ? { OR: [{ email: { contains: foldForSearch(q) } }, { displayNameFolded: { contains: foldForSearch(q) } }] }
      : {}),
  };
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * USER_PAGE_SIZE,
      take: USER_PAGE_SIZE,
      select: {
        id: true,
        email: true,
        displayName: true,
        createdAt: true,
        roles: { select: { name: true } },
        memberships: { select: { department: { select: { nameZh: true, nameEn: true } } } },
      },
    }),
    db.user.count({ where }),
  ]);
  return { users, total, pageCount: Math.max(1, Math.ceil(total / USER_PAGE_SIZE)) };
}

export async function getUserForAdmin(id: string) {
  if (!isRecordId(id)) return null;
  return db.user.findFirst({
    where: { id, deletedAt: null },
    select: {
      id: true,
      email: true,
      displayName: true,
      createdAt: true,
      _count: { select: { sessions: { where: { expiresAt: { gt: new Date() } } } } },
      roles: { select: { name: true, grantedAt: true } },
      memberships: { select: { departmentId: true, department: { select: { nameZh: true, nameEn: true } } } },
    },
  });
}

/**
 * Grants or revokes a role, or adds or removes a department membership (which is what makes
 * someone an official). A change that would change nothing is refused with a message and
 * writes no audit row: the log must record only what happened. The forum must never be left
 * without an administrator.
 */
export async function changeRole(actor: User, userId: string, change: RoleChange): Promise<Outcome> {
  const target =
    isRecordId(userId) && (await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } }));
  if (!target) return refuse("form", "admin.users.notFound");
  return db.$transaction(async (tx) => {
    const audit = (action: Parameters<typeof recordAudit>[1]["action"], detail: Record<string, unknown>) =>
      recordAudit(tx, { actor, action, targetType: "user", targetId: userId, detail });
    switch (change.intent) {
      case "grantRole": {
        const held = await tx.role.findUnique({ where: { userId_name: { userId, name: change.role } } });
        if (held) return refuse("form", "admin.users.alreadyHeld");
        await tx.role.create({ data: { userId, name: change.role } });
        await audit("role.grant", { role: change.role });
        break;
      }
      case "revokeRole": {
        if (change.role === "administrator" && (await wouldLeaveNoAdministrator(tx, userId))) {
          return refuse("form", "admin.users.lastAdministrator");
        }
        const held = await tx.role.findUnique({ where: { userId_name: { userId, name: change.role } } });
        if (!held) return refuse("form", "admin.users.roleNotHeld");
        await tx.role.delete({ where: { userId_name: { userId, name: change.role } } });
        await audit("role.revoke", { role: change.role });
        break;
      }
      case "addMembership": {
        const department = await tx.department.findUnique({ where: { id: change.departmentId }, select: { id: true } });
        if (!department) return refuse("departmentId", "validation.choose");
        const member = await tx.membership.findUnique({
          where: { userId_departmentId: { userId, departmentId: department.id } },
        });
        if (member) return refuse("departmentId", "admin.users.alreadyMember");
        await tx.membership.create({ data: { userId, departmentId: department.id } });
        await audit("membership.add", { departmentId: department.id });
        break;
      }
      case "removeMembership": {
        const { count } = await tx.membership.deleteMany({ where: { userId, departmentId: change.departmentId } });
        if (count === 0) return refuse("form", "admin.users.notMember");
        await audit("membership.remove", { departmentId: change.departmentId });
        break;
      }
    }
    return { ok: true as const, value: undefined };
  });
}

const refuse = (field: string, error: string) => ({ ok: false as const, field, error });
