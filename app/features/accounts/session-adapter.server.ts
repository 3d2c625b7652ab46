import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Db } from "~/db.server";
import { GRANTABLE_ROLES, type GrantableRole } from "~/shared/roles";

// @lucia-auth/adapter-prisma only supports Prisma <= 5, so this is the small adapter lucia
// v3 asks for. It also loads roles and department memberships with the user, because every
// permission check needs them and it saves a query per request.
const LAST_USED_GRAIN_MS = 5 * 60 * 1000;

export class PrismaSessionAdapter implements Adapter {
  constructor(private readonly db: Db) {}

  /**
   * The session, its person, their roles and department memberships in one statement, with the
   * person's unread notifications, which the header of every signed-in page shows (docs/decisions/0006: a
   * query of its own cost a tenth of the resident's page). Through
   * Prisma's include this was four queries, and each Prisma query costs about a tenth of a
   * millisecond of CPU whatever it does: the lookup was a fifth of a signed-in page (docs/decisions/0006).
   * Rows are the person's roles times their memberships (a handful at most).
   */
  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const rows = await this.db.$queryRaw<SessionRow[]>`
      SELECT s."id", s."userId", s."expiresAt", s."lastUsedAt", s."userAgent",
             u."email", u."displayName", u."locale", u."textSize", u."createdAt", u."deletedAt", u."emailNotifications",
             r."name" AS "role", m."departmentId",
             CAST((SELECT COUNT(*) FROM "Notification" n WHERE n."userId" = s."userId" AND n."readAt" IS NULL) AS INTEGER) AS "unread"
      FROM "Session" s
      JOIN "User" u ON u."id" = s."userId"
      LEFT JOIN "Role" r ON r."userId" = u."id"
      LEFT JOIN "Membership" m ON m."userId" = u."id"
      WHERE s."id" = ${sessionId}`;
    const [session] = rows;
    if (!session || session.deletedAt) return [null, null];
    await this.noteUse(session.id, session.lastUsedAt);
    return [
      {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        attributes: { userAgent: session.userAgent },
      },
      toDatabaseUser({
        ...session,
        id: session.userId,
        roles: distinct(rows.map((row) => row.role)).map((name) => ({ name })),
        memberships: distinct(rows.map((row) => row.departmentId)).map((departmentId) => ({ departmentId })),
      }),
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
    return sessions.map((s) => ({
      id: s.id,
      userId: s.userId,
      expiresAt: s.expiresAt,
      attributes: { userAgent: s.userAgent },
    }));
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

interface SessionRow {
  id: string;
  userId: string;
  expiresAt: Date;
  lastUsedAt: Date;
  userAgent: string | null;
  email: string | null;
  displayName: string;
  locale: string;
  textSize: string;
  createdAt: Date;
  deletedAt: Date | null;
  // SQLite answers a raw query's boolean as 0 or 1, PostgreSQL as a boolean.
  emailNotifications: boolean | number;
  role: string | null;
  departmentId: string | null;
  // A number on both databases (CAST), for the header's unread count.
  unread: number;
}

/** The values present, once each, sorted: the order Prisma's include gave (the tables' keys). */
function distinct(values: Array<string | null>): string[] {
  return [...new Set(values.filter((value) => value !== null))].sort();
}

type UserWithRoles = Pick<
  SessionRow,
  "email" | "displayName" | "locale" | "textSize" | "createdAt" | "emailNotifications"
> & {
  id: string;
  unread?: number;
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
      createdAt: user.createdAt,
      emailNotifications: Boolean(user.emailNotifications),
      roles: user.roles.map((role) => role.name).filter(isGrantableRole),
      departmentIds: user.memberships.map((membership) => membership.departmentId),
      // Read with the session for a page; not known for other lookups (open sockets).
      unreadNotifications: user.unread === undefined ? null : Number(user.unread),
    },
  };
}

function isGrantableRole(name: string): name is GrantableRole {
  return (GRANTABLE_ROLES as readonly string[]).includes(name);
}
