import { createHash, randomInt } from "node:crypto";
import type { User } from "lucia";
import { db, type Db } from "~/db.server";
import { personalActor, recordAudit, type AuditActor } from "~/features/audit/audit.server";
import { notifyPeople, registerNotificationKinds } from "~/features/notifications/notifications.server";
import { GRANTABLE_ROLES, type GrantableRole } from "~/shared/roles";
import type { Outcome } from "~/shared/outcome";
import { announceSessionsEnded } from "./accounts.server";
import { hashPassword } from "./password.server";
import { canIssueResetCode, resetPasswordRefusal, type ResetRefusal, type ResetTarget } from "./permissions.server";
import { consumeAttempt, forgetAttempts } from "./rate-limit.server";

// A resident who forgot their password goes to a service counter; staff check an identity
// document and hand over a one-time code. Short-lived, single use, stored only as a hash, and
// issuing it is audited. Who may reset whose password is canResetPasswordOf (decision 0023). A
// self-service link by email will use the same codes once the forum sends email.

// The person whose account it is hears of both steps: of the code, so that someone who did not
// ask for one learns of the attempt while the code still works, and of the new password. Using
// a code ends every login, and notifications are kept, so they see it at their next login (and
// by email where the forum sends email).
registerNotificationKinds({
  "accounts.resetCodeIssued": { message: "account.notifications.resetCodeIssued" },
  "accounts.passwordReset": { message: "account.notifications.passwordReset" },
});

/** Where both notifications lead: the account's list of reset codes and password changes. */
const SECURITY_PAGE = "/account/security";

/** How long a code works: long enough to walk home, short enough to be useless if dropped. */
export const RESET_CODE_MINUTES = 60;
const CODE_DIGITS = 12;

/** Digits only, shown in groups of four: easy to read aloud and to type on a phone. */
const newCode = () => Array.from({ length: CODE_DIGITS }, () => randomInt(10)).join("");
export const formatResetCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ");
const hashCode = (code: string) => createHash("sha256").update(code).digest("hex");

/**
 * Each refusal next to the field the clerk can act on. A deleted account reads as no account:
 * the clerk needs to know nothing more about it. A staff account is named as such, without
 * which role, so that the clerk knows to send the person to an administrator.
 */
const REFUSALS: Record<ResetRefusal, { field: string; error: string }> = {
  notAllowed: { field: "form", error: "counter.resetCode.notAllowed" },
  deletedAccount: { field: "email", error: "counter.resetCode.noSuchAccount" },
  ownAccount: { field: "email", error: "counter.resetCode.ownAccount" },
  staffAccount: { field: "email", error: "counter.resetCode.staffAccount" },
};

type Tx = Pick<Db, "user">;

/** An account with its roles and departments as the database holds them now, in this transaction. */
async function readAccount(tx: Tx, where: { id: string } | { email: string }) {
  const row = await tx.user.findFirst({
    where,
    select: {
      id: true,
      displayName: true,
      deletedAt: true,
      roles: { select: { name: true } },
      memberships: { select: { departmentId: true } },
    },
  });
  if (!row) return null;
  const target: ResetTarget = {
    id: row.id,
    roles: row.roles.map((role) => role.name),
    departmentIds: row.memberships.map((membership) => membership.departmentId),
    deleted: row.deletedAt !== null,
  };
  // The same account as the one who acts: only the roles this version can grant give rights.
  const actor: AuditActor = {
    id: row.id,
    displayName: row.displayName,
    roles: target.roles.filter((name): name is GrantableRole => (GRANTABLE_ROLES as readonly string[]).includes(name)),
    departmentIds: target.departmentIds,
  };
  return { target, actor: target.deleted ? null : actor, displayName: row.displayName };
}

