import { db } from "~/db.server";
import { roleNames, type GrantableRole } from "~/shared/roles";

export async function getProfile(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: { roles: true, memberships: { include: { department: true } } },
  });
  return {
    email: user.email ?? "",
    displayName: user.displayName,
    locale: user.locale,
    textSize: user.textSize,
    createdAt: user.createdAt,
    roles: roleNames({ id: user.id, roles: user.roles.map((r) => r.name as GrantableRole), departmentIds: user.memberships.map((m) => m.departmentId) }),
    departments: user.memberships.map((m) => ({ nameZh: m.department.nameZh, nameEn: m.department.nameEn })),
  };
}
