import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { deleteAccount, exportAccountData } from "~/features/accounts/accounts.server";
import { deliverPendingEmails } from "~/features/notifications/email.server";
import {
  countUnread,
  deleteExpiredNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATIONS_PAGE_SIZE,
  notifyPeople,
  registerNotificationKinds,
} from "~/features/notifications/notifications.server";
import { newResident, uniqueIp } from "./helpers";
import { closedPort, startMailServer } from "./mail-server";

// A kind as a feature would register it: the text names a department in the reader's language.
registerNotificationKinds({
  "test.departmentClosed": {
    message: "admin.departments.deleted",
    values: (params, locale) => ({ department: locale === "en" ? params.nameEn : params.nameZh }),
  },
});
const closed = {
  kind: "test.departmentClosed",
  params: { nameZh: "水务局", nameEn: "Water Bureau" },
  link: "/departments/water",
};

async function notifyNow(recipients: string[], notification = closed) {
  const sent = await db.$transaction((tx) => notifyPeople(tx, recipients, notification));
  await sent.afterCommit();
  return sent;
}

// Without SMTP_URL every notification logs a line; the one test about those lines reads them.
beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
});

afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  vi.restoreAllMocks();
});

describe("notifying people", () => {
  it("writes nothing when the action's transaction rolls back", async () => {
    const resident = await newResident();
    await expect(
      db.$transaction(async (tx) => {
        await notifyPeople(tx, [resident.userId], closed);
        throw new Error("the action itself failed");
      }),
    ).rejects.toThrow("the action itself failed");
    expect(await db.notification.count({ where: { userId: resident.userId } })).toBe(0);
    expect(await countUnread(resident.userId)).toBe(0);
  });

  it("notifies each person once, and nobody whose account is deleted or does not exist", async () => {
    const [first, second, gone] = await Promise.all([newResident(), newResident(), newResident()]);
    expect(await deleteAccount(gone.user, gone.password, uniqueIp())).toMatchObject({ ok: true });
    const sent = await notifyNow([first.userId, second.userId, first.userId, gone.userId, "no-such-person"]);
    expect(sent.ids).toHaveLength(2);
    expect(await countUnread(first.userId)).toBe(1);
    expect(await countUnread(second.userId)).toBe(1);
    expect(await db.notification.count({ where: { userId: gone.userId } })).toBe(0);
  });

  it("reaches a thousand followers at once, within the action's transaction", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const ids = Array.from({ length: 1200 }, (_, i) => `follower-${tag}-${i}`);
    await db.user.createMany({ data: ids.map((id) => ({ id, email: `${id}@example.org`, displayName: "Follower" })) });
    const sent = await db.$transaction((tx) => notifyPeople(tx, ids, closed));
    expect(sent.ids).toHaveLength(ids.length);
    expect(await db.notification.count({ where: { userId: { startsWith: `follower-${tag}-` }, readAt: null } })).toBe(
      ids.length,
    );
    expect(await countUnread(ids[1199])).toBe(1);
    expect((await listNotifications(ids[0], 1)).notifications).toEqual([
      expect.objectContaining({ kind: closed.kind, params: closed.params, link: closed.link, readAt: null }),
    ]);
  });

  it("refuses a link that leaves the forum, and the caller's action with it", async () => {
    const resident = await newResident();
    await expect(
      db.$transaction((tx) => notifyPeople(tx, [resident.userId], { ...closed, link: "https://elsewhere.example/" })),
    ).rejects.toThrow();
    await expect(
      db.$transaction((tx) => notifyPeople(tx, [resident.userId], { ...closed, link: "//elsewhere.example/" })),
    ).rejects.toThrow();
    expect(await countUnread(resident.userId)).toBe(0);
  });
});

