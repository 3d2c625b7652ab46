// Editing a policy's community draft (docs/decisions/0021): who may read and who may change it through the
// collaboration server (visitors read, the consultation must be open, protected pages and blocked
// editors), sockets whose right is withdrawn while open, revisions after a pause and on saving
// with a summary, a moderator's restore reaching the people editing, and diffs of Chinese text.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import { db } from "~/db.server";
import { lucia } from "~/features/accounts/auth.server";
import { storeUpdates } from "~/features/collab/store.server";
import { compareTexts, diffTexts, partsOf } from "~/features/policies/diff";
import { draftDocumentName } from "~/features/policies/draft-access.server";
import { jsonOfDoc, paragraphs, plainTextOf, stateOfJson, updateTowards } from "~/features/policies/draft-text";
import { blockEditor, protectPolicy, unblockEditor } from "~/features/policies/moderation.server";
import {
  listRevisions,
  readDraft,
  recordMissedRevisions,
  recordRevision,
  recordRevisionAfterPause,
  restoreRevision,
  saveDraft,
} from "~/features/policies/revisions.server";
import { EDITING_PAUSE_MS } from "~/shared/collab";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { asUser, newAdministrator, newResident } from "./helpers";
import {
  isAnswer,
  rawClient,
  requestMessage,
  signedInResident,
  startCollabServer,
  updateMessage,
  type CollabTestServer,
} from "./collab";
import * as http from "./http";
import { readSync } from "../protocol";
import { i18nextFor } from "~/i18n/i18next.server";

let base: string;
http.withRealServer((url) => (base = url));

// The forum's collaboration server with its own hooks (the policy lookup by default), started
// after the real server, so that a moderator's restore reaches the editors connected here.
let running: CollabTestServer;
beforeAll(async () => {
  running = await startCollabServer();
});
afterAll(() => running.stop());

const unique = () => randomBytes(4).toString("hex");

async function newDepartment() {
  const id = unique();
  return db.department.create({ data: { slug: `d-${id}`, nameZh: `交通局${id}`, nameEn: `Transport Bureau ${id}` } });
}

/** A policy in the given state whose draft starts with the given lines, written by an official. */
async function newPolicy(lines: string[], status = "open") {
  const department = await newDepartment();
  const official = await signedInResident(`Official ${unique()}`);
  await db.membership.create({ data: { userId: official.userId, departmentId: department.id } });
  const policy = await db.policy.create({
    data: { title: `停车管理办法 ${unique()}`, departmentId: department.id, status },
  });
  await storeUpdates(draftDocumentName(policy.id), [
    {
      update: stateOfJson(paragraphs(...lines)),
      authorId: official.userId,
      at: new Date(Date.now() - 2 * EDITING_PAUSE_MS),
    },
  ]);
  return { policy, department, official, documentName: draftDocumentName(policy.id) };
}

async function newModerator() {
  const person = await newResident({ displayName: `Moderator ${unique()}` });
  await db.role.create({ data: { userId: person.userId, name: "moderator" } });
  return { ...person, user: await asUser(person.userId) };
}

const textOf = (doc: Y.Doc) => plainTextOf(jsonOfDoc(doc));

/** Resolves once the editor's document reads exactly `expected`. */
function textBecomes(editor: { doc: Y.Doc }, expected: string) {
  const fragment = editor.doc.getXmlFragment(TEXT_FRAGMENT);
  return new Promise<void>((resolve) => {
    const check = () => {
      if (textOf(editor.doc) === expected) {
        fragment.unobserveDeep(check);
        resolve();
      }
    };
    fragment.observeDeep(check);
    check();
  });
}

/**
 * A raw connection that tries to change the draft, then asks for the whole document: the answer
 * comes after its change was handled, so it shows whether the change was taken.
 */
async function tryToWrite(documentName: string, cookie: string, line: string) {
  const client = rawClient(running.base, documentName, cookie);
  await client.opened;
  const seen = await serverDoc(client);
  client.send(updateMessage(updateTowards(seen, paragraphs(textOf(seen), line))));
  const after = textOf(await serverDoc(client));
  client.socket.close();
  return after;
}

