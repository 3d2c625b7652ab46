import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { changePassword, deleteAccount, logIn } from "~/features/accounts/accounts.server";
import { lucia } from "~/features/accounts/auth.server";
import { issueResetCode, resetPassword } from "~/features/accounts/password-reset.server";
import { listPasswordEvents, SECURITY_PAGE_SIZE } from "~/features/accounts/security.server";
import { listAuditEntries } from "~/features/audit/audit.server";
import { renderNotification } from "~/features/notifications/kinds";
import { i18nextFor } from "~/i18n/i18next.server";
import {
  asUser,
  fromNewAddress,
  newAdministrator,
  newDepartment,
  newOfficial,
  newResident,
  newWithRole,
  uniqueIp,
  type Person,
} from "./helpers";
import { asHtml, expectRefusalIn, logInOverHttp, post, withRealServer } from "./http";
import { startMailServer } from "./mail-server";

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

    expect(
      await resetPassword(
        { email: resident.email, code: issued.value.code, newPassword: "a brand new passphrase" },
        uniqueIp(),
      ),
    ).toEqual({
      ok: true,
      value: undefined,
    });
    expect((await lucia.validateSession(phone.id)).session).toBeNull();
    expect(await logIn({ email: resident.email, password: "a brand new passphrase" }, fromNewAddress())).toMatchObject({
      ok: true,
    });
    expect(await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).toMatchObject({
      ok: false,
    });

    // The audit log shows who set the password by their current name, though the row keeps none.
    const { entries } = await listAuditEntries(1);
    const reset = entries.find((entry) => entry.action === "password.reset" && entry.person?.id === resident.userId);
    expect(reset?.actor?.name).toBe(resident.displayName);

    // Single use.
    expect(
      await resetPassword(
        { email: resident.email, code: issued.value.code, newPassword: "yet another passphrase" },
        uniqueIp(),
      ),
    ).toMatchObject({
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
    const [entry] = await db.auditEntry.findMany({
      where: { action: "password.resetCode.issue", targetId: resident.userId },
    });
    expect(entry).toMatchObject({ actorId: staff.userId, actorName: "Counter Staff", actorRoles: "counterStaff" });
  });

  it("works for no other account, not after it expires, and not once a newer code was given", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    const other = await newResident();
    const first = await issueResetCode(admin.user, resident.email);
    const second = await issueResetCode(admin.user, resident.email);
    if (!first.ok || !second.ok) throw new Error("not issued");
    const attempt = (email: string, code: string) =>
      resetPassword({ email, code, newPassword: "a brand new passphrase" }, uniqueIp());
    expect(await attempt(resident.email, first.value.code)).toMatchObject({ ok: false, field: "code" });
    expect(await attempt(other.email, second.value.code)).toMatchObject({ ok: false, field: "code" });
    await db.passwordResetCode.updateMany({
      where: { userId: resident.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await attempt(resident.email, second.value.code)).toMatchObject({ ok: false, field: "code" });
    expect(await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).toMatchObject({
      ok: true,
    });
  });

  it("cannot be given by a resident, a moderator or an official", async () => {
    const resident = await newResident();
    const moderator = await newResident();
    await db.role.create({ data: { userId: moderator.userId, name: "moderator" } });
    for (const actor of [resident.user, await asUser(moderator.userId)]) {
      expect(await issueResetCode(actor, resident.email)).toMatchObject({
        ok: false,
        error: "counter.resetCode.notAllowed",
      });
    }
    expect(await db.passwordResetCode.count({ where: { userId: resident.userId } })).toBe(0);
  });

  it("cannot be blocked by strangers sending wrong codes for the account from many addresses", async () => {
    const staff = await newCounterStaff();
    const resident = await newResident();
    for (let i = 0; i < 12; i++) {
      await resetPassword(
        { email: resident.email, code: "000000000000", newPassword: "an attacker's choice" },
        uniqueIp(),
      );
    }
    const issued = await issueResetCode(staff.user, resident.email);
    if (!issued.ok) throw new Error(issued.error);
    expect(
      await resetPassword(
        { email: resident.email, code: issued.value.code, newPassword: "the owner's new one" },
        uniqueIp(),
      ),
    ).toMatchObject({ ok: true });
  });

  it("used by two submissions at once sets the password only once", async () => {
    const staff = await newCounterStaff();
    const resident = await newResident();
    const issued = await issueResetCode(staff.user, resident.email);
    if (!issued.ok) throw new Error(issued.error);
    const outcomes = await Promise.all(
      ["first new passphrase", "second new passphrase"].map((newPassword) =>
        resetPassword({ email: resident.email, code: issued.value.code, newPassword }, uniqueIp()),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Who may reset whose password (docs/decisions/0023): every pair of roles.

type ActorKind = "resident" | "official" | "moderator" | "counterStaff" | "administrator";
type TargetKind = ActorKind | "self" | "anotherAdministrator" | "deleted";

async function newPerson(kind: ActorKind): Promise<Person> {
  if (kind === "resident") return newResident();
  if (kind === "official") return newOfficial((await newDepartment()).id);
  return newWithRole(kind);
}

const NOT_ALLOWED = "counter.resetCode.notAllowed";
const STAFF = "counter.resetCode.staffAccount";
const OWN = "counter.resetCode.ownAccount";
const NO_ACCOUNT = "counter.resetCode.noSuchAccount";
const nobody = {
  resident: NOT_ALLOWED,
  official: NOT_ALLOWED,
  moderator: NOT_ALLOWED,
  counterStaff: NOT_ALLOWED,
  administrator: NOT_ALLOWED,
  self: NOT_ALLOWED,
  anotherAdministrator: NOT_ALLOWED,
  deleted: NOT_ALLOWED,
};

/** null: a code is given; otherwise the message the refusal shows. */
const RULE: Record<ActorKind, Record<TargetKind, string | null>> = {
  resident: nobody,
  official: nobody,
  moderator: nobody,
  counterStaff: {
    resident: null,
    official: STAFF,
    moderator: STAFF,
    counterStaff: STAFF,
    administrator: STAFF,
    self: OWN,
    anotherAdministrator: STAFF,
    deleted: NO_ACCOUNT,
  },
  administrator: {
    resident: null,
    official: null,
    moderator: null,
    counterStaff: null,
    administrator: null,
    self: OWN,
    anotherAdministrator: null,
    deleted: NO_ACCOUNT,
  },
};

const actors = new Map<ActorKind, Promise<Person>>();
const actorOf = (kind: ActorKind) => {
  if (!actors.has(kind)) actors.set(kind, newPerson(kind));
  return actors.get(kind)!;
};

async function targetFor(kind: TargetKind, actor: Person): Promise<Person> {
  if (kind === "self") return actor;
  if (kind === "anotherAdministrator") return newAdministrator();
  if (kind === "deleted") {
    const person = await newResident();
    expect(await deleteAccount(person.user, person.password, uniqueIp())).toMatchObject({ ok: true });
    return person;
  }
  return newPerson(kind);
}

/** Everything a code for the person leaves behind. */
async function traces(userId: string) {
  const [codes, audit, notifications] = await Promise.all([
    db.passwordResetCode.count({ where: { userId } }),
    db.auditEntry.count({ where: { action: "password.resetCode.issue", targetType: "user", targetId: userId } }),
    db.notification.count({ where: { userId, kind: "accounts.resetCodeIssued" } }),
  ]);
  return { codes, audit, notifications };
}

const PAIRS = (Object.keys(RULE) as ActorKind[]).flatMap((actor) =>
  (Object.keys(RULE[actor]) as TargetKind[]).map((target) => ({ actor, target, expected: RULE[actor][target] })),
);

describe("who may reset whose password", () => {
  it.each(PAIRS)("$actor → $target: $expected", async ({ actor: actorKind, target: targetKind, expected }) => {
    const actor = await actorOf(actorKind);
    const target = await targetFor(targetKind, actor);
    const outcome = await issueResetCode(actor.user, target.email);
    if (expected === null) {
      expect(outcome).toMatchObject({ ok: true, value: { code: expect.stringMatching(/^\d{12}$/) } });
      expect(await traces(target.userId)).toEqual({ codes: 1, audit: 1, notifications: 1 });
    } else {
      // Next to the email field, which the clerk can act on; "not allowed" is about the clerk.
      expect(outcome).toEqual({ ok: false, field: expected === NOT_ALLOWED ? "form" : "email", error: expected });
      expect(await traces(target.userId)).toEqual({ codes: 0, audit: 0, notifications: 0 });
    }
  });
});

describe("a code whose account changed after it was given", () => {
  const attempt = (person: Person, code: string) =>
    resetPassword({ email: person.email, code, newPassword: "a taken-over passphrase" }, uniqueIp());
  const issued = async (actor: Person, person: Person) => {
    const outcome = await issueResetCode(actor.user, person.email);
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome.value.code;
  };

  it("is checked again when used: a clerk's stops working once the resident became staff, an administrator's does not", async () => {
    const clerk = await newWithRole("counterStaff");
    const admin = await newAdministrator();
    const [toModerator, toOfficial, byAdmin] = [await newResident(), await newResident(), await newResident()];
    const [first, second, third] = [
      await issued(clerk, toModerator),
      await issued(clerk, toOfficial),
      await issued(admin, byAdmin),
    ];
    // Granted after the code was given, as a grant that commits while the code is being written would be.
    await db.role.create({ data: { userId: toModerator.userId, name: "moderator" } });
    await db.membership.create({ data: { userId: toOfficial.userId, departmentId: (await newDepartment()).id } });
    await db.role.create({ data: { userId: byAdmin.userId, name: "moderator" } });
    expect(await attempt(toModerator, first)).toEqual({ ok: false, field: "code", error: "auth.resetCodeInvalid" });
    expect(await attempt(toOfficial, second)).toEqual({ ok: false, field: "code", error: "auth.resetCodeInvalid" });
    for (const person of [toModerator, toOfficial]) {
      expect(await logIn({ email: person.email, password: person.password }, fromNewAddress())).toMatchObject({
        ok: true,
      });
      expect(await db.auditEntry.count({ where: { action: "password.reset", targetId: person.userId } })).toBe(0);
    }
    // Administrators may reset staff, so the rule still holds for theirs.
    expect(await attempt(byAdmin, third)).toEqual({ ok: true, value: undefined });
  });

  it("stops working when the person changes their password, as the notification advises", async () => {
    const clerk = await newWithRole("counterStaff");
    const resident = await newResident();
    const code = await issued(clerk, resident);
    const session = await lucia.createSession(resident.userId, { userAgent: "test" });
    const change = { currentPassword: resident.password, newPassword: "the owner's own new one" };
    expect(await changePassword(resident.user, session.id, change, uniqueIp())).toEqual({ ok: true, value: undefined });
    expect(await attempt(resident, code)).toEqual({ ok: false, field: "code", error: "auth.resetCodeInvalid" });
    expect(await logIn({ email: resident.email, password: change.newPassword }, fromNewAddress())).toMatchObject({
      ok: true,
    });
  });

  it("does not work once the clerk who gave it lost the counter staff role", async () => {
    const clerk = await newWithRole("counterStaff");
    const resident = await newResident();
    const code = await issued(clerk, resident);
    await db.role.deleteMany({ where: { userId: clerk.userId } });
    expect(await attempt(resident, code)).toMatchObject({ ok: false, field: "code" });
  });
});

describe("the person whose password is reset", () => {
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  beforeAll(async () => {
    mail = await startMailServer();
  });
  afterAll(() => mail.close());
  afterEach(() => {
    delete process.env.SMTP_URL;
  });

  it("is notified of the code and of the new password, in their language, by email too", async () => {
    process.env.SMTP_URL = mail.url;
    const clerk = await newWithRole("counterStaff");
    const resident = await newResident({ displayName: "李阿姨" });
    await db.user.update({ where: { id: resident.userId }, data: { locale: "zh-CN" } });
    const issued = await issueResetCode(clerk.user, resident.email);
    if (!issued.ok) throw new Error(issued.error);
    expect(
      await resetPassword(
        { email: resident.email, code: issued.value.code, newPassword: "a brand new passphrase" },
        uniqueIp(),
      ),
    ).toMatchObject({ ok: true });

    const notifications = await db.notification.findMany({
      where: { userId: resident.userId },
      orderBy: { createdAt: "asc" },
    });
    expect(notifications.map(({ kind, link }) => ({ kind, link }))).toEqual([
      { kind: "accounts.resetCodeIssued", link: "/account/security" },
      { kind: "accounts.passwordReset", link: "/account/security" },
    ]);
    // Worded in each language, not the generic sentence for a kind nobody registered.
    for (const language of ["zh-CN", "en"]) {
      const { t } = i18nextFor(language);
      expect(renderNotification({ kind: "accounts.resetCodeIssued", params: {} }, t, language)).toBe(
        t("account.notifications.resetCodeIssued"),
      );
      expect(renderNotification({ kind: "accounts.passwordReset", params: {} }, t, language)).toBe(
        t("account.notifications.passwordReset"),
      );
    }
    // The emails go out after the commit, without holding up the counter: wait for them to arrive.
    await expect.poll(() => mail.mailTo(resident.email).length).toBe(2);
    const zh = i18nextFor("zh-CN").t;
    const bodies = mail.mailTo(resident.email).map((message) => message.text ?? "");
    expect(bodies.some((text) => text.includes(zh("account.notifications.resetCodeIssued")))).toBe(true);
    expect(bodies.some((text) => text.includes(zh("account.notifications.passwordReset")))).toBe(true);
  });

  it("sees every code and password change on the security page, newest first, a page at a time", async () => {
    const clerk = await newWithRole("counterStaff", "Clerk Wang");
    const resident = await newResident();
    const stranger = await newResident();
    const first = await issueResetCode(clerk.user, resident.email);
    const second = await issueResetCode(clerk.user, resident.email);
    if (!first.ok || !second.ok) throw new Error("not issued");
    // The newer code replaced the first, whose row is gone: the audit log still has it.
    expect(await db.passwordResetCode.count({ where: { userId: resident.userId } })).toBe(1);
    expect(
      await resetPassword(
        { email: resident.email, code: second.value.code, newPassword: "a brand new passphrase" },
        uniqueIp(),
      ),
    ).toMatchObject({ ok: true });
    const session = await lucia.createSession(resident.userId, { userAgent: "test" });
    const current = { currentPassword: "a brand new passphrase", newPassword: "and yet another passphrase" };
    expect(await changePassword(resident.user, session.id, current, uniqueIp())).toMatchObject({ ok: true });
    const third = await issueResetCode(clerk.user, resident.email);
    if (!third.ok) throw new Error(third.error);

    const { events, pageCount } = await listPasswordEvents(resident.userId, 1);
    expect(pageCount).toBe(1);
    const by = { name: "Clerk Wang", roles: ["counterStaff"] };
    expect(events).toEqual([
      expect.objectContaining({ kind: "codeIssued", by, expiresAt: third.value.expiresAt, use: "open", usedAt: null }),
      expect.objectContaining({ kind: "passwordChanged" }),
      expect.objectContaining({ kind: "passwordReset" }),
      expect.objectContaining({
        kind: "codeIssued",
        by,
        expiresAt: second.value.expiresAt,
        use: "used",
        usedAt: expect.any(Date),
      }),
      expect.objectContaining({
        kind: "codeIssued",
        by,
        expiresAt: first.value.expiresAt,
        use: "unused",
        usedAt: null,
      }),
    ]);
    expect((await listPasswordEvents(stranger.userId, 1)).events).toEqual([]);

    for (let i = 0; i < SECURITY_PAGE_SIZE; i++) await issueResetCode(clerk.user, resident.email);
    const [pageOne, pageTwo] = [
      await listPasswordEvents(resident.userId, 1),
      await listPasswordEvents(resident.userId, 2),
    ];
    expect(pageOne.pageCount).toBe(2);
    expect(pageOne.events).toHaveLength(SECURITY_PAGE_SIZE);
    expect(pageTwo.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });
});

// ---------------------------------------------------------------------------------------------
// The attack the outside review found, through the forms as a browser sends them.

describe("the counter form, over HTTP", () => {
  let base = "";
  withRealServer((url) => (base = url));
  const cookiesOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0])
      .join("; ");

  it("refuses a clerk a colleague's or an administrator's account, and gives a resident's, who is told and sees it", async () => {
    const clerk = await newWithRole("counterStaff", "Clerk Wang");
    const colleague = await newWithRole("counterStaff");
    const admin = await newAdministrator();
    const resident = await newResident({ displayName: "李阿姨" });
    await db.user.update({ where: { id: resident.userId }, data: { locale: "zh-CN" } });
    const { cookie } = await logInOverHttp(base, clerk.email, clerk.password);
    const ask = (email: string, language: "en" | "zh-CN") =>
      post(
        base,
        "/counter/password-reset",
        { email, identityChecked: "on" },
        { Cookie: cookie, "Accept-Language": language },
      );

    for (const language of ["en", "zh-CN"] as const) {
      await expectRefusalIn(await ask(colleague.email, language), language, "counter.resetCode.staffAccount");
      await expectRefusalIn(await ask(admin.email, language), language, "counter.resetCode.staffAccount");
    }
    await expectRefusalIn(await ask(clerk.email, "en"), "en", "counter.resetCode.ownAccount");
    for (const person of [colleague, admin, clerk])
      expect(await traces(person.userId)).toEqual({ codes: 0, audit: 0, notifications: 0 });

    const given = await ask(resident.email, "en");
    expect(given.status).toBe(200);
    const code = /class="reset-code"[^>]*>([\d ]{14})</.exec(await given.text())?.[1];
    expect(code).toMatch(/^\d{4} \d{4} \d{4}$/);
    expect(await traces(resident.userId)).toEqual({ codes: 1, audit: 1, notifications: 1 });

    const newPassword = "a brand new passphrase";
    const reset = await post(base, "/reset-password", {
      email: resident.email,
      code: code!,
      newPassword,
      newPasswordConfirmation: newPassword,
    });
    expect(reset.status).toBe(302);

    // At login the account's language (Chinese) applies in a browser that has not chosen one.
    const login = await post(
      base,
      "/login",
      { email: resident.email, password: newPassword },
      { "Accept-Language": "en" },
    );
    expect(login.status).toBe(302);
    const headers = { Cookie: cookiesOf(login), "Accept-Language": "en" };
    const zh = i18nextFor("zh-CN").t;
    const inbox = await (await fetch(`${base}/notifications`, { headers })).text();
    expect(inbox).toContain(asHtml(zh("account.notifications.resetCodeIssued")));
    expect(inbox).toContain(asHtml(zh("account.notifications.passwordReset")));

    const security = await (await fetch(`${base}/account/security`, { headers })).text();
    const who = zh("account.security.nameWithRoles", { name: "Clerk Wang", roles: zh("roles.counterStaff") });
    const [usedBefore, usedAfter] = zh("account.security.used", { date: "\0" }).split("\0");
    expect(security).toContain(asHtml(zh("account.security.codeIssuedBy", { who })));
    expect(security).toMatch(new RegExp(`${usedBefore}[^<]+${usedAfter}`));
    expect(security).toContain(asHtml(zh("account.security.passwordReset")));
    expect(security).toContain(`href="/account/security"`);
    // Newest first: the new password above the code that set it.
    expect(security.indexOf(asHtml(zh("account.security.passwordReset")))).toBeLessThan(
      security.indexOf(asHtml(zh("account.security.codeIssuedBy", { who }))),
    );
  });
});
