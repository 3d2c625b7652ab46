import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { deleteAccount, revokeAllSessions } from "~/features/accounts/accounts.server";
import { lucia } from "~/features/accounts/auth.server";
import { createDepartment, deleteDepartment, updateDepartment } from "~/features/departments/departments.server";
import { changeRole, listUsers } from "~/features/roles/roles.server";
import { isModerator, isOfficial } from "~/shared/roles";
import { asUser, newAdministrator, newResident } from "./helpers";

const slug = () => `dept-${Math.random().toString(36).slice(2, 8)}`;

describe("roles", () => {
  it("are granted and revoked by an administrator, each change logged with who, what and when", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    expect(await changeRole(admin.user, resident.userId, { intent: "grantRole", role: "moderator" })).toMatchObject({
      ok: true,
    });
    expect(isModerator(await asUser(resident.userId))).toBe(true);
    expect(await changeRole(admin.user, resident.userId, { intent: "revokeRole", role: "moderator" })).toMatchObject({
      ok: true,
    });
    expect(isModerator(await asUser(resident.userId))).toBe(false);

    const log = await db.auditEntry.findMany({ where: { targetId: resident.userId }, orderBy: { createdAt: "asc" } });
    expect(log.map((e) => [e.action, e.actorId, JSON.parse(e.detail!).role])).toEqual([
      ["role.grant", admin.userId, "moderator"],
      ["role.revoke", admin.userId, "moderator"],
    ]);
  });

  it("never leave the forum without an administrator", async () => {
    await db.role.deleteMany({ where: { name: "administrator" } });
    const only = await newAdministrator();
    const outcome = await changeRole(only.user, only.userId, { intent: "revokeRole", role: "administrator" });
    expect(outcome).toEqual({ ok: false, field: "form", error: "admin.users.lastAdministrator" });
    expect(await db.role.count({ where: { name: "administrator" } })).toBe(1);
  });

  it("make someone an official through department membership", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    const created = await createDepartment(admin.user, { slug: slug(), nameZh: "城管局", nameEn: "City Management" });
    if (!created.ok) throw new Error("department not created");
    await changeRole(admin.user, resident.userId, { intent: "addMembership", departmentId: created.value.id });
    expect(isOfficial(await asUser(resident.userId))).toBe(true);
    await changeRole(admin.user, resident.userId, { intent: "removeMembership", departmentId: created.value.id });
    expect(isOfficial(await asUser(resident.userId))).toBe(false);
  });

  it("refuse a department that does not exist", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    expect(
      await changeRole(admin.user, resident.userId, { intent: "addMembership", departmentId: "missing" }),
    ).toMatchObject({ ok: false, field: "departmentId" });
    expect(await db.membership.count({ where: { userId: resident.userId } })).toBe(0);
  });
});

describe("departments", () => {
  it("have unique short names, and their edits and deletion are logged", async () => {
    const admin = await newAdministrator();
    const first = slug();
    const created = await createDepartment(admin.user, { slug: first, nameZh: "水务局", nameEn: "Water Bureau" });
    expect(created.ok).toBe(true);
    expect(await createDepartment(admin.user, { slug: first, nameZh: "重复", nameEn: "Duplicate" })).toEqual({
      ok: false,
      field: "slug",
      error: "validation.slugTaken",
    });
    if (!created.ok) return;
    const id = created.value.id;
    expect(
      await updateDepartment(admin.user, id, { slug: first, nameZh: "水务局", nameEn: "Water Authority" }),
    ).toMatchObject({ ok: true });

    const official = await newResident();
    await changeRole(admin.user, official.userId, { intent: "addMembership", departmentId: id });
    await deleteDepartment(admin.user, id);
    expect(await db.department.findUnique({ where: { id } })).toBeNull();
    expect(await db.membership.count({ where: { departmentId: id } })).toBe(0);
    const log = await db.auditEntry.findMany({
      where: { targetType: "department", targetId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(log.map((e) => e.action)).toEqual(["department.create", "department.update", "department.delete"]);
    expect(JSON.parse(log[2].detail!).officials).toEqual([official.userId]);
  });
});

describe("the people list", () => {
  it("searches by email or name and pages through the results", async () => {
    const marker = `needle${Math.random().toString(36).slice(2, 7)}`;
    for (let i = 0; i < 27; i++) await newResident({ displayName: `${marker} ${i}` });
    const first = await listUsers({ q: marker, page: 1 });
    const second = await listUsers({ q: marker, page: 2 });
    expect(first.total).toBe(27);
    expect(first.pageCount).toBe(2);
    expect(first.users).toHaveLength(25);
    expect(second.users).toHaveLength(2);
    expect(new Set([...first.users, ...second.users].map((u) => u.id)).size).toBe(27);
  });
});

describe("searching people", () => {
  it("ignores letter case the same way on every database, also beyond ASCII", async () => {
    const marker = Math.random().toString(36).slice(2, 7);
    const person = await newResident({
      displayName: `Élodie MARTIN ${marker}`,
      email: `Elodie.${marker}@example.org`.toLowerCase(),
    });
    for (const q of [
      `élodie martin ${marker}`,
      `ÉLODIE MARTIN ${marker.toUpperCase()}`,
      `Martin ${marker}`,
      `ELODIE.${marker.toUpperCase()}@EXAMPLE`,
    ]) {
      const { users } = await listUsers({ q, page: 1 });
      expect(
        users.map((u) => u.id),
        q,
      ).toEqual([person.userId]);
    }
  });
});

describe("signing someone out everywhere", () => {
  it("ends all of a person's sessions and logs who did it", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    const phone = await lucia.createSession(resident.userId, { userAgent: "Phone" });
    await lucia.createSession(resident.userId, { userAgent: "Laptop" });
    expect(await revokeAllSessions(admin.user, resident.userId)).toEqual({ ok: true, value: { count: 2 } });
    expect((await lucia.validateSession(phone.id)).session).toBeNull();
    const [entry] = await db.auditEntry.findMany({ where: { action: "session.revoke", targetId: resident.userId } });
    expect(entry.actorId).toBe(admin.userId);
    expect(JSON.parse(entry.detail!)).toEqual({ sessions: 2 });
  });
});

describe("the last administrator", () => {
  it("cannot delete their own account and leave the forum without one", async () => {
    await db.role.deleteMany({ where: { name: "administrator" } });
    const only = await newAdministrator();
    expect(await deleteAccount(only.user, only.password, "10.9.9.9")).toEqual({
      ok: false,
      field: "form",
      error: "admin.users.lastAdministrator",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: only.userId } })).deletedAt).toBeNull();
  });
});

