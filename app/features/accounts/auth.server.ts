import { createCookie, type AppLoadContext } from "@remix-run/node";
import { Lucia, TimeSpan, type Session, type User } from "lucia";
import { db } from "~/db.server";
import type { RequestScope } from "~/http/request-scope.server";
import { isAdministrator, type Actor, type GrantableRole } from "~/shared/roles";
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_DAYS } from "./known-devices.server";
import { canUseCounterDesk } from "./permissions.server";
import { PrismaSessionAdapter } from "./session-adapter.server";

import { SESSION_COOKIE } from "~/http/session-cookie";

export { SESSION_COOKIE };

const adapter = new PrismaSessionAdapter(db);

export const lucia = new Lucia(adapter, {
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
      createdAt: Date;
      emailNotifications: boolean;
      roles: GrantableRole[];
      departmentIds: string[];
      /** Unread notifications when the session was read for a page; null when not read with it. */
      unreadNotifications: number | null;
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
  const session = await lucia.createSession(userId, {
    userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
  });
  const cookie = lucia.createSessionCookie(session.id);
  cookie.attributes.secure = isHttps(request);
  return cookie.serialize();
}

const knownDeviceCookie = createCookie(KNOWN_DEVICE_COOKIE, {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: KNOWN_DEVICE_DAYS * 24 * 3600,
});

export async function readKnownDeviceToken(request: Request): Promise<string | null> {
  const value: unknown = await knownDeviceCookie.parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

export function serializeKnownDeviceCookie(request: Request, token: string): Promise<string> {
  return knownDeviceCookie.serialize(token, { secure: isHttps(request) });
}

export function blankSessionCookie(request: Request): string {
  const cookie = lucia.createBlankSessionCookie();
  cookie.attributes.secure = isHttps(request);
  return cookie.serialize();
}

/** The session the cookie names, looked up once per request when a request's scope is given. */
export async function sessionFromCookieHeader(
  cookieHeader: string | null,
  scope?: RequestScope,
): Promise<{ user: User; session: Session } | null> {
  const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return null;
  const validate = () => lucia.validateSession(sessionId);
  const { user, session } = await (scope ? scope.once(`session:${sessionId}`, validate) : validate());
  return user && session ? { user, session } : null;
}

/** Which of these sessions are still valid, and whose they are: one query for many open sockets. */
export async function activeSessionUsers(sessionIds: string[]): Promise<Map<string, Actor & { displayName: string }>> {
  const users = await adapter.getActiveSessionUsers(sessionIds);
  return new Map([...users].map(([sessionId, { id, attributes }]) => [sessionId, { id, ...attributes }]));
}

// Loaders and actions pass their load context: the loaders of one page share one lookup.
export async function getCurrentUser(request: Request, context: AppLoadContext): Promise<User | null> {
  return (await getCurrentSession(request, context))?.user ?? null;
}

export async function getCurrentSession(request: Request, context: AppLoadContext) {
  return sessionFromCookieHeader(request.headers.get("cookie"), context.requestScope);
}

/** Sends visitors without a session to the login page, and back here afterwards. */
export async function requireSession(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: User; session: Session }> {
  const current = await getCurrentSession(request, context);
  if (current) return current;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  throw new Response(null, { status: 302, headers: { Location: `/login?${params}` } });
}

export async function requireUser(request: Request, context: AppLoadContext): Promise<User> {
  return (await requireSession(request, context)).user;
}

/** The counter desk: checked on the server for every page and action there. */
export async function requireCounterDesk(request: Request, context: AppLoadContext): Promise<User> {
  const user = await requireUser(request, context);
  if (!canUseCounterDesk(user)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Checked on the server for every admin page and action, whatever the interface shows. */
export async function requireAdministrator(request: Request, context: AppLoadContext): Promise<User> {
  const user = await requireUser(request, context);
  if (!isAdministrator(user)) throw new Response("Forbidden", { status: 403 });
  return user;
}
