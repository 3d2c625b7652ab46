import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  changePassword,
  deleteAccount,
  exportAccountData,
  listSessions,
  logIn,
  registerResident,
  revokeSession,
} from "~/features/accounts/accounts.server";
import { lucia } from "~/features/accounts/auth.server";
import { RateLimited } from "~/features/accounts/rate-limit.server";
import { DATA_POLICY_VERSION } from "~/features/accounts/data-policy";
import { newResident, uniqueEmail, uniqueIp, fromNewAddress } from "./helpers";

describe("registration", () => {
  it("creates a resident who has agreed to the current data policy, with a hashed password", async () => {
    const resident = await newResident();
    const row = await db.user.findUniqueOrThrow({ where: { id: resident.userId } });
    expect(row.email).toBe(resident.email);
    expect(row.consentVersion).toBe(DATA_POLICY_VERSION);
    expect(row.consentedAt).toBeInstanceOf(Date);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(resident.password);
    expect(resident.user.roles).toEqual([]);
  });

  it("refuses a second account with the same email and writes nothing", async () => {
    const first = await newResident();
    const before = await db.user.count();
    const outcome = await registerResident(
      { email: first.email, displayName: "Copy", password: "another password", locale: "en" },
      uniqueIp(),
    );
    expect(outcome).toEqual({ ok: false, field: "email", error: "validation.emailTaken" });
    expect(await db.user.count()).toBe(before);
  });

  it("limits registrations from one address", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) {
      await registerResident(
        { email: uniqueEmail(), displayName: "Bulk", password: "bulk password", locale: "en" },
        ip,
      );
    }
    await expect(
      registerResident({ email: uniqueEmail(), displayName: "Bulk", password: "bulk password", locale: "en" }, ip),
    ).rejects.toBeInstanceOf(RateLimited);
  });
});

/** Wrong passwords from one client, as an attacker sends them; being stopped ends the run. */
async function guess(email: string, client: { ip: string; deviceToken: string | null }, times: number) {
  for (let i = 0; i < times; i++) {
    try {
      await logIn({ email, password: `guess ${i}` }, client);
    } catch (error) {
      if (error instanceof RateLimited) return;
      throw error;
    }
  }
}

describe("logging in", () => {
  it("accepts the right password and refuses a wrong one with the same message as an unknown email", async () => {
    const resident = await newResident();
    const ok = await logIn({ email: resident.email, password: resident.password }, fromNewAddress());
    expect(ok).toMatchObject({ ok: true, value: { userId: resident.userId } });
    const wrong = await logIn({ email: resident.email, password: "not the password" }, fromNewAddress());
    const unknown = await logIn({ email: uniqueEmail("nobody"), password: "not the password" }, fromNewAddress());
    expect(wrong).toEqual({ ok: false, field: "form", error: "auth.invalidCredentials" });
    expect(unknown).toEqual(wrong);
  });

  it("stops a guesser at one address after ten wrong passwords, but lets the owner in from elsewhere", async () => {
    const resident = await newResident();
    const guesser = fromNewAddress();
    for (let i = 0; i < 10; i++) await logIn({ email: resident.email, password: `guess ${i}` }, guesser);
    await expect(logIn({ email: resident.email, password: resident.password }, guesser)).rejects.toBeInstanceOf(
      RateLimited,
    );
    expect(await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).toMatchObject({
      ok: true,
    });
  });

  it("cannot be used by strangers to lock the owner out, from any number of addresses", async () => {
    const resident = await newResident();
    // Fifty wrong passwords from ten addresses, each sure to be stopped at its own address.
    await Promise.all(Array.from({ length: 10 }, () => guess(resident.email, fromNewAddress(), 5)));
    expect(await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).toMatchObject({
      ok: true,
    });
  });

  it("never blocks a device the owner signed in from before, even when the account is under heavy attack", async () => {
    const resident = await newResident();
    const first = await logIn({ email: resident.email, password: resident.password }, fromNewAddress());
    if (!first.ok) throw new Error("first login failed");
    const ownDevice = { ip: uniqueIp(), deviceToken: first.value.deviceToken };
    // 130 failures from 13 addresses: past the ceiling for unknown devices (100 an hour).
    await Promise.all(Array.from({ length: 13 }, () => guess(resident.email, fromNewAddress(), 10)));
    await expect(
      logIn({ email: resident.email, password: resident.password }, fromNewAddress()),
    ).rejects.toBeInstanceOf(RateLimited);
    expect(await logIn({ email: resident.email, password: resident.password }, ownDevice)).toMatchObject({ ok: true });
  });

  it("does not treat another person's device token as a known device", async () => {
    const owner = await newResident();
    const other = await newResident();
    const otherLogin = await logIn({ email: other.email, password: other.password }, fromNewAddress());
    if (!otherLogin.ok) throw new Error("login failed");
    const borrowed = { ip: uniqueIp(), deviceToken: otherLogin.value.deviceToken };
    for (let i = 0; i < 10; i++) await logIn({ email: owner.email, password: `guess ${i}` }, borrowed);
    await expect(logIn({ email: owner.email, password: owner.password }, borrowed)).rejects.toBeInstanceOf(RateLimited);
  });
});

