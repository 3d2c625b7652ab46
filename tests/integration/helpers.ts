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
  const input = {
    email: uniqueEmail(),
    displayName: "Test Resident",
    password: "correct horse battery",
    locale: "en",
    ...overrides,
  };
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

export type Person = Awaited<ReturnType<typeof newResident>>;
const unique = () => randomBytes(4).toString("hex");

/** A department with a unique slug, named "<label>局…" and "<label> Bureau …". */
export async function newDepartment(label = "Housing") {
  const id = unique();
  return db.department.create({
    data: { slug: `d-${id}`, nameZh: `${label}局${id}`, nameEn: `${label} Bureau ${id}` },
  });
}

/** A resident who is an official of the department. */
export async function newOfficial(departmentId: string): Promise<Person> {
  const person = await newResident({ displayName: `Official ${unique()}` });
  await db.membership.create({ data: { userId: person.userId, departmentId } });
  return { ...person, user: await asUser(person.userId) };
}

/** A resident with one granted role ("moderator", "counterStaff", …). */
export async function newWithRole(
  role: "moderator" | "counterStaff" | "administrator",
  displayName = `${role} ${unique()}`,
): Promise<Person> {
  const person = await newResident({ displayName });
  await db.role.create({ data: { userId: person.userId, name: role } });
  return { ...person, user: await asUser(person.userId) };
}
