import { Lucia, TimeSpan, type Session, type User } from "lucia";
import { db } from "~/db.server";
import { isAdministrator, type GrantableRole } from "~/shared/roles";
import { PrismaSessionAdapter } from "./session-adapter.server";

export const SESSION_COOKIE = "forum_session";

export const lucia = new Lucia(new PrismaSessionAdapter(db), {
  // An absolute lifetime: a session is never silently extended past 30 days.
  sessionExpiresIn: new TimeSpan(30, "d"),
  sessionCookie: { name: SESSION_COOKIE, expires: true, attributes: { sameSite: "lax", secure: false } },
  getUserAttributes: (attributes) => attributes,
  getSessionAttributes: (attributes) => attributes,
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: {
      email: string;
      displayName: string;
      locale: string;
      textSize: string;
      roles: GrantableRole[];
      departmentIds: string[];
    };
    DatabaseSessionAttributes: { userAgent: string | null };
  }
}

export type CurrentUser = User;

/** The Secure flag follows the scheme the visitor used, also behind a TLS-terminating proxy. */
function isHttps(request: Request) {
  return new URL(request.url).protocol === "https:";
}

export async function createSessionCookie(request: Request, userId: string): Promise<string> {
  const session = await lucia.createSession(userId, { userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null });
  const cookie = lucia.createSessionCookie(session.id);
  cookie.attributes.secure = isHttps(request);
  return cookie.serialize();
}

export function blankSessionCookie(request: Request): string {
  const cookie = lucia.createBlankSessionCookie();
  cookie.attributes.secure = isHttps(request);
  return cookie.serialize();
}

export async function sessionFromCookieHeader(cookieHeader: string | null): Promise<{ user: User; session: Session } | null> {
  const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return null;
  const { user, session } = await lucia.validateSession(sessionId);
  return user && session ? { user, session } : null;
}

export async function getCurrentUser(request: Request): Promise<User | null> {
  return (await sessionFromCookieHeader(request.headers.get("cookie")))?.user ?? null;
}

export async function getCurrentSession(request: Request) {
  return sessionFromCookieHeader(request.headers.get("cookie"));
}

/** Sends visitors without a session to the login page, and back here afterwards. */
export async function requireSession(request: Request): Promise<{ user: User; session: Session }> {
  const current = await getCurrentSession(request);
  if (current) return current;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  throw new Response(null, { status: 302, headers: { Location: `/login?${params}` } });
}

export async function requireUser(request: Request): Promise<User> {
  return (await requireSession(request)).user;
}

/** Checked on the server for every admin page and action, whatever the interface shows. */
export async function requireAdministrator(request: Request): Promise<User> {
  const user = await requireUser(request);
  if (!isAdministrator(user)) throw new Response("Forbidden", { status: 403 });
  return user;
}