async function serverDoc(client: ReturnType<typeof rawClient>) {
  const answer = client.inbox.next(isAnswer);
  client.send(requestMessage());
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readSync(await answer)!.payload);
  return doc;
}

const storedBy = (documentName: string, authorId: string) =>
  db.documentUpdate.count({ where: { documentName, authorId } });

describe("who may change a draft", () => {
  it("a visitor without a session reads the draft live, and what they send is neither stored nor kept", async () => {
    const { documentName, official } = await newPolicy(["第一条 为了规范停车管理，制定本办法。"]);
    const before = await db.documentUpdate.count({ where: { documentName } });
    expect(await tryToWrite(documentName, "", "我是游客")).toBe("第一条 为了规范停车管理，制定本办法。");
    expect(await tryToWrite(documentName, "forum_session=not-a-session", "伪造的会话")).toBe(
      "第一条 为了规范停车管理，制定本办法。",
    );
    expect(await db.documentUpdate.count({ where: { documentName } })).toBe(before);

    // ...and sees a resident's change arrive.
    const visitor = http.openEditor(running.base, documentName, "");
    const resident = await signedInResident("居民甲");
    const editor = http.openEditor(running.base, documentName, resident.cookie);
    await Promise.all([visitor.synced, editor.synced]);
    const arrived = textBecomes(visitor, "第一条 为了规范停车管理，制定本办法。\n第二条 居民可以提出意见。");
    updateTowards(editor.doc, paragraphs("第一条 为了规范停车管理，制定本办法。", "第二条 居民可以提出意见。"));
    await arrived;
    expect(await storedBy(documentName, resident.userId)).toBeGreaterThan(0);
    expect(official.userId).not.toBe(resident.userId);
    visitor.provider.destroy();
    editor.provider.destroy();
  });

  it("while the consultation is not open, a signed-in resident only reads; a policy that does not exist is refused", async () => {
    const { documentName } = await newPolicy(["Article 1. Parking permits."], "closed");
    const resident = await signedInResident();
    expect(await tryToWrite(documentName, resident.cookie, "Article 2. Vandalism.")).toBe(
      "Article 1. Parking permits.",
    );
    expect(await storedBy(documentName, resident.userId)).toBe(0);
    await expect(rawClient(running.base, draftDocumentName("no-such-policy"), resident.cookie).opened).rejects.toThrow(
      "403",
    );
  });

  it("a protected page is changed only by officials of the owning department", async () => {
    const { policy, documentName, official } = await newPolicy(["Article 1."]);
    const moderator = await newModerator();
    expect(await protectPolicy(moderator.user, policy.id, { reason: "Edit war" })).toEqual({
      ok: true,
      value: undefined,
    });
    const resident = await signedInResident();
    expect(await tryToWrite(documentName, resident.cookie, "Resident's line")).toBe("Article 1.");
    const otherOfficial = await signedInResident();
    await db.membership.create({ data: { userId: otherOfficial.userId, departmentId: (await newDepartment()).id } });
    expect(await tryToWrite(documentName, otherOfficial.cookie, "Other department's line")).toBe("Article 1.");
    expect(await tryToWrite(documentName, official.cookie, "Official's line")).toBe("Article 1.\nOfficial's line");
    const audit = await db.auditEntry.findFirst({ where: { action: "policy.protect", targetId: policy.id } });
    expect(audit?.actorId).toBe(moderator.userId);
    expect(audit?.detail).toContain("Edit war");
  });

  it("a blocked editor reads but cannot change the draft, until unblocked; only moderators block", async () => {
    const { policy, documentName } = await newPolicy(["Article 1."]);
    const moderator = await newModerator();
    const resident = await signedInResident("Blocked Person");
    expect(await blockEditor(resident.user, policy.id, { userId: moderator.userId, reason: "no" })).toMatchObject({
      ok: false,
    });
    expect(await blockEditor(moderator.user, policy.id, { userId: resident.userId, reason: "Vandalism" })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await tryToWrite(documentName, resident.cookie, "Blocked line")).toBe("Article 1.");
    expect(await saveDraft(resident.user, policy.id, { summary: "mine" })).toEqual({
      ok: false,
      field: "summary",
      error: "policies.editing.errors.mayNotEdit",
    });
    await unblockEditor(moderator.user, policy.id, { userId: resident.userId, reason: "" });
    expect(await tryToWrite(documentName, resident.cookie, "Back again")).toBe("Article 1.\nBack again");
    expect(
      await db.auditEntry.count({
        where: { action: { in: ["policy.blockEditor", "policy.unblockEditor"] }, targetId: resident.userId },
      }),
    ).toBe(2);
  });
});

