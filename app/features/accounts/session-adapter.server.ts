import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Db } from "~/db.server";
import { GRANTABLE_ROLES, type GrantableRole } from "~/shared/roles";

// @lucia-auth/adapter-prisma only supports Prisma <= 5, so this is the small adapter lucia
// v3 asks for. It also loads roles and department memberships with the user, because every
// permission check needs them and it saves a query per request.
const LAST_USED_GRAIN_MS = 5 * 60 * 1000;

export class PrismaSessionAdapter implements Adapter {
  constructor(private readonly db: Db) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const session = await this.db.session.findUnique({
      where: { id: sessionId },
      include: { user: { include: { roles: true, memberships: true } } },
    });
    if (!session || session.user.deletedAt) return [null, null];
    await this.noteUse(session.id, session.lastUsedAt);
    return [
      { id: session.id, userId: session.userId, expiresAt: session.expiresAt, attributes: { userAgent: session.userAgent } },
      toDatabaseUser(session.user),
    ];
  }

  /**
   * Records that the session was used. At most every few minutes: a write on every page view
   * would cost more than the page, and "last used" needs no finer grain.
   */
  private async noteUse(sessionId: string, lastUsedAt: Date) {
    if (Date.now() - lastUsedAt.getTime() < LAST_USED_GRAIN_MS) return;
    await this.db.session.updateMany({ where: { id: sessionId }, data: { lastUsedAt: new Date() } });
  }

  /** The people behind many sessions at once, for sessions that are still valid now. */
  async getActiveSessionUsers(sessionIds: string[]): Promise<Map<string, DatabaseUser>> {
    const sessions = await this.db.session.findMany({
      where: { id: { in: sessionIds }, expiresAt: { gt: new Date() }, user: { deletedAt: null } },
      include: { user: { include: { roles: true, memberships: true } } },
    });
    return new Map(sessions.map((session) => [session.id, toDatabaseUser(session.user)]));
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const sessions = await this.db.session.findMany({ where: { userId } });
    return sessions.map((s) => ({ id: s.id, userId: s.userId, expiresAt: s.expiresAt, attributes: { userAgent: s.userAgent } }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const { userAgent } = session.attributes as { userAgent?: string | null };
    await this.db.session.create({
      data: { id: session.id, userId: session.userId, expiresAt: session.expiresAt, userAgent: userAgent ?? null },
    });
  }

  // Sessions have an absolute 30-day lifetime (see the data policy): lucia's sliding extension
  // would move only the server's copy, keeping a stolen cookie valid for ever.
  async updateSessionExpiration(): Promise<void> {}

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: sessionId } });
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { userId } });
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  }
}

type UserWithRoles = Awaited<ReturnType<Db["user"]["findUniqueOrThrow"]>> & {
  roles: Array<{ name: string }>;
  memberships: Array<{ departmentId: string }>;
};

function toDatabaseUser(user: UserWithRoles): DatabaseUser {
  return {
    id: user.id,
    attributes: {
      email: user.email ?? "",
      displayName: user.displayName,
      locale: user.locale,
      textSize: user.textSize,
      roles: user.roles.map((role) => role.name).filter(isGrantableRole),
      departmentIds: user.memberships.map((membership) => membership.departmentId),
    },
  };
}

function isGrantableRole(name: string): name is GrantableRole {
  return (GRANTABLE_ROLES as readonly string[]).includes(name);
}
