import type { User } from "lucia";
import { db } from "~/db.server";
import { roleNames } from "~/shared/roles";

/**
 * What the profile page shows, from the person the session lookup has already loaded: only the
 * names of their departments need a query, and most people have none (docs/decisions/0006).
 */
export async function getProfile(user: User) {
  const departments = user.departmentIds.length
    ? await db.department.findMany({
        where: { id: { in: user.departmentIds } },
        select: { id: true, nameZh: true, nameEn: true },
      })
    : [];
  const byId = new Map(departments.map(({ id, nameZh, nameEn }) => [id, { nameZh, nameEn }]));
  return {
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    textSize: user.textSize,
    emailNotifications: user.emailNotifications,
    createdAt: user.createdAt,
    roles: roleNames(user),
    // In membership order, as before; a department deleted since the session was read drops out.
    departments: user.departmentIds.flatMap((id) => byId.get(id) ?? []),
  };
}
