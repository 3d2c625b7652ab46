// The rule that the forum always keeps an administrator: checked when a role is revoked (roles)
// and when an account is deleted (accounts), so it sits below both.
import { databaseProvider } from "~/database.server";
import type { Db } from "~/db.server";

/** Whether removing this person's administrator role would leave the forum without one. */
async function isLastAdministrator(tx: Pick<Db, "role">, userId: string): Promise<boolean> {
  const [holds, others] = await Promise.all([
    tx.role.count({ where: { userId, name: "administrator" } }),
    tx.role.count({ where: { name: "administrator", userId: { not: userId } } }),
  ]);
  return holds > 0 && others === 0;
}

/**
 * Whether this person losing the administrator role now would leave the forum without one. Call
 * inside the transaction that removes the role. Two administrators revoking each other at the
 * same moment must not both succeed: on PostgreSQL (READ COMMITTED) each would count the other
 * as still there, so the rows are locked first and the second transaction counts only after the
 * first has committed. SQLite already runs one writing transaction at a time.
 */
export async function wouldLeaveNoAdministrator(tx: Pick<Db, "role" | "$queryRaw">, userId: string): Promise<boolean> {
  if (databaseProvider() === "postgresql") {
    await tx.$queryRaw`SELECT "userId" FROM "Role" WHERE "name" = 'administrator' FOR UPDATE`;
  }
  return isLastAdministrator(tx, userId);
}