describe("a person's notifications", () => {
  it("are listed newest first, a page at a time, counted while unread, and marked read one by one or all at once", async () => {
    const resident = await newResident();
    const total = NOTIFICATIONS_PAGE_SIZE + 5;
    for (let i = 0; i < total; i++) {
      const { ids } = await notifyNow([resident.userId], {
        ...closed,
        params: { nameZh: `部门${i}`, nameEn: `Department ${i}` },
      });
      // One a minute, so that "newest first" has an unambiguous answer.
      await db.notification.update({
        where: { id: ids[0] },
        data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) },
      });
    }
    expect(await countUnread(resident.userId)).toBe(total);

    const first = await listNotifications(resident.userId, 1);
    expect(first.pageCount).toBe(2);
    expect(first.notifications).toHaveLength(NOTIFICATIONS_PAGE_SIZE);
    expect(first.notifications[0].params.nameEn).toBe(`Department ${total - 1}`);
    expect(first.notifications.every((n) => n.readAt === null && n.link === closed.link)).toBe(true);
    const second = await listNotifications(resident.userId, 2);
    expect(second.notifications.map((n) => n.params.nameEn)).toEqual([4, 3, 2, 1, 0].map((i) => `Department ${i}`));

    expect(await markNotificationRead(resident.userId, first.notifications[0].id)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await countUnread(resident.userId)).toBe(total - 1);
    // Marking it again is no mistake, and changes nothing.
    expect(await markNotificationRead(resident.userId, first.notifications[0].id)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await countUnread(resident.userId)).toBe(total - 1);
    expect((await listNotifications(resident.userId, 1)).notifications[0].readAt).not.toBeNull();

    expect(await markAllNotificationsRead(resident.userId)).toEqual({ ok: true, value: { count: total - 1 } });
    expect(await countUnread(resident.userId)).toBe(0);
  });

  it("cannot be marked read by anyone else: their id is 'not found' and nothing changes", async () => {
    const [owner, stranger] = await Promise.all([newResident(), newResident()]);
    const { ids } = await notifyNow([owner.userId]);
    await notifyNow([stranger.userId]);
    expect(await markNotificationRead(stranger.userId, ids[0])).toEqual({
      ok: false,
      field: "form",
      error: "notifications.notFound",
    });
    expect(await markNotificationRead(stranger.userId, "not a record id!")).toMatchObject({ ok: false });
    expect(await db.notification.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({ readAt: null });
    expect(await countUnread(owner.userId)).toBe(1);
    expect(await countUnread(stranger.userId)).toBe(1);
  });

  it("are in the person's data download, and deleted with the account", async () => {
    const resident = await newResident();
    await notifyNow([resident.userId]);
    const data = await exportAccountData(resident.userId);
    expect(data.notifications).toEqual([
      expect.objectContaining({
        kind: closed.kind,
        params: closed.params,
        link: closed.link,
        readAt: null,
        emailedAt: null,
      }),
    ]);
    expect(data.profile.emailNotifications).toBe(true);

    expect(await deleteAccount(resident.user, resident.password, uniqueIp())).toMatchObject({ ok: true });
    expect(await db.notification.count({ where: { userId: resident.userId } })).toBe(0);
  });

  it("are deleted after the retention period, and younger ones are kept", async () => {
    const resident = await newResident();
    const {
      ids: [old],
    } = await notifyNow([resident.userId]);
    const {
      ids: [recent],
    } = await notifyNow([resident.userId]);
    await db.notification.update({
      where: { id: old },
      data: { createdAt: new Date(Date.now() - 366 * 24 * 3600 * 1000) },
    });
    expect(await deleteExpiredNotifications()).toBeGreaterThanOrEqual(1);
    expect(await db.notification.findMany({ where: { userId: resident.userId }, select: { id: true } })).toEqual([
      { id: recent },
    ]);
  });
});

