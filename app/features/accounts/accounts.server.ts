import { collectPersonalData, erasePersonalData } from "./personal-data.server";
import { createHash } from "node:crypto";
import type { User } from "lucia";
import { db } from "~/db.server";
import { personalActor, recordAudit } from "~/features/audit/audit.server";
import { live, TOPICS } from "~/features/live/live.server";
import { deleteNotificationsOf, exportNotifications } from "~/features/notifications/notifications.server";
import { wouldLeaveNoAdministrator } from "~/shared/administrators.server";
import { fail, type Outcome } from "~/shared/outcome";
import { isRecordId } from "~/validation";
import { DATA_POLICY_VERSION } from "./data-policy";
import { displayNameColumns } from "./display-name";
import { hashPassword, verifyPassword } from "./password.server";
import { recogniseDevice, rememberDevice } from "./known-devices.server";
import {
  admitLoginAttempt,
  consumeAttempt,
  forgetAttempts,
  recordLoginFailure,
  recordLoginSuccess,
} from "./rate-limit.server";
import { lucia } from "./auth.server";

export async function registerResident(
  input: { email: string; displayName: string; password: string; locale: string },
  clientIp: string,
): Promise<Outcome<{ userId: string }>> {
  await consumeAttempt([["registerByIp", clientIp]]);
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return fail("email", "validation.emailTaken");
  }
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: {
        email: input.email,
        ...displayNameColumns(input.displayName),
        passwordHash,
        locale: input.locale,
        consentVersion: DATA_POLICY_VERSION,
        consentedAt: new Date(),
      },
    });
    return { ok: true, value: { userId: user.id } };
  } catch (error) {
    // Two sign-ups with the same email at once: the unique index decides, and the loser is told.
    if ((error as { code?: string }).code === "P2002") return fail("email", "validation.emailTaken");
    throw error;
  }
}

/**
 * Checks an email and password. Guessing is throttled per address and per account and address,
 * and never locks the owner's known devices out (see rate-limit.server.ts).
 */
export async function logIn(
  input: { email: string; password: string },
  client: { ip: string; deviceToken: string | null },
): Promise<Outcome<{ userId: string; locale: string; deviceToken: string }>> {
  const user = await db.user.findUnique({ where: { email: input.email } });
  const knownDevice = user && !user.deletedAt ? await recogniseDevice(user.id, client.deviceToken) : null;
  const attempt = { account: input.email, ip: client.ip, knownDevice };
  await admitLoginAttempt(attempt);
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !valid || user.deletedAt) {
    await recordLoginFailure(attempt);
    return fail("form", "auth.invalidCredentials");
  }
  await recordLoginSuccess(attempt);
  const deviceToken = await rememberDevice(user.id, client.deviceToken, knownDevice);
  return { ok: true, value: { userId: user.id, locale: user.locale, deviceToken } };
}

/** Changing the password signs out every other device, in case the old one was stolen. */
export async function changePassword(
  user: User,
  currentSessionId: string,
  input: { currentPassword: string; newPassword: string },
  clientIp: string,
): Promise<Outcome> {
  await consumeAttempt([
    ["passwordByIp", clientIp],
    ["passwordByAccount", user.id],
  ]);
  const record = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  if (!(await verifyPassword(record.passwordHash, input.currentPassword))) {
    return fail("currentPassword", "auth.wrongPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: user.id, id: { not: currentSessionId } } });
    // A reset code nobody used ends too: someone told of a code they did not ask for is advised
    // to change their password, and that must shut the door the code opened.
    await tx.passwordResetCode.deleteMany({ where: { userId: user.id, usedAt: null } });
    // Recorded like a reset, so that the account's security page lists every password change;
    // a personal act, so the row keeps no name.
    await recordAudit(tx, {
      actor: personalActor(user.id),
      action: "password.change",
      targetType: "user",
      targetId: user.id,
    });
  });
  await forgetAttempts("passwordByAccount", user.id);
  announceSessionsEnded(user.id);
  return { ok: true, value: undefined };
}

/**
 * Whatever else holds a session open (a co-editing socket) lets go at once. Called after the
 * sessions are deleted, so that a check triggered by the event sees them gone.
 */
export async function announceSessionsEnded(userId: string) {
  await live.publish(TOPICS.sessionsEnded, { userId });
}

export async function logOut(sessionId: string, userId: string) {
  await lucia.invalidateSession(sessionId);
  announceSessionsEnded(userId);
}

export async function updateProfile(
  user: User,
  { displayName, ...settings }: { displayName: string; locale: string; textSize: string; emailNotifications: boolean },
) {
  await db.user.update({ where: { id: user.id }, data: { ...settings, ...displayNameColumns(displayName) } });
}