describe("sessions", () => {
  it("remember when they were last used, to within a few minutes, so a person can tell devices apart", async () => {
    const resident = await newResident();
    const session = await lucia.createSession(resident.userId, { userAgent: "Phone" });
    const anHourAgo = new Date(Date.now() - 3600_000);
    await db.session.update({ where: { id: session.id }, data: { lastUsedAt: anHourAgo } });
    await lucia.validateSession(session.id);
    const [listed] = (await listSessions(resident.userId, session.id)).filter((s) => s.current);
    expect(listed.lastUsedAt.getTime()).toBeGreaterThan(anHourAgo.getTime());
  });

  it("are stored in the database, listed without their secret ids, and can be revoked one by one", async () => {
    const resident = await newResident();
    const phone = await lucia.createSession(resident.userId, { userAgent: "Phone" });
    const laptop = await lucia.createSession(resident.userId, { userAgent: "Laptop" });
    const listed = await listSessions(resident.userId, laptop.id);
    expect(listed.map((s) => s.userAgent).sort()).toEqual(["Laptop", "Phone"]);
    expect(JSON.stringify(listed)).not.toContain(phone.id);
    expect(listed.find((s) => s.userAgent === "Laptop")?.current).toBe(true);

    const phoneReference = listed.find((s) => s.userAgent === "Phone")!.reference;
    expect(await revokeSession(resident.user, phoneReference)).toEqual({ ok: true, value: undefined });
    expect((await lucia.validateSession(phone.id)).session).toBeNull();
    expect((await lucia.validateSession(laptop.id)).session).not.toBeNull();
  });

  it("cannot be revoked by another resident", async () => {
    const owner = await newResident();
    const intruder = await newResident();
    const session = await lucia.createSession(owner.userId, { userAgent: "Phone" });
    const [listed] = await listSessions(owner.userId, "");
    expect(await revokeSession(intruder.user, listed.reference)).toMatchObject({ ok: false });
    expect((await lucia.validateSession(session.id)).session).not.toBeNull();
  });
});

describe("changing the password", () => {
  it("needs the current password, then signs out every other device", async () => {
    const resident = await newResident();
    const here = await lucia.createSession(resident.userId, { userAgent: "Here" });
    const elsewhere = await lucia.createSession(resident.userId, { userAgent: "Elsewhere" });

    const refused = await changePassword(
      resident.user,
      here.id,
      { currentPassword: "wrong", newPassword: "a new passphrase" },
      uniqueIp(),
    );
    expect(refused).toEqual({ ok: false, field: "currentPassword", error: "auth.wrongPassword" });

    const changed = await changePassword(
      resident.user,
      here.id,
      { currentPassword: resident.password, newPassword: "a new passphrase" },
      uniqueIp(),
    );
    expect(changed.ok).toBe(true);
    expect((await lucia.validateSession(elsewhere.id)).session).toBeNull();
    expect((await lucia.validateSession(here.id)).session).not.toBeNull();
    expect((await logIn({ email: resident.email, password: "a new passphrase" }, fromNewAddress())).ok).toBe(true);
    expect((await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).ok).toBe(false);
  });
});

describe("a resident's own data", () => {
  it("can be downloaded in full", async () => {
    const resident = await newResident({ displayName: "Export Me" });
    await lucia.createSession(resident.userId, { userAgent: "Tablet" });
    await logIn({ email: resident.email, password: resident.password }, fromNewAddress());
    const data = await exportAccountData(resident.userId);
    expect(data.knownDevices).toHaveLength(1);
    expect(JSON.stringify(data.knownDevices)).not.toMatch(/tokenHash|[0-9a-f]{64}/);
    expect(data.profile).toMatchObject({
      email: resident.email,
      displayName: "Export Me",
      consentVersion: DATA_POLICY_VERSION,
    });
    expect(data.sessions.map((s) => s.userAgent)).toContain("Tablet");
    expect(JSON.stringify(data)).not.toContain("argon2");
  });

  it("is removed on deletion, leaving an anonymous row and an audit entry", async () => {
    const resident = await newResident({ displayName: "Delete Me" });
    const session = await lucia.createSession(resident.userId, { userAgent: "Phone" });
    expect(await deleteAccount(resident.user, "wrong password", uniqueIp())).toMatchObject({
      ok: false,
      field: "password",
    });

    await logIn({ email: resident.email, password: resident.password }, fromNewAddress());
    expect(await deleteAccount(resident.user, resident.password, uniqueIp())).toEqual({ ok: true, value: undefined });
    expect(await db.knownDevice.count({ where: { userId: resident.userId } })).toBe(0);
    const row = await db.user.findUniqueOrThrow({ where: { id: resident.userId } });
    expect(row).toMatchObject({ email: null, displayName: "", passwordHash: null });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect((await lucia.validateSession(session.id)).session).toBeNull();
    expect(await db.auditEntry.count({ where: { action: "account.delete", targetId: resident.userId } })).toBe(1);
    expect((await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).ok).toBe(false);
    // The address is free again for a new account.
    expect(
      (
        await registerResident(
          { email: resident.email, displayName: "Again", password: "fresh start 1", locale: "en" },
          uniqueIp(),
        )
      ).ok,
    ).toBe(true);
  });
});