describe("emails", () => {
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  beforeAll(async () => {
    mail = await startMailServer();
  });
  afterAll(async () => {
    await mail.close();
  });
  const mailTo = (address: string) => mail.mailTo(address);

  it("are delivered to the mail server, each in its recipient's language", async () => {
    process.env.SMTP_URL = mail.url;
    process.env.MAIL_FROM = "Civic Forum <forum@city.example>";
    process.env.PUBLIC_URL = "https://forum.city.example/";
    const [english, chinese] = await Promise.all([
      newResident({ displayName: "Ada" }),
      newResident({ displayName: "王芳" }),
    ]);
    await db.user.update({ where: { id: chinese.userId }, data: { locale: "zh-CN" } });

    const { ids } = await notifyNow([english.userId, chinese.userId]);

    const [toEnglish] = mailTo(english.email);
    expect(toEnglish.subject).toBe("Water Bureau has been deleted. · Civic Forum");
    expect(toEnglish.from?.text).toBe('"Civic Forum" <forum@city.example>');
    expect(toEnglish.text).toContain("Hello Ada,");
    expect(toEnglish.text).toContain("https://forum.city.example/departments/water");
    const [toChinese] = mailTo(chinese.email);
    expect(toChinese.subject).toContain("水务局");
    expect(toChinese.subject).toContain("市民议事厅");
    expect(toChinese.text).toContain("王芳，您好");
    const rows = await db.notification.findMany({ where: { id: { in: ids } } });
    expect(rows.every((row) => row.emailedAt !== null && !row.emailPending)).toBe(true);
    delete process.env.PUBLIC_URL;
  });

  it("keep a line break in a resident's text out of the headers", async () => {
    process.env.SMTP_URL = mail.url;
    const resident = await newResident();
    await notifyNow([resident.userId], {
      ...closed,
      params: { nameZh: "水务局", nameEn: "Water\r\nBcc: someone@elsewhere.example" },
    });
    const [message] = mailTo(resident.email);
    expect(message.subject).toBe("Water Bcc: someone@elsewhere.example has been deleted. · Civic Forum");
    expect(message.bcc).toBeUndefined();
    expect(mailTo("someone@elsewhere.example")).toEqual([]);
  });

  it("are not sent to a person who turned them off", async () => {
    process.env.SMTP_URL = mail.url;
    const resident = await newResident();
    await db.user.update({ where: { id: resident.userId }, data: { emailNotifications: false } });
    const { ids } = await notifyNow([resident.userId]);
    expect(mailTo(resident.email)).toEqual([]);
    expect(await db.notification.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({
      emailedAt: null,
      emailPending: false,
    });
    expect(await countUnread(resident.userId)).toBe(1);
  });

  it("fail nothing while the mail server is down, and are sent once it is back", async () => {
    process.env.SMTP_URL = await closedPort();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const resident = await newResident();
    const { ids } = await notifyNow([resident.userId]);
    expect(await db.notification.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({
      emailedAt: null,
      emailPending: true,
    });
    expect(await countUnread(resident.userId)).toBe(1);
    // What was logged names the notification, never the person's address.
    expect(errors.mock.calls.flat().join(" ")).toContain(ids[0]);
    expect(errors.mock.calls.flat().join(" ")).not.toContain(resident.email);

    process.env.SMTP_URL = mail.url;
    expect((await deliverPendingEmails()).sent).toBeGreaterThanOrEqual(1);
    expect(mailTo(resident.email)).toHaveLength(1);
    expect(await db.notification.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({ emailPending: false });
    // Sent once: another pass finds nothing left for this person.
    await deliverPendingEmails();
    expect(mailTo(resident.email)).toHaveLength(1);
  });

  it("without SMTP_URL, are one log line each, with nothing personal in it", async () => {
    const lines = vi.mocked(console.log);
    const resident = await newResident({ displayName: "Private Person" });
    const { ids } = await notifyNow([resident.userId]);
    const logged = lines.mock.calls.map((call) => call.join(" ")).filter((line) => line.includes(ids[0]));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(closed.kind);
    expect(logged[0]).not.toContain(resident.email);
    expect(logged[0]).not.toContain("Private Person");
    expect(logged[0]).not.toContain("Water Bureau");
    expect(mailTo(resident.email)).toEqual([]);
  });
});