/** The draft page once it shows `text` (the editor's change is stored before anyone sees it). */
function waitForDraftPage(policyId: string, text: string) {
  return vi.waitFor(
    async () => {
      const page = await (await fetch(`${base}/policies/${policyId}/draft`)).text();
      expect(page).toContain(text);
      return page;
    },
    { timeout: 10_000, interval: 50 },
  );
}

describe("a change outside the policy text's schema", () => {
  /** Changes no editor makes, each built on the draft as the server has it. */
  const forged: Record<string, (fragment: Y.XmlFragment) => void> = {
    "an unknown element": (fragment) => {
      const script = new Y.XmlElement("script");
      script.insert(0, [new Y.XmlText("alert(1)")]);
      fragment.insert(fragment.length, [script]);
    },
    "text outside any paragraph": (fragment) => fragment.insert(fragment.length, [new Y.XmlText("<b>loose</b>")]),
    "a javascript: link": (fragment) => {
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      text.insert(0, "click me", { link: { href: "javascript:alert(document.cookie)" } });
      paragraph.insert(0, [text]);
      fragment.insert(fragment.length, [paragraph]);
    },
    "a javascript: link on existing words": (fragment) =>
      ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 3, { link: { href: " JavaScript:alert(1)" } }),
    "a mark the schema lacks": (fragment) =>
      ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "struck", { strike: {} }),
    "an event-handler attribute": (fragment) => (fragment.get(0) as Y.XmlElement).setAttribute("onclick", "alert(1)"),
    "a paragraph inside a paragraph": (fragment) => {
      const inner = new Y.XmlElement("paragraph");
      inner.insert(0, [new Y.XmlText("inner")]);
      (fragment.get(0) as Y.XmlElement).insert(0, [inner]);
    },
    "another shared type": (fragment) => fragment.doc!.getMap("settings").set("html", "<img src=x onerror=alert(1)>"),
  };

  it("is not what an editor writes: headings, lists, bold, italic, links and line breaks are taken, and edited again", async () => {
    const { policy, documentName } = await newPolicy(["第一条 为了规范停车管理，制定本办法。"]);
    const resident = await signedInResident("居民丙");
    const editor = http.openEditor(running.base, documentName, resident.cookie);
    await editor.synced;
    const rich = (article: string, href: string): JSONContent => ({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "第一章 总则" }] },
        { type: "heading", attrs: { level: 4 }, content: [{ type: "text", text: article }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Bold", marks: [{ type: "bold" }] },
            {
              type: "text",
              text: " and a link",
              marks: [
                { type: "italic" },
                {
                  type: "link",
                  attrs: { href, target: "_blank", rel: "noopener noreferrer nofollow", class: null, title: null },
                },
              ],
            },
            { type: "hardBreak" },
            { type: "text", text: "next line" },
          ],
        },
        {
          type: "orderedList",
          attrs: { start: 3, type: null },
          content: [
            {
              type: "listItem",
              content: [
                { type: "paragraph", content: [{ type: "text", text: "一" }] },
                {
                  type: "bulletList",
                  content: [
                    { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "二" }] }] },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    for (const [article, href] of [
      ["第一条", "https://example.gov.cn/a"],
      ["第二条", "mailto:office@example.gov.cn"],
    ]) {
      updateTowards(editor.doc, rich(article, href));
      const page = await waitForDraftPage(policy.id, article);
      expect(page).toContain(href);
    }
    expect(editor.provider.wsconnected).toBe(true);
    editor.provider.destroy();
  });

  it("is refused: the connection is closed, nothing is stored or relayed, and every page of the draft still renders", async () => {
    const { policy, documentName } = await newPolicy(["第一条 为了规范停车管理，制定本办法。"]);
    const resident = await signedInResident("居民乙");
    const watcher = http.openEditor(running.base, documentName, resident.cookie);
    await watcher.synced;
    let relayed = 0;
    watcher.doc.on("update", () => relayed++);
    for (const [label, forge] of Object.entries(forged)) {
      const attacker = rawClient(running.base, documentName, resident.cookie);
      await attacker.opened;
      const doc = await serverDoc(attacker);
      const before = Y.encodeStateVector(doc);
      forge(doc.getXmlFragment(TEXT_FRAGMENT));
      attacker.send(updateMessage(Y.encodeStateAsUpdate(doc, before)));
      expect((await attacker.closed).code, label).toBe(1007);
    }
    expect(await storedBy(documentName, resident.userId)).toBe(0);
    expect(relayed).toBe(0);

    // A change that fits is still taken from the same person.
    expect(await tryToWrite(documentName, resident.cookie, "第二条 居民可以提出意见。")).toBe(
      "第一条 为了规范停车管理，制定本办法。\n第二条 居民可以提出意见。",
    );
    for (const path of [
      `/policies/${policy.id}/draft`,
      `/policies/${policy.id}/comments`,
      `/policies/${policy.id}/history`,
    ]) {
      const page = await fetch(`${base}${path}`);
      expect(page.status, path).toBe(200);
      const html = await page.text();
      expect(html, path).not.toMatch(/javascript:alert|alert\(1\)|loose|onerror/);
    }
    watcher.provider.destroy();
  });
});