export async function issueResetCode(
  actor: User,
  email: string,
): Promise<Outcome<{ code: string; expiresAt: Date; displayName: string }>> {
  // Before any lookup, so that nobody without the right learns whether an email has an account.
  if (!canIssueResetCode(actor)) return { ok: false, ...REFUSALS.notAllowed };
  const code = newCode();
  const expiresAt = new Date(Date.now() + RESET_CODE_MINUTES * 60_000);
  const outcome = await db.$transaction(async (tx) => {
    // Both accounts are read in the transaction that writes the code, not from the session or an
    // earlier query, so the check sees roles as they are when the code is written. A role granted
    // after this commits is caught when the code is used (resetPassword checks again).
    const issuer = await readAccount(tx, { id: actor.id });
    const person = await readAccount(tx, { email });
    if (!person) return { ok: false as const, field: "email", error: "counter.resetCode.noSuchAccount" };
    const refusal = resetPasswordRefusal(issuer?.actor ?? null, person.target);
    if (refusal || !issuer?.actor) return { ok: false as const, ...REFUSALS[refusal ?? "notAllowed"] };
    // Only the newest code works: one handed out earlier (perhaps lost) stops working.
    await tx.passwordResetCode.deleteMany({ where: { userId: person.target.id, usedAt: null } });
    await tx.passwordResetCode.create({
      data: { userId: person.target.id, codeHash: hashCode(code), issuedById: issuer.actor.id, expiresAt },
    });
    await recordAudit(tx, {
      actor: issuer.actor,
      action: "password.resetCode.issue",
      targetType: "user",
      targetId: person.target.id,
      detail: { expiresAt: expiresAt.toISOString() },
    });
    const sent = await notifyPeople(tx, [person.target.id], { kind: "accounts.resetCodeIssued", link: SECURITY_PAGE });
    return { ok: true as const, displayName: person.displayName, sent };
  });
  if (!outcome.ok) return outcome;
  void outcome.sent.afterCommit();
  return { ok: true, value: { code, expiresAt, displayName: outcome.displayName } };
}

/** Sets a new password with a code from the counter; every login of the account ends. */
export async function resetPassword(
  input: { email: string; code: string; newPassword: string },
  clientIp: string,
): Promise<Outcome> {
  const accountAndIp = `${input.email}|${clientIp}`;
  await consumeAttempt([
    ["passwordByIp", clientIp],
    ["resetByAccountAndIp", accountAndIp],
  ]);
  const invalid = { ok: false as const, field: "code", error: "auth.resetCodeInvalid" };
  const person = await db.user.findFirst({ where: { email: input.email, deletedAt: null }, select: { id: true } });
  if (!person) return invalid;
  const codeHash = hashCode(input.code);
  const passwordHash = await hashPassword(input.newPassword);
  const used = await db.$transaction(async (tx) => {
    const now = new Date();
    const found = await tx.passwordResetCode.findFirst({
      where: { codeHash, userId: person.id, usedAt: null, expiresAt: { gt: now } },
      select: { id: true, issuedById: true },
    });
    if (!found?.issuedById) return null;
    // The rule again, on both accounts as they are now: a code a clerk gave a resident who has
    // since become staff (or given in the instant a role was granted), or given by someone who
    // has since lost the right, does not work. Refused like a wrong code: its holder learns
    // nothing from it, and the counter tells them what to do when they ask for a new one.
    const [issuer, target] = [
      await readAccount(tx, { id: found.issuedById }),
      await readAccount(tx, { id: person.id }),
    ];
    if (!target || resetPasswordRefusal(issuer?.actor ?? null, target.target)) return null;
    // Marking the code used is the check: of two submissions at once, only one updates it.
    const { count } = await tx.passwordResetCode.updateMany({
      where: { id: found.id, usedAt: null },
      data: { usedAt: now },
    });
    if (count === 0) return null;
    await tx.user.update({ where: { id: person.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: person.id } });
    await recordAudit(tx, {
      actor: personalActor(person.id),
      action: "password.reset",
      targetType: "user",
      targetId: person.id,
    });
    return notifyPeople(tx, [person.id], { kind: "accounts.passwordReset", link: SECURITY_PAGE });
  });
  if (!used) return invalid;
  void used.afterCommit();
  await forgetAttempts("resetByAccountAndIp", accountAndIp);
  announceSessionsEnded(person.id);
  return { ok: true, value: undefined };
}
