import type { User } from "lucia";
import { db, type Db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import type { Outcome } from "~/features/accounts/accounts.server";
import type { RoleChange } from "./schemas";

export const USER_PAGE_SIZE = 25;

/** Whether removing this person's administrator role would leave the forum without one. */
export async function isLastAdministrator(tx: Pick<Db, "role">, userId: string): Promise<boolean> {
  const [holds, others] = await Promise.all([
    tx.role.count({ where: { userId, name: "administrator" } }),
    tx.role.count({ where: { name: "administrator", userId: { not: userId } } }),
  ]);
  return holds > 0 && others === 0;
}

export async function listUsers({ q, page }: { q: string; page: number }) {
  const where = {
    deletedAt: null,
    ...(q ? { OR: [{ email: { contains: q.toLowerCase() } }, { displayName: { contains: q } }] } : {}),
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
 * someone an official). The forum must never be left without an administrator.
 */
export async function changeRole(actor: User, userId: string, change: RoleChange): Promise<Outcome> {
  const target = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } });
  if (!target) return { ok: false, field: "form", error: "admin.users.notFound" };
  return db.$transaction(async (tx) => {
    const audit = (action: Parameters<typeof recordAudit>[1]["action"], detail: Record<string, unknown>) =>
      recordAudit(tx, { actorId: actor.id, action, targetType: "user", targetId: userId, detail });
    switch (change.intent) {
      case "grantRole":
        await tx.role.upsert({ where: { userId_name: { userId, name: change.role } }, create: { userId, name: change.role }, update: {} });
        await audit("role.grant", { role: change.role });
        break;
      case "revokeRole": {
        if (change.role === "administrator" && (await isLastAdministrator(tx, userId))) {
          return { ok: false as const, field: "form", error: "admin.users.lastAdministrator" };
        }
        await tx.role.deleteMany({ where: { userId, name: change.role } });
        await audit("role.revoke", { role: change.role });
        break;
      }
      case "addMembership": {
        const department = await tx.department.findUnique({ where: { id: change.departmentId }, select: { id: true } });
        if (!department) return { ok: false as const, field: "departmentId", error: "validation.choose" };
        await tx.membership.upsert({
          where: { userId_departmentId: { userId, departmentId: department.id } },
          create: { userId, departmentId: department.id },
          update: {},
        });
        await audit("membership.add", { departmentId: department.id });
        break;
      }
      case "removeMembership":
        await tx.membership.deleteMany({ where: { userId, departmentId: change.departmentId } });
        await audit("membership.remove", { departmentId: change.departmentId });
        break;
    }
    return { ok: true as const, value: undefined };
  });
}
