import { createHash, randomInt } from "node:crypto";
import type { User } from "lucia";
import { db } from "~/db.server";
import { personalActor, recordAudit } from "~/features/audit/audit.server";
import { announceSessionsEnded, type Outcome } from "./accounts.server";
import { hashPassword } from "./password.server";
import { canIssueResetCode } from "./permissions.server";
import { consumeAttempt, forgetAttempts } from "./rate-limit.server";

// A resident who forgot their password goes to a service counter; staff check an identity
// document and hand over a one-time code. Short-lived, single use, stored only as a hash, and
// issuing it is audited. A self-service link by email will use the same codes once the forum
// sends email.

/** How long a code works: long enough to walk home, short enough to be useless if dropped. */
export const RESET_CODE_MINUTES = 60;
const CODE_DIGITS = 12;

/** Digits only, shown in groups of four: easy to read aloud and to type on a phone. */
const newCode = () => Array.from({ length: CODE_DIGITS }, () => randomInt(10)).join("");
export const formatResetCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ");
const hashCode = (code: string) => createHash("sha256").update(code).digest("hex");

export async function issueResetCode(actor: User, email: string): Promise<Outcome<{ code: string; expiresAt: Date; displayName: string }>> {
  if (!canIssueResetCode(actor)) return { ok: false, field: "form", error: "counter.resetCode.notAllowed" };
  const person = await db.user.findFirst({ where: { email, deletedAt: null }, select: { id: true, displayName: true } });
  if (!person) return { ok: false, field: "email", error: "counter.resetCode.noSuchAccount" };
  const code = newCode();
  const expiresAt = new Date(Date.now() + RESET_CODE_MINUTES * 60_000);
  await db.$transaction(async (tx) => {
    // Only the newest code works: one handed out earlier (perhaps lost) stops working.
    await tx.passwordResetCode.deleteMany({ where: { userId: person.id, usedAt: null } });
    await tx.passwordResetCode.create({ data: { userId: person.id, codeHash: hashCode(code), issuedById: actor.id, expiresAt } });
    await recordAudit(tx, { actor, action: "password.resetCode.issue", targetType: "user", targetId: person.id, detail: { expiresAt: expiresAt.toISOString() } });
  });
  return { ok: true, value: { code, expiresAt, displayName: person.displayName } };
}

/** Sets a new password with a code from the counter; every session of the account ends. */
export async function resetPassword(input: { email: string; code: string; newPassword: string }, clientIp: string): Promise<Outcome> {
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
    // Marking the code used is the check: of two submissions at once, only one updates it.
    const { count } = await tx.passwordResetCode.updateMany({
      where: { codeHash, userId: person.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count === 0) return false;
    await tx.user.update({ where: { id: person.id }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId: person.id } });
    await recordAudit(tx, { actor: personalActor(person.id), action: "password.reset", targetType: "user", targetId: person.id });
    return true;
  });
  if (!used) return invalid;
  await forgetAttempts("resetByAccountAndIp", accountAndIp);
  announceSessionsEnded(person.id);
  return { ok: true, value: undefined };
}
