import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { logIn } from "~/features/accounts/accounts.server";
import { lucia } from "~/features/accounts/auth.server";
import { issueResetCode, resetPassword } from "~/features/accounts/password-reset.server";
import { listAuditEntries } from "~/features/audit/audit.server";
import { asUser, fromNewAddress, newAdministrator, newResident, uniqueIp } from "./helpers";

async function newCounterStaff() {
  const staff = await newResident({ displayName: "Counter Staff" });
  await db.role.create({ data: { userId: staff.userId, name: "counterStaff" } });
  return { ...staff, user: await asUser(staff.userId) };
}

describe("a password reset code from the counter", () => {
  it("lets the person set a new password once, and signs out every device", async () => {
    const staff = await newCounterStaff();
    const resident = await newResident();
    const phone = await lucia.createSession(resident.userId, { userAgent: "Phone" });
    const issued = await issueResetCode(staff.user, resident.email);
    if (!issued.ok) throw new Error(issued.error);
    expect(issued.value.code).toMatch(/^\d{12}$/);

    expect(await resetPassword({ email: resident.email, code: issued.value.code, newPassword: "a brand new passphrase" }, uniqueIp())).toEqual({
      ok: true,
      value: undefined,
    });
    expect((await lucia.validateSession(phone.id)).session).toBeNull();
    expect(await logIn({ email: resident.email, password: "a brand new passphrase" }, fromNewAddress())).toMatchObject({ ok: true });
    expect(await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).toMatchObject({ ok: false });

    // The audit log shows who set the password by their current name, though the row keeps none.
    const { entries } = await listAuditEntries(1);
    const reset = entries.find((entry) => entry.action === "password.reset" && entry.person?.id === resident.userId);
    expect(reset?.actor?.name).toBe(resident.displayName);

    // Single use.
    expect(await resetPassword({ email: resident.email, code: issued.value.code, newPassword: "yet another passphrase" }, uniqueIp())).toMatchObject({
      ok: false,
      field: "code",
    });
  });

  it("is stored only as a hash, and issuing it is audited with who gave it", async () => {
    const staff = await newCounterStaff();
    const resident = await newResident();
    const issued = await issueResetCode(staff.user, resident.email);
    if (!issued.ok) throw new Error(issued.error);
    const rows = await db.passwordResetCode.findMany({ where: { userId: resident.userId } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(issued.value.code);
    const [entry] = await db.auditEntry.findMany({ where: { action: "password.resetCode.issue", targetId: resident.userId } });
    expect(entry).toMatchObject({ actorId: staff.userId, actorName: "Counter Staff", actorRoles: "counterStaff" });
  });

  it("works for no other account, not after it expires, and not once a newer code was given", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    const other = await newResident();
    const first = await issueResetCode(admin.user, resident.email);
    const second = await issueResetCode(admin.user, resident.email);
    if (!first.ok || !second.ok) throw new Error("not issued");
    const attempt = (email: string, code: string) => resetPassword({ email, code, newPassword: "a brand new passphrase" }, uniqueIp());
    expect(await attempt(resident.email, first.value.code)).toMatchObject({ ok: false, field: "code" });
    expect(await attempt(other.email, second.value.code)).toMatchObject({ ok: false, field: "code" });
    await db.passwordResetCode.updateMany({ where: { userId: resident.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await attempt(resident.email, second.value.code)).toMatchObject({ ok: false, field: "code" });
    expect(await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).toMatchObject({ ok: true });
  });

  it("cannot be given by a resident, a moderator or an official", async () => {
    const resident = await newResident();
    const moderator = await newResident();
    await db.role.create({ data: { userId: moderator.userId, name: "moderator" } });
    for (const actor of [resident.user, await asUser(moderator.userId)]) {
      expect(await issueResetCode(actor, resident.email)).toMatchObject({ ok: false, error: "counter.resetCode.notAllowed" });
    }
    expect(await db.passwordResetCode.count({ where: { userId: resident.userId } })).toBe(0);
  });

  it("cannot be blocked by strangers sending wrong codes for the account from many addresses", async () => {
    const staff = await newCounterStaff();
    const resident = await newResident();
    for (let i = 0; i < 12; i++) {
      await resetPassword({ email: resident.email, code: "000000000000", newPassword: "an attacker's choice" }, uniqueIp());
    }
    const issued = await issueResetCode(staff.user, resident.email);
    if (!issued.ok) throw new Error(issued.error);
    expect(await resetPassword({ email: resident.email, code: issued.value.code, newPassword: "the owner's new one" }, uniqueIp())).toMatchObject({ ok: true });
  });

  it("used by two submissions at once sets the password only once", async () => {
    const staff = await newCounterStaff();
    const resident = await newResident();
    const issued = await issueResetCode(staff.user, resident.email);
    if (!issued.ok) throw new Error(issued.error);
    const outcomes = await Promise.all(
      ["first new passphrase", "second new passphrase"].map((newPassword) => resetPassword({ email: resident.email, code: issued.value.code, newPassword }, uniqueIp())),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
  });
});