/**
 * A session id is the secret in the cookie, so pages never show one: they get a reference
 * derived from it, which cannot be turned back into a working cookie.
 */
export function sessionReference(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex").slice(0, 32);
}

export async function listSessions(userId: string, currentSessionId: string) {
  const sessions = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: [{ lastUsedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, userAgent: true },
  });
  return sessions.map(({ id, ...session }) => ({
    ...session,
    reference: sessionReference(id),
    current: id === currentSessionId,
  }));
}

/** A person may end only their own sessions: only theirs are searched. */
export async function revokeSession(user: User, reference: string): Promise<Outcome> {
  const sessions = await db.session.findMany({ where: { userId: user.id }, select: { id: true } });
  const target = sessions.find((session) => sessionReference(session.id) === reference);
  if (!target) return fail("form", "account.sessions.notFound");
  await db.session.delete({ where: { id: target.id } });
  announceSessionsEnded(user.id);
  return { ok: true, value: undefined };
}

/** An administrator signs a person out everywhere, for example when an account seems compromised. */
export async function revokeAllSessions(actor: User, userId: string): Promise<Outcome<{ count: number }>> {
  // Signing out someone who does not exist changes nothing, so it is refused and not logged.
  if (
    !isRecordId(userId) ||
    !(await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } }))
  ) {
    return fail("form", "admin.users.notFound");
  }
  const outcome = await db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor,
      action: "session.revoke",
      targetType: "user",
      targetId: userId,
      detail: { sessions: count },
    });
    return { ok: true as const, value: { count } };
  });
  announceSessionsEnded(userId);
  return outcome;
}

/**
 * Deletion keeps an anonymous row (so public contributions and the audit trail keep their
 * author reference) and removes everything that identifies the person: email, name, password,
 * sessions, roles, memberships and notifications.
 */
export async function deleteAccount(user: User, password: string, clientIp: string): Promise<Outcome> {
  await consumeAttempt([
    ["passwordByIp", clientIp],
    ["passwordByAccount", user.id],
  ]);
  const record = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  if (!(await verifyPassword(record.passwordHash, password))) return fail("password", "auth.wrongPassword");
  const outcome = await db.$transaction(async (tx) => {
    if (await wouldLeaveNoAdministrator(tx, user.id)) return fail("form", "admin.users.lastAdministrator");
    await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.knownDevice.deleteMany({ where: { userId: user.id } });
    await tx.role.deleteMany({ where: { userId: user.id } });
    await tx.membership.deleteMany({ where: { userId: user.id } });
    await deleteNotificationsOf(tx, user.id);
    await erasePersonalData(tx, user.id);
    await tx.user.update({
      where: { id: user.id },
      data: {
        email: null,
        ...displayNameColumns(""),
        passwordHash: null,
        consentVersion: null,
        consentedAt: null,
        deletedAt: new Date(),
      },
    });
    await recordAudit(tx, {
      actor: personalActor(user.id),
      action: "account.delete",
      targetType: "user",
      targetId: user.id,
    });
    return { ok: true as const, value: undefined };
  });
  if (!outcome.ok) return outcome;
  await lucia.invalidateUserSessions(user.id);
  announceSessionsEnded(user.id);
  return { ok: true, value: undefined };
}

/** Everything the forum holds about one person, as they may download it. */
export async function exportAccountData(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: {
      roles: { select: { name: true, grantedAt: true } },
      memberships: { select: { createdAt: true, department: { select: { slug: true, nameZh: true, nameEn: true } } } },
      sessions: { select: { createdAt: true, expiresAt: true, userAgent: true } },
      knownDevices: { select: { createdAt: true, lastUsedAt: true } },
    },
  });
  const [auditEntries, notifications, participation] = await Promise.all([
    db.auditEntry.findMany({
      where: { OR: [{ actorId: userId }, { targetType: "user", targetId: userId }] },
      orderBy: { createdAt: "asc" },
      select: { action: true, targetType: true, targetId: true, detail: true, createdAt: true, actorId: true },
    }),
    exportNotifications(userId),
    collectPersonalData(userId),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    dataPolicyVersion: DATA_POLICY_VERSION,
    profile: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      textSize: user.textSize,
      emailNotifications: user.emailNotifications,
      consentVersion: user.consentVersion,
      consentedAt: user.consentedAt,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    },
    roles: user.roles,
    departmentMemberships: user.memberships,
    sessions: user.sessions,
    knownDevices: user.knownDevices,
    auditEntries: auditEntries.map((entry) => ({
      ...entry,
      byThisAccount: entry.actorId === userId,
      actorId: undefined,
    })),
    notifications,
    ...participation,
  };
}