describe("a session", () => {
  it("is never extended past its 30-day lifetime", async () => {
    const resident = await newResident();
    const session = await lucia.createSession(resident.userId, { userAgent: "Phone" });
    const tenDaysLeft = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    await db.session.update({ where: { id: session.id }, data: { expiresAt: tenDaysLeft } });
    await lucia.validateSession(session.id);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).expiresAt.getTime()).toBe(
      tenDaysLeft.getTime(),
    );
  });
});

describe("the audit log", () => {
  it("records only changes that happened: a no-op is refused with a message and writes no row", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    const created = await createDepartment(admin.user, { slug: slug(), nameZh: "统计局", nameEn: "Statistics Bureau" });
    if (!created.ok) throw new Error("department not created");
    const rowsBefore = await db.auditEntry.count({ where: { targetId: resident.userId } });

    expect(await changeRole(admin.user, resident.userId, { intent: "revokeRole", role: "moderator" })).toEqual({
      ok: false,
      field: "form",
      error: "admin.users.roleNotHeld",
    });
    expect(
      await changeRole(admin.user, resident.userId, { intent: "removeMembership", departmentId: created.value.id }),
    ).toMatchObject({
      ok: false,
      error: "admin.users.notMember",
    });
    expect(
      await changeRole(admin.user, resident.userId, { intent: "removeMembership", departmentId: "no-such-department" }),
    ).toMatchObject({ ok: false });
    expect(await changeRole(admin.user, resident.userId, { intent: "grantRole", role: "moderator" })).toMatchObject({
      ok: true,
    });
    expect(await changeRole(admin.user, resident.userId, { intent: "grantRole", role: "moderator" })).toMatchObject({
      ok: false,
      error: "admin.users.alreadyHeld",
    });
    expect(
      await changeRole(admin.user, resident.userId, { intent: "addMembership", departmentId: created.value.id }),
    ).toMatchObject({ ok: true });
    expect(
      await changeRole(admin.user, resident.userId, { intent: "addMembership", departmentId: created.value.id }),
    ).toMatchObject({
      ok: false,
      error: "admin.users.alreadyMember",
    });
    expect(await revokeAllSessions(admin.user, "nonexistent")).toMatchObject({
      ok: false,
      error: "admin.users.notFound",
    });
    expect(await revokeAllSessions(admin.user, "\u0000")).toMatchObject({ ok: false, error: "admin.users.notFound" });

    // Only the grant and the membership happened.
    expect(await db.auditEntry.count({ where: { targetId: resident.userId } })).toBe(rowsBefore + 2);
    expect(await db.auditEntry.count({ where: { targetId: "nonexistent" } })).toBe(0);
  });

  it("keeps the name and roles of an administrator who acted, after they delete their account", async () => {
    const admin = await newAdministrator();
    const second = await newAdministrator(); // so that the first may leave
    const resident = await newResident();
    await changeRole(admin.user, resident.userId, { intent: "grantRole", role: "moderator" });
    expect(await deleteAccount(admin.user, admin.password, "10.9.9.8")).toMatchObject({ ok: true });

    const [grant] = await db.auditEntry.findMany({ where: { action: "role.grant", targetId: resident.userId } });
    expect(grant).toMatchObject({
      actorId: admin.userId,
      actorName: "Test Administrator",
      actorRoles: "administrator",
    });
    // Their own personal data is gone all the same, and their self-deletion carries no name.
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.userId } })).toMatchObject({
      email: null,
      displayName: "",
    });
    const [deletion] = await db.auditEntry.findMany({ where: { action: "account.delete", targetId: admin.userId } });
    expect(deletion.actorName).toBe("");
    expect(second.userId).not.toBe(admin.userId);
  });
});

describe("two administrators revoking each other at the same moment", () => {
  it("cannot both succeed and leave the forum without an administrator", async () => {
    for (let round = 0; round < 5; round++) {
      await db.role.deleteMany({ where: { name: "administrator" } });
      const [a, b] = [await newAdministrator(), await newAdministrator()];
      const outcomes = await Promise.all([
        changeRole(a.user, b.userId, { intent: "revokeRole", role: "administrator" }),
        changeRole(b.user, a.userId, { intent: "revokeRole", role: "administrator" }),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(await db.role.count({ where: { name: "administrator" } })).toBe(1);
    }
  });
});
