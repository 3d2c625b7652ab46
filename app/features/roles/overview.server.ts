import { db } from "~/db.server";

/** The counts on the admin overview, computed from the records. */
export async function adminOverview() {
  const [users, departments, officials, moderators, administrators, auditEntries] = await Promise.all([
    db.user.count({ where: { deletedAt: null } }),
    db.department.count(),
    db.user.count({ where: { deletedAt: null, memberships: { some: {} } } }),
    db.role.count({ where: { name: "moderator" } }),
    db.role.count({ where: { name: "administrator" } }),
    db.auditEntry.count(),
  ]);
  return { users, departments, officials, moderators, administrators, auditEntries };
}
