import { randomBytes } from "node:crypto";
import type { User } from "lucia";
import { registerResident } from "~/features/accounts/accounts.server";
import { lucia } from "~/features/accounts/auth.server";
import { db } from "~/db.server";

export const uniqueEmail = (label = "resident") => `${label}-${randomBytes(4).toString("hex")}@example.org`;
/** A sign-in from an address and a browser the forum has not seen before. */
export const fromNewAddress = () => ({ ip: uniqueIp(), deviceToken: null });
export const uniqueIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

/** Registers a resident through the same command the form uses, and returns them as lucia sees them. */
export async function newResident(overrides: Partial<{ email: string; displayName: string; password: string }> = {}) {
  const input = { email: uniqueEmail(), displayName: "Test Resident", password: "correct horse battery", locale: "en", ...overrides };
  const outcome = await registerResident(input, uniqueIp());
  if (!outcome.ok) throw new Error(`registration failed: ${outcome.error}`);
  return { ...input, userId: outcome.value.userId, user: await asUser(outcome.value.userId) };
}

/** A user object carrying the roles and departments currently in the database. */
export async function asUser(userId: string): Promise<User> {
  const session = await lucia.createSession(userId, { userAgent: "test" });
  const { user } = await lucia.validateSession(session.id);
  await lucia.invalidateSession(session.id);
  if (!user) throw new Error("no such user");
  return user;
}

export async function newAdministrator() {
  const resident = await newResident({ displayName: "Test Administrator" });
  await db.role.create({ data: { userId: resident.userId, name: "administrator" } });
  return { ...resident, user: await asUser(resident.userId) };
}