describe("moderation over HTTP", () => {
  it("only moderators protect a page, with a reason; the audit log names the act", async () => {
    const { policy } = await newPolicy(["Article 1."]);
    const resident = await newResident();
    const moderator = await newModerator();
    const asResident = (await http.logInOverHttp(base, resident.email, resident.password)).cookie;
    const asModerator = (await http.logInOverHttp(base, moderator.email, moderator.password)).cookie;
    const refused = await http.post(
      base,
      `/policies/${policy.id}/draft`,
      { intent: "protect", reason: "Mine now" },
      { cookie: asResident, "Accept-Language": "en" },
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Only moderators may do this.");
    const noReason = await http.post(
      base,
      `/policies/${policy.id}/draft`,
      { intent: "protect", reason: " " },
      { cookie: asModerator },
    );
    expect(noReason.status).toBe(400);
    expect((await db.policy.findUniqueOrThrow({ where: { id: policy.id } })).protected).toBe(false);
    const done = await http.post(
      base,
      `/policies/${policy.id}/draft`,
      { intent: "protect", reason: "Edit war" },
      { cookie: asModerator },
    );
    expect(done.status).toBe(302);
    expect((await db.policy.findUniqueOrThrow({ where: { id: policy.id } })).protected).toBe(true);
    const page = await (
      await fetch(`${base}/policies/${policy.id}/draft`, { headers: { cookie: asResident, "Accept-Language": "en" } })
    ).text();
    expect(page).toContain("only officials of the owning department edit it");
    expect((await fetch(`${base}/policies/no-such-policy/draft`)).status).toBe(404);

    const admin = await newAdministrator();
    const asAdmin = (await http.logInOverHttp(base, admin.email, admin.password)).cookie;
    const log = await (
      await fetch(`${base}/admin/audit`, { headers: { cookie: asAdmin, "Accept-Language": "en" } })
    ).text();
    expect(log).toContain("Protected the community draft of a policy of");
  });
});

describe("an open socket whose right changes", () => {
  it("becomes read-only when the consultation closes or its person is blocked, and is closed when the session ends", async () => {
    const { policy, documentName } = await newPolicy(["Article 1."]);
    const resident = await signedInResident();
    const client = rawClient(running.base, documentName, resident.cookie);
    await client.opened;
    const write = async (line: string) => {
      const seen = await serverDoc(client);
      client.send(updateMessage(updateTowards(seen, paragraphs(textOf(seen), line))));
      return textOf(await serverDoc(client));
    };
    expect(await write("Line one")).toBe("Article 1.\nLine one");

    await db.policy.update({ where: { id: policy.id }, data: { status: "closed" } });
    await running.collab.checkAccess();
    expect(await write("After closing")).toBe("Article 1.\nLine one");

    await db.policy.update({ where: { id: policy.id }, data: { status: "open" } });
    await running.collab.checkAccess();
    expect(await write("Reopened")).toBe("Article 1.\nLine one\nReopened");

    const moderator = await newModerator();
    await blockEditor(moderator.user, policy.id, { userId: resident.userId, reason: "Vandalism" });
    await running.collab.checkAccess();
    expect(await write("While blocked")).toBe("Article 1.\nLine one\nReopened");

    const session = /forum_session=([^;]+)/.exec(resident.cookie)![1];
    await lucia.invalidateSession(session);
    await running.collab.checkAccess();
    expect((await client.closed).code).toBe(4401);
  });
});

describe("revisions", () => {
  it("are recorded after a pause, once, listing both people who edited since the last one", async () => {
    const { policy, documentName } = await newPolicy(["第一条 为了规范停车管理，制定本办法。"]);
    const [alice, bob] = await Promise.all([signedInResident("王小明"), signedInResident("李华")]);
    const a = http.openEditor(running.base, documentName, alice.cookie);
    const b = http.openEditor(running.base, documentName, bob.cookie);
    await Promise.all([a.synced, b.synced]);
    const first = "第一条 为了规范停车管理，制定本办法。\n第二条 居民可以申请停车位。";
    let arrived = textBecomes(b, first);
    updateTowards(a.doc, paragraphs(...first.split("\n")));
    await arrived;
    const second = `${first}\n第三条 本办法自公布之日起施行。`;
    arrived = textBecomes(a, second);
    updateTowards(b.doc, paragraphs(...second.split("\n")));
    await arrived;

    // Not while they may still be typing; then once, and not again for the same changes.
    expect(await recordRevisionAfterPause(policy.id, new Date())).toBeNull();
    const afterPause = new Date(Date.now() + EDITING_PAUSE_MS + 1);
    const revision = await recordRevisionAfterPause(policy.id, afterPause);
    expect(revision?.number).toBe(1);
    expect(await recordRevisionAfterPause(policy.id, afterPause)).toBeNull();

    const { revisions } = await listRevisions(policy.id, 1);
    expect(revisions).toHaveLength(1);
    // The official who wrote the first text is an author too: nothing was recorded before.
    expect(revisions[0].authors).toEqual(expect.arrayContaining(["王小明", "李华"]));
    expect(revisions[0].size).toBe([...second].length);
    expect((await readDraft(policy.id)).text).toBe(second);
    a.provider.destroy();
    b.provider.destroy();
  });

  it("missed while no server ran (a restart during a pause) are recorded later, once", async () => {
    const { policy } = await newPolicy(["Article 1. Written before the restart."]);
    const later = new Date(Date.now() + EDITING_PAUSE_MS);
    expect(await recordMissedRevisions(later)).toBeGreaterThanOrEqual(1);
    expect(await db.revision.count({ where: { policyId: policy.id } })).toBe(1);
    await recordMissedRevisions(later);
    expect(await db.revision.count({ where: { policyId: policy.id } })).toBe(1);
  });

  it("are recorded when an editor saves with a summary, and a save with nothing new is refused", async () => {
    const { policy, documentName } = await newPolicy(["Article 1. Permits."]);
    const resident = await signedInResident("Editor With Summary");
    await tryToWrite(documentName, resident.cookie, "Article 2. Fees.");
    expect(await saveDraft(resident.user, policy.id, { summary: "Added fees" })).toEqual({
      ok: true,
      value: { number: 1 },
    });
    expect(await saveDraft(resident.user, policy.id, { summary: "Again" })).toEqual({
      ok: false,
      field: "summary",
      error: "policies.editing.errors.nothingToSave",
    });
    // A pause recorded the next change before its author saved: the summary goes to that revision.
    await tryToWrite(documentName, resident.cookie, "Article 3. Appeals.");
    expect((await recordRevisionAfterPause(policy.id, new Date(Date.now() + EDITING_PAUSE_MS + 1)))?.summary).toBe("");
    expect(await saveDraft(resident.user, policy.id, { summary: "Appeals" })).toEqual({
      ok: true,
      value: { number: 2 },
    });
    const other = await signedInResident("Not An Author");
    expect(await saveDraft(other.user, policy.id, { summary: "Mine" })).toMatchObject({ ok: false });
    const stored = await db.revision.findFirstOrThrow({
      where: { policyId: policy.id, number: 1 },
      include: { authors: true },
    });
    const text = "Article 1. Permits.\nArticle 2. Fees.";
    expect(stored).toMatchObject({ summary: "Added fees", text, size: text.length, sizeChange: text.length });
    expect(stored.authors.map((author) => author.userId)).toContain(resident.userId);

    // Over HTTP too, with the form's validation.
    const { cookie } = await http.logInOverHttp(base, resident.email, resident.password);
    await tryToWrite(documentName, resident.cookie, "Article 4. Exemptions.");
    const empty = await http.post(base, `/policies/${policy.id}/draft`, { intent: "save", summary: "   " }, { cookie });
    expect(empty.status).toBe(400);
    const saved = await http.post(
      base,
      `/policies/${policy.id}/draft`,
      { intent: "save", summary: "Exemptions" },
      { cookie },
    );
    expect(saved.status).toBe(302);
    const history = await (await fetch(`${base}/policies/${policy.id}/history`)).text();
    expect(history).toContain("Exemptions");
    expect(history).toContain("Appeals");
    expect(history).toContain("Editor With Summary");
  });

  it("a moderator restores an old revision as a new one, and the people editing converge on it", async () => {
    const { policy, documentName } = await newPolicy(["Article 1. Permits are free."]);
    const moderator = await newModerator();
    const resident = await signedInResident("Vandal");
    const watcher = await signedInResident("Watcher");
    const a = http.openEditor(running.base, documentName, resident.cookie);
    const w = http.openEditor(running.base, documentName, watcher.cookie);
    await Promise.all([a.synced, w.synced]);
    expect(await saveDraft(watcher.user, policy.id, { summary: "nothing" })).toMatchObject({ ok: true });

    let arrived = textBecomes(w, "Permits cost 1000 yuan.");
    updateTowards(a.doc, paragraphs("Permits cost 1000 yuan."));
    await arrived;
    expect(await saveDraft(resident.user, policy.id, { summary: "Better" })).toEqual({
      ok: true,
      value: { number: 2 },
    });

    expect(await restoreRevision(resident.user, policy.id, { revision: 1 })).toMatchObject({ ok: false });
    arrived = Promise.all([
      textBecomes(w, "Article 1. Permits are free."),
      textBecomes(a, "Article 1. Permits are free."),
    ]).then(() => {});
    expect(await restoreRevision(moderator.user, policy.id, { revision: 1 })).toEqual({
      ok: true,
      value: { number: 3 },
    });
    await arrived;
    expect(await restoreRevision(moderator.user, policy.id, { revision: 1 })).toEqual({
      ok: false,
      field: "revision",
      error: "policies.editing.errors.sameText",
    });
    expect((await readDraft(policy.id)).text).toBe("Article 1. Permits are free.");
    const { revisions } = await listRevisions(policy.id, 1);
    expect(revisions.map((revision) => [revision.number, revision.restoredFrom])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
    expect(revisions[0].authors).toContain(moderator.displayName);
    expect(
      await db.auditEntry.count({
        where: { action: "revision.restore", targetId: policy.id, actorId: moderator.userId },
      }),
    ).toBe(1);
    a.provider.destroy();
    w.provider.destroy();
  });
});

describe("diffs", () => {
  it("of Chinese text go by characters, of Latin text by words", () => {
    expect(diffTexts("第一条 市民可以参与。", "第一条 居民可以参与。")).toEqual([
      { kind: "same", value: "第一条 " },
      { kind: "removed", value: "市" },
      { kind: "added", value: "居" },
      { kind: "same", value: "民可以参与。" },
    ]);
    expect(diffTexts("Permits are free.", "Permits are cheap.")).toEqual([
      { kind: "same", value: "Permits are " },
      { kind: "removed", value: "free" },
      { kind: "added", value: "cheap" },
      { kind: "same", value: "." },
    ]);
  });

  // Deterministic "random" Chinese: texts that share almost nothing but their alphabet.
  const scrambled = (seed: number, length: number) => {
    const alphabet = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生";
    let state = seed;
    let text = "";
    for (let i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      text += alphabet[state % alphabet.length];
    }
    return text;
  };

  it("of two long texts that share little are bounded: such passages are shown whole, and small edits in a long text still finely", () => {
    // Unbounded, these two took over a minute of the server's one thread.
    const before = scrambled(1, 20_000);
    const after = scrambled(2, 20_000);
    expect(compareTexts(before, after)).toEqual({
      method: "characters",
      whole: true,
      blocks: [
        {
          kind: "changed",
          parts: [
            { kind: "removed", value: before },
            { kind: "added", value: after },
          ],
        },
      ],
    });
    // A 300,000-character regulation with two words changed far apart: both found, character by character.
    const regulation = Array.from({ length: 1000 }, (_, index) => `第${index + 1}条 ${scrambled(index, 298)}`).join(
      "\n",
    );
    const edited = regulation.replace("第2条 ", "第2条 居民").replace("第999条 ", "第999条 市民");
    const { blocks, whole } = compareTexts(regulation, edited);
    const parts = partsOf(blocks);
    expect(whole).toBe(false);
    expect(parts.filter((part) => part.kind !== "same")).toEqual([
      { kind: "added", value: "居民" },
      { kind: "added", value: "市民" },
    ]);
    expect(blocks.map((block) => block.parts.map((part) => part.value).join("")).join("\n")).toBe(edited);
  });

  it("page says in the reader's language when passages were too different to compare finely", async () => {
    const { policy } = await newPolicy(["第一条 市民可以参与。"]);
    await db.policyVersion.create({
      data: {
        policyId: policy.id,
        number: 1,
        changeNote: "一",
        content: JSON.stringify(paragraphs(scrambled(3, 20_000))),
        html: "",
        text: scrambled(3, 20_000),
      },
    });
    await db.policyVersion.create({
      data: {
        policyId: policy.id,
        number: 2,
        changeNote: "二",
        content: JSON.stringify(paragraphs(scrambled(4, 20_000))),
        html: "",
        text: scrambled(4, 20_000),
      },
    });
    for (const language of ["zh-CN", "en"] as const) {
      const response = await fetch(`${base}/policies/${policy.id}/diff?from=v1&to=v2`, {
        headers: { "Accept-Language": language },
      });
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toContain(i18nextFor(language).t("policies.editing.diff.whole"));
      expect(page).toContain(`>${scrambled(4, 20_000)}</ins>`);
    }
  });

  it("page of a long text numbers its changes, links each to the next, folds what did not change, and picks any two texts", async () => {
    const { policy } = await newPolicy(["第一条 市民可以参与。"]);
    const articles = Array.from({ length: 40 }, (_, index) => `第${index + 1}条 本条规定第${index + 1}项事务。`);
    const changed = articles.map((article, index) =>
      index === 4 ? "第5条 本条规定第5项公共事务。" : index === 30 ? "第31条 已删除的事务。" : article,
    );
    for (const [number, text] of [articles, changed].entries()) {
      await db.policyVersion.create({
        data: {
          policyId: policy.id,
          number: number + 1,
          changeNote: String(number + 1),
          content: JSON.stringify(paragraphs(...text)),
          html: "",
          text: text.join("\n"),
        },
      });
    }
    await recordRevision(policy.id);
    const page = await (
      await fetch(`${base}/policies/${policy.id}/diff?from=v1&to=v2`, { headers: { "Accept-Language": "en" } })
    ).text();
    expect(page).toContain("2 changes.");
    expect(page).toContain('href="#change-1"');
    // The first change leads to the second, and the second back to the top.
    expect(page).toMatch(/id="change-1"[\s\S]*?<a href="#change-2">Next change \(2 of 2\)<\/a>/);
    expect(page).toMatch(/id="change-2"[\s\S]*?<a href="#diff-title">That was the last of 2 changes/);
    // Around each change one paragraph stays in view; the rest is folded, and says how much.
    expect(page).toContain("<summary>3 unchanged paragraphs</summary>");
    expect(page).toContain("<summary>23 unchanged paragraphs</summary>");
    expect(page).toContain("<summary>8 unchanged paragraphs</summary>");
    // The picker offers the draft, both versions and every revision, with the compared ones chosen.
    const picker = page.slice(page.indexOf('name="from"'), page.indexOf('name="to"'));
    expect(picker).toMatch(/<option value="v1" selected="">official version 1<\/option>/);
    expect(picker).toContain('<option value="draft">the community draft now</option>');
    const revisions = await db.revision.count({ where: { policyId: policy.id } });
    expect((picker.match(/<option value="\d+"/g) ?? []).length).toBe(revisions);
  });

  it("page shows a revision's changes inline, with insertions and deletions labelled", async () => {
    const { policy, documentName } = await newPolicy(["第一条 市民可以参与。"]);
    const resident = await signedInResident("改写者");
    expect(await saveDraft(resident.user, policy.id, { summary: "初稿" })).toMatchObject({ ok: true });
    const client = rawClient(running.base, documentName, resident.cookie);
    await client.opened;
    const seen = await serverDoc(client);
    client.send(updateMessage(updateTowards(seen, paragraphs("第一条 居民可以参与。"))));
    await serverDoc(client);
    client.socket.close();
    expect(await saveDraft(resident.user, policy.id, { summary: "用词" })).toMatchObject({ ok: true });
    const page = await (
      await fetch(`${base}/policies/${policy.id}/diff?from=1&to=2`, { headers: { "Accept-Language": "zh-CN" } })
    ).text();
    expect(page).toMatch(/<del[^>]*>市<\/del>/);
    expect(page).toMatch(/<ins[^>]*>居<\/ins>/);
    expect((await fetch(`${base}/policies/${policy.id}/diff?from=1&to=nonsense`)).status).toBe(400);
    expect((await fetch(`${base}/policies/${policy.id}/diff?from=9&to=draft`)).status).toBe(404);

    // Against an official version: the draft's changes since v1.
    await db.policyVersion.create({
      data: {
        policyId: policy.id,
        number: 1,
        changeNote: "初版",
        content: JSON.stringify(paragraphs("第一条 市民可以参与。")),
        html: "",
        text: "第一条 市民可以参与。",
      },
    });
    const fromVersion = await (await fetch(`${base}/policies/${policy.id}/diff?from=v1&to=draft`)).text();
    expect(fromVersion).toMatch(/<ins[^>]*>居<\/ins>/);
    const draftPage = await (await fetch(`${base}/policies/${policy.id}/draft`)).text();
    expect(draftPage).toContain("第一条 居民可以参与。");
    expect(draftPage).toContain(`/policies/${policy.id}/diff?from=v1&amp;to=draft`);
    // Revisions download as their changes (decision 0031); each revision's text is its own download.
    const data = (await (await fetch(`${base}/policies/${policy.id}/revisions/revisions.json`)).json()) as {
      rows: Array<{ revision: number; change: string; authors: string }>;
    };
    expect(data.rows.map((revision) => JSON.parse(revision.change))).toEqual([
      [{ before: "", removed: "", added: "第一条 市民可以参与。" }],
      [{ before: "第一条 ", removed: "市", added: "居" }],
    ]);
    const second = (await (await fetch(`${base}/policies/${policy.id}/revisions/2.json`)).json()) as { text: string };
    expect(second.text).toBe("第一条 居民可以参与。");
    expect(data.rows[1].authors).toBe("改写者");
    expect(JSON.stringify(data)).not.toContain("@example.org");
  });
});
