// A policy text the forum can stand behind (docs/decisions/0031): one canonical plain text for
// every version and revision, reports and diffs that compare structure (so a separator is never
// a change), one size limit at every door (the co-editing socket, the version form, adoption,
// restore), downloads that serve every stored text and never break one another, revisions
// downloaded as changes, and adoption only through the adopt page, told when the draft moved.
import { randomBytes } from "node:crypto";
import type { JSONContent } from "@tiptap/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { db } from "~/db.server";
import { lucia, SESSION_COOKIE } from "~/features/accounts/auth.server";
import { loadUpdate, storeUpdates } from "~/features/collab/store.server";
import { adoptDraft, findVersionReport, prepareAdoption, summariseChanges } from "~/features/policies/adoption.server";
import { findPolicyForComments } from "~/features/policies/comments.server";
import { draftDocumentName } from "~/features/policies/draft-access.server";
import {
  canonicalText,
  jsonOfDoc,
  paragraphs,
  POLICY_TEXT_LIMITS,
  stateOfJson,
  textBlocks,
  updateTowards,
} from "~/features/policies/draft-text";
import { changePolicyStatus, getPolicy } from "~/features/policies/policies.server";
import { recordRevision, restoreRevision } from "~/features/policies/revisions.server";
import { upgradeStoredTexts } from "~/features/policies/text-upgrade.server";
import { publishVersion } from "~/features/policies/versions.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { isAnswer, rawClient, requestMessage, startCollabServer, updateMessage, type CollabTestServer } from "./collab";
import { asUser, newAdministrator, newDepartment, newOfficial, newResident, type Person } from "./helpers";
import { logInOverHttp, post, withRealServer } from "./http";
import { readSync } from "../protocol";

let base: string;
withRealServer((url) => (base = url));
let collab: CollabTestServer;
beforeAll(async () => {
  collab = await startCollabServer();
});
afterAll(() => collab.stop());

const unique = () => randomBytes(4).toString("hex");
const text = (value: string): JSONContent => ({ type: "text", text: value });
const p = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const h = (level: number, value: string): JSONContent => ({
  type: "heading",
  attrs: { level },
  content: [text(value)],
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });
const items = (type: "bulletList" | "orderedList", ...lines: string[]): JSONContent => ({
  type,
  content: lines.map((line) => ({ type: "listItem", content: [p(text(line))] })),
});

/** A regulation with what trips separators: headings, lists, an empty paragraph, a line break. */
const REGULATION = doc(
  h(2, "第一章 总则"),
  h(4, "第一条 为了规范老旧小区加装电梯，制定本办法。"),
  p(text("本办法适用于本市行政区域内的既有住宅。")),
  p(),
  items("bulletList", "业主申请", "街道审核"),
  h(4, "第二条 加装电梯应当遵循业主自愿、协商一致的原则。"),
  p(text("费用由业主分摊"), { type: "hardBreak" }, text("政府给予补贴。")),
  items("orderedList", "公示十日", "开工建设"),
);

let official: Person;
let administrator: Awaited<ReturnType<typeof newAdministrator>>;
let departmentId: string;
beforeAll(async () => {
  departmentId = (await newDepartment("住建")).id;
  official = await newOfficial(departmentId);
  administrator = await newAdministrator();
});

async function newPolicy(status = "draft") {
  return db.policy.create({ data: { title: `加装电梯办法 ${unique()}`, departmentId, status } });
}
const policyView = async (id: string) => (await getPolicy(id))!;

async function openConsultation(id: string) {
  expect(await changePolicyStatus(official.user, await policyView(id), "open")).toMatchObject({ ok: true });
}

/** Adopts the draft as the adopt page would send it: its text as shown, its stamp, the next number. */
async function adoptAsShown(policyId: string, edit?: (content: JSONContent) => JSONContent) {
  const policy = (await findPolicyForComments(policyId))!;
  const shown = await prepareAdoption(policy);
  const content = edit ? edit(shown.content) : shown.content;
  const outcome = await adoptDraft(official.user, policy, {
    changeNote: "通过",
    content: JSON.stringify(content),
    number: shown.number,
    draftStamp: shown.stamp,
  });
  expect(outcome).toMatchObject({ ok: true });
  return (await findVersionReport(policyId, shown.number))!.report!;
}

/** Stores a change to the draft the way the collaboration server does. */
async function editDraft(policyId: string, towards: (now: JSONContent) => JSONContent) {
  const name = draftDocumentName(policyId);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, (await loadUpdate(name))!);
  const update = updateTowards(ydoc, towards(jsonOfDoc(ydoc)));
  await storeUpdates(name, [{ update, authorId: official.userId, at: new Date() }]);
}

describe("one canonical text", () => {
  it("a version published through the form, through the form without JavaScript, or by adoption, then adopted unedited, shows no change", async () => {
    // The version form, with the editor (Tiptap JSON).
    const withEditor = await newPolicy();
    const policy = await policyView(withEditor.id);
    expect(
      await publishVersion(official.user, policy, { content: JSON.stringify(REGULATION), changeNote: "征求意见稿" }),
    ).toMatchObject({ ok: true });
    await openConsultation(withEditor.id);
    const first = await adoptAsShown(withEditor.id);
    expect(first.changes).toMatchObject({ count: 0, charactersAdded: 0, charactersRemoved: 0, list: [] });

    // By adoption: reopened by an administrator, consulted again, adopted again unedited.
    expect(await changePolicyStatus(administrator.user, await policyView(withEditor.id), "reopen")).toMatchObject({
      ok: true,
    });
    await openConsultation(withEditor.id);
    const second = await adoptAsShown(withEditor.id);
    expect(second.changes).toMatchObject({ count: 0, charactersAdded: 0, charactersRemoved: 0 });

    // The form without JavaScript (lines).
    const withoutScript = await newPolicy();
    expect(
      await publishVersion(official.user, await policyView(withoutScript.id), {
        content: "",
        lines:
          "第一章 总则\n\n第一条 为了规范加装电梯，制定本办法。\n- 业主申请\n- 街道审核\n\n本办法自公布之日起施行。",
        changeNote: "征求意见稿",
      }),
    ).toMatchObject({ ok: true });
    await openConsultation(withoutScript.id);
    expect((await adoptAsShown(withoutScript.id)).changes).toMatchObject({ count: 0, charactersAdded: 0 });

    // Every version's stored text is the one canonical form, whichever door it came through.
    const versions = await db.policyVersion.findMany({
      where: { policyId: { in: [withEditor.id, withoutScript.id] } },
      select: { content: true, text: true, textForm: true },
    });
    expect(versions).toHaveLength(5);
    for (const version of versions) {
      expect(version.text).toBe(canonicalText(JSON.parse(version.content) as JSONContent));
      expect(version.textForm).toBe(1);
      expect(version.text).not.toMatch(/\n\n/);
    }
  });

  it("five edits are reported as exactly five changes, with what each added and removed", async () => {
    const created = await newPolicy();
    await publishVersion(official.user, await policyView(created.id), {
      content: JSON.stringify(REGULATION),
      changeNote: "征求意见稿",
    });
    await openConsultation(created.id);
    await editDraft(created.id, (now) => {
      const blocks = structuredClone(now.content!);
      blocks[1] = h(4, "第一条 为了规范老旧小区住宅加装电梯，制定本办法。"); // 1: a word inserted
      blocks[2] = p(text("本办法适用于本市行政区域内的既有多层住宅。")); // 2: a word inserted
      blocks.splice(5, 0, p(text("街道办事处应当提供咨询服务。"))); // 3: a paragraph added
      blocks[6] = h(4, "第二条 加装电梯应当遵循业主自愿的原则。"); // 4: words removed
      blocks.splice(8, 1); // 5: a list removed
      return { ...now, content: blocks };
    });
    const report = await adoptAsShown(created.id);
    expect(report.changes.count).toBe(5);
    expect(report.changes.list.map(({ removed, added }) => ({ removed, added }))).toEqual([
      { removed: "", added: "住宅" },
      { removed: "", added: "多层" },
      { removed: "", added: "街道办事处应当提供咨询服务。" },
      { removed: "、协商一致", added: "" },
      { removed: "公示十日\n开工建设", added: "" },
    ]);
    expect(report.changes.charactersAdded).toBe("住宅多层街道办事处应当提供咨询服务。".length);
    expect(report.changes.charactersRemoved).toBe("、协商一致公示十日开工建设".length);
    // No entry is empty: Markdown never shows "****".
    for (const change of report.changes.list) expect(change.removed || change.added).not.toBe("");
  });

  it("thirty one-character edits to a 300,000-character text are thirty changes, in many blocks or in one", async () => {
    const filler = (seed: number, length: number) =>
      Array.from({ length }, (_, i) => String.fromCharCode(0x4e00 + ((seed * 7919 + i * 104729) % 20000))).join("");
    const many = Array.from({ length: 1000 }, (_, i) => `第${i + 1}条${filler(i, 290)}。`);
    const editedMany = many.map((block, i) =>
      i % 33 === 0 && i / 33 < 30 ? `${block.slice(0, 100)}改${block.slice(100)}` : block,
    );
    const inBlocks = summariseChanges(many, editedMany);
    expect(inBlocks).toMatchObject({ count: 30, charactersAdded: 30, charactersRemoved: 0, whole: false });

    const one = many.join("");
    let editedOne = one;
    for (let i = 0; i < 30; i++) {
      const at = 1000 + i * 9_000;
      editedOne = `${editedOne.slice(0, at)}改${editedOne.slice(at)}`;
    }
    expect(one.length).toBeLessThanOrEqual(POLICY_TEXT_LIMITS.characters);
    const inOneBlock = summariseChanges([one], [editedOne]);
    expect(inOneBlock).toMatchObject({ count: 30, charactersAdded: 30, charactersRemoved: 0, whole: false });
  });

  it("words replaced together are one change, and changes a word apart stay two", () => {
    // A suggestion replaced "bicycle lanes" with "protected cycle tracks": one change to a reader,
    // which a word diff had split at the unchanged space into "bicycle → protected" and "lanes → cycle tracks".
    const replaced = summariseChanges(
      ["Streets near schools get bicycle lanes."],
      ["Streets near schools get protected cycle tracks."],
    );
    expect(replaced).toMatchObject({ count: 1, whole: false });
    expect(replaced.list.map(({ removed, added }) => ({ removed, added }))).toEqual([
      { removed: "bicycle lanes", added: "protected cycle tracks" },
    ]);
    const twoApart = summariseChanges(["Parking on pavements is fined."], ["Parking near pavements is allowed."]);
    expect(twoApart.list.map(({ removed, added }) => ({ removed, added }))).toEqual([
      { removed: "on", added: "near" },
      { removed: "fined", added: "allowed" },
    ]);
  });

  it("texts stored in the old forms are upgraded once: the canonical text, and reports and revisions counted again", async () => {
    const created = await newPolicy("adopted");
    const content = JSON.stringify(REGULATION);
    const blocks = textBlocks(REGULATION);
    // What the version form and adoption stored before: one line end, and a blank line.
    await db.policyVersion.create({
      data: { policyId: created.id, number: 1, changeNote: "一", content, html: "", text: blocks.join("\n") + "\n" },
    });
    const phantom = summariseChanges(blocks.join("\n"), blocks.join("\n\n"));
    expect(phantom.count).toBeGreaterThan(0); // what the old reports said
    const report = {
      format: "forum.policy-response-report/1",
      policyId: created.id,
      title: created.title,
      version: 2,
      previousVersion: 1,
      adoptedAt: new Date().toISOString(),
      comments: [],
      changes: {
        charactersAdded: 38,
        charactersRemoved: 2,
        count: 22,
        list: [{ before: "", removed: "", added: "\n" }],
      },
    };
    await db.policyVersion.create({
      data: {
        policyId: created.id,
        number: 2,
        changeNote: "二",
        content,
        html: "",
        text: blocks.join("\n\n"),
        responseReport: JSON.stringify(report),
      },
    });
    const ydoc = Y.encodeStateAsUpdate(new Y.Doc());
    await db.revision.create({
      data: {
        policyId: created.id,
        number: 1,
        state: new Uint8Array(ydoc),
        content,
        text: ["第一章 总则", "", ...blocks.slice(1)].join("\n"),
        size: 999,
        sizeChange: 999,
        lastUpdateId: 0,
      },
    });

    await upgradeStoredTexts();
    const versions = await db.policyVersion.findMany({ where: { policyId: created.id }, orderBy: { number: "asc" } });
    expect(versions.map((version) => version.text)).toEqual([blocks.join("\n"), blocks.join("\n")]);
    expect(JSON.parse(versions[1].responseReport!).changes).toMatchObject({ count: 0, charactersAdded: 0, list: [] });
    expect(JSON.parse(versions[1].responseReport!).comments).toEqual([]);
    const revision = await db.revision.findFirstOrThrow({ where: { policyId: created.id } });
    expect(revision).toMatchObject({ text: blocks.join("\n"), size: [...blocks.join("\n")].length, textForm: 1 });
    expect(JSON.parse(revision.change)).toMatchObject({ count: 1 });
    // Idempotent: a second start (or a second instance) finds nothing to do.
    expect(await upgradeStoredTexts()).toEqual({ versions: 0, revisions: 0 });
  });

  it("the diff page shows no change between texts that differ only in empty paragraphs and block separators", async () => {
    const created = await newPolicy("closed");
    const spaced = doc(...REGULATION.content!.flatMap((block) => [block, p()]));
    for (const [number, content] of [
      [1, REGULATION],
      [2, spaced],
    ] as const)
      await db.policyVersion.create({
        data: {
          policyId: created.id,
          number,
          changeNote: String(number),
          content: JSON.stringify(content),
          html: "",
          text: textBlocks(content).join(number === 1 ? "\n" : "\n\n"),
        },
      });
    await storeUpdates(draftDocumentName(created.id), [
      { update: stateOfJson(REGULATION), authorId: official.userId, at: new Date() },
    ]);
    const page = await (
      await fetch(`${base}/policies/${created.id}/diff?from=v1&to=v2`, { headers: { "Accept-Language": "en" } })
    ).text();
    expect(page).toContain(i18nextFor("en").t("policies.editing.diff.same"));
    expect(page).not.toMatch(/<ins|<del/);
  });
});

/** A Chinese text of `length` characters, in paragraphs of `per`. */
const longText = (length: number, per = 1_000) =>
  doc(
    ...Array.from({ length: Math.ceil(length / per) }, (_, i) => p(text("条".repeat(Math.min(per, length - i * per))))),
  );

async function signedIn(person: Person) {
  const session = await lucia.createSession(person.userId, { userAgent: "policy-text test" });
  return `${SESSION_COOKIE}=${session.id}`;
}

async function serverDoc(client: ReturnType<typeof rawClient>) {
  const answer = client.inbox.next(isAnswer);
  client.send(requestMessage());
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, readSync(await answer)!.payload);
  return ydoc;
}

const draftLength = async (policyId: string) => {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, (await loadUpdate(draftDocumentName(policyId)))!);
  return textBlocks(jsonOfDoc(ydoc)).join("").length;
};

describe("no text the forum cannot serve", () => {
  it("the co-editing socket refuses the change that crosses the limit (4413), and keeps taking those within it", async () => {
    const created = await newPolicy("open");
    await storeUpdates(draftDocumentName(created.id), [
      { update: stateOfJson(longText(296_000)), authorId: official.userId, at: new Date() },
    ]);
    const resident = await newResident({ displayName: `Editor ${unique()}` });
    const client = rawClient(collab.base, draftDocumentName(created.id), await signedIn(resident));
    await client.opened;
    const seen = await serverDoc(client);
    const fragment = seen.getXmlFragment(TEXT_FRAGMENT);
    const append = (characters: number) => {
      const before = Y.encodeStateVector(seen);
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("增".repeat(characters))]);
      fragment.push([paragraph]);
      return Y.encodeStateAsUpdate(seen, before);
    };
    client.send(updateMessage(append(2_000)));
    client.send(updateMessage(append(1_500)));
    expect(textBlocks(jsonOfDoc(await serverDoc(client))).join("").length).toBe(299_500);
    // Past 300,000: refused, nothing of it stored, the editor told by the close code.
    client.send(updateMessage(append(600)));
    expect((await client.closed).code).toBe(4413);
    expect(await draftLength(created.id)).toBe(299_500);

    // A change that does not make the text larger is still taken at the limit: a replacement.
    const again = rawClient(collab.base, draftDocumentName(created.id), await signedIn(resident));
    await again.opened;
    const now = await serverDoc(again);
    const blocks = jsonOfDoc(now).content!;
    again.send(updateMessage(updateTowards(now, { type: "doc", content: [p(text("改写")), ...blocks.slice(1)] })));
    expect(textBlocks(jsonOfDoc(await serverDoc(again))).join("").length).toBe(299_500 - 1_000 + 2);
    // Ten thousand and one empty paragraphs are past the block limit too.
    const many = Y.encodeStateVector(now);
    now
      .getXmlFragment(TEXT_FRAGMENT)
      .push(Array.from({ length: POLICY_TEXT_LIMITS.blocks + 1 }, () => new Y.XmlElement("paragraph")));
    again.send(updateMessage(Y.encodeStateAsUpdate(now, many)));
    expect((await again.closed).code).toBe(4413);
  });

  it("the version form, adoption and restore refuse a text past the limit, and adoption checks the schema", async () => {
    const created = await newPolicy();
    const tooLong = longText(POLICY_TEXT_LIMITS.characters + 1);
    const tooManyBlocks = doc(...Array.from({ length: POLICY_TEXT_LIMITS.blocks + 1 }, () => p(text("条"))));
    const policy = await policyView(created.id);
    for (const content of [tooLong, tooManyBlocks])
      expect(
        await publishVersion(official.user, policy, { content: JSON.stringify(content), changeNote: "x" }),
      ).toEqual({
        ok: false,
        field: "content",
        error: "policies.errors.textTooLong",
      });
    await publishVersion(official.user, policy, { content: JSON.stringify(REGULATION), changeNote: "一" });
    await openConsultation(created.id);
    const forComments = (await findPolicyForComments(created.id))!;
    const adopt = (content: JSONContent) =>
      adoptDraft(official.user, forComments, { changeNote: "通过", content: JSON.stringify(content), number: 2 });
    expect(await adopt(tooLong)).toMatchObject({ ok: false, field: "content", error: "policies.errors.textTooLong" });
    expect(await adopt(tooManyBlocks)).toMatchObject({ ok: false, error: "policies.errors.textTooLong" });
    // What the socket refuses, adoption refuses: a heading level the text does not use, a script link.
    expect(await adopt(doc(h(1, "标题")))).toMatchObject({ ok: false, field: "content" });
    expect(
      await adopt(
        doc(p({ type: "text", text: "点此", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] })),
      ),
    ).toMatchObject({ ok: false, field: "content" });
    expect(await db.policyVersion.count({ where: { policyId: created.id } })).toBe(1);

    // A revision recorded before the limit (stored directly here) is not restored.
    await storeUpdates(draftDocumentName(created.id), [
      { update: stateOfJson(paragraphs("短")), authorId: official.userId, at: new Date() },
    ]);
    const revision = (await recordRevision(created.id))!;
    await db.revision.update({ where: { id: revision.id }, data: { content: JSON.stringify(tooLong) } });
    const moderator = await newResident({ displayName: `Moderator ${unique()}` });
    await db.role.create({ data: { userId: moderator.userId, name: "moderator" } });
    expect(await restoreRevision(await asUser(moderator.userId), created.id, { revision: revision.number })).toEqual({
      ok: false,
      field: "revision",
      error: "policies.editing.errors.textTooLong",
    });
  });

  it("every stored version is served, each download streamed, and one broken version breaks no other download", async () => {
    // Stored before the limit: 301,057 characters, as the review's adopted version.
    const large = await newPolicy("adopted");
    const content = JSON.stringify(longText(301_057));
    await db.policyVersion.create({
      data: { policyId: large.id, number: 1, changeNote: "大", content, html: "", text: "", textForm: 1 },
    });
    const broken = await newPolicy("adopted");
    await db.policyVersion.create({
      data: { policyId: broken.id, number: 1, changeNote: "坏", content: "{not json", html: "", text: "", textForm: 1 },
    });
    const fine = await newPolicy("adopted");
    await publishVersion(official.user, await policyView(fine.id), {
      content: JSON.stringify(REGULATION),
      changeNote: "好",
    });

    for (const format of ["html", "md", "json"]) {
      const response = await fetch(`${base}/policies/${large.id}/versions/1/download/${format}`);
      expect(response.status, format).toBe(200);
      expect((await response.text()).split("条").length - 1, format).toBeGreaterThanOrEqual(301_057);
    }
    const json = await fetch(`${base}/policies/${large.id}/versions/1/download/json`);
    expect(((await json.json()) as { text: string }).text.replace(/\n/g, "")).toHaveLength(301_057);

    const own = await fetch(`${base}/policies/data/versions.json?policy=${large.id}`);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { rows: Array<{ text: string }> }).rows).toHaveLength(1);
    // The whole site's versions: the broken one has no Markdown, and everyone else's are all there.
    const all = (await (await fetch(`${base}/policies/data/versions.json`)).json()) as {
      rows: Array<{ policy_id: string; markdown: string | null }>;
    };
    const byPolicy = new Map(all.rows.map((row) => [row.policy_id, row]));
    expect(byPolicy.get(broken.id)?.markdown ?? null).toBeNull();
    expect(byPolicy.get(fine.id)?.markdown).toContain("第一条");
    expect(byPolicy.get(large.id)?.markdown?.length).toBeGreaterThan(301_057);
    const csv = await fetch(`${base}/policies/data/versions.csv`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain("第二条 加装电梯");
  });
});

describe("revisions as open data", () => {
  it("download as metadata and the change from the revision before; one revision's full text on request", async () => {
    const created = await newPolicy("open");
    const name = draftDocumentName(created.id);
    await storeUpdates(name, [{ update: stateOfJson(REGULATION), authorId: official.userId, at: new Date() }]);
    await recordRevision(created.id);
    await editDraft(created.id, (now) => ({
      ...now,
      content: now.content!.map((block, i) => (i === 2 ? p(text("本办法适用于本市的既有住宅。")) : block)),
    }));
    await recordRevision(created.id);

    const listing = (await (await fetch(`${base}/policies/${created.id}/revisions/revisions.json`)).json()) as {
      rows: Array<Record<string, unknown>>;
    };
    expect(listing.rows).toHaveLength(2);
    for (const row of listing.rows) {
      expect(row).not.toHaveProperty("text");
      expect(row).not.toHaveProperty("content");
    }
    expect(listing.rows[1]).toMatchObject({ revision: 2, changes: 1, characters_added: 0, characters_removed: 5 });
    expect(JSON.parse(listing.rows[1].change as string)).toEqual([
      { before: expect.any(String), removed: "行政区域内", added: "" },
    ]);
    const csv = await (await fetch(`${base}/policies/${created.id}/revisions/revisions.csv`)).text();
    const header = csv.split("\n")[0];
    expect(header).toContain("change");
    expect(header.split(",")).not.toContain("text");
    expect(header.split(",")).not.toContain("content");

    const one = await fetch(`${base}/policies/${created.id}/revisions/2.json`);
    expect(one.status).toBe(200);
    const full = (await one.json()) as { number: number; text: string; content: JSONContent };
    expect(full.number).toBe(2);
    expect(full.text).toContain("本办法适用于本市的既有住宅。");
    expect(textBlocks(full.content)).toContain("本办法适用于本市的既有住宅。");
    expect((await fetch(`${base}/policies/${created.id}/revisions/9.json`)).status).toBe(404);
  });
});

describe("no traps for officials", () => {
  it("no status change adopts; an administrator alone reopens an adopted policy, audited", async () => {
    const created = await newPolicy();
    await publishVersion(official.user, await policyView(created.id), {
      content: JSON.stringify(REGULATION),
      changeNote: "一",
    });
    await openConsultation(created.id);
    expect(await changePolicyStatus(official.user, await policyView(created.id), "close")).toMatchObject({ ok: true });
    // The old "mark as adopted" form, sent anyway: refused, nothing adopted.
    const cookie = (await logInOverHttp(base, official.email, official.password)).cookie;
    const marked = await post(
      base,
      `/policies/${created.id}/edit`,
      { intent: "status", change: "adopt", confirm: "on" },
      {
        Cookie: cookie,
      },
    );
    expect(marked.status).toBe(400);
    expect((await policyView(created.id)).status).toBe("closed");

    await adoptAsShown(created.id);
    expect((await policyView(created.id)).status).toBe("adopted");
    expect(await changePolicyStatus(official.user, await policyView(created.id), "reopen")).toEqual({
      ok: false,
      field: "form",
      error: "policies.errors.reopenAdministrators",
    });
    expect(await changePolicyStatus(administrator.user, await policyView(created.id), "reopen")).toMatchObject({
      ok: true,
      value: { status: "closed" },
    });
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "policy.status", targetId: created.id, actorId: administrator.userId },
    });
    expect(JSON.parse(audit.detail!)).toMatchObject({ from: "adopted", to: "closed" });
    // Adopted again through the adopt page: version 3, with its report.
    expect((await adoptAsShown(created.id)).version).toBe(3);
  });

  it("the policy page offers adoption as the next step, and no version is published beside an open consultation", async () => {
    const created = await newPolicy();
    const policy = await policyView(created.id);
    await publishVersion(official.user, policy, { content: JSON.stringify(REGULATION), changeNote: "一" });
    await openConsultation(created.id);
    const cookie = (await logInOverHttp(base, official.email, official.password)).cookie;
    for (const language of ["zh-CN", "en"] as const) {
      const page = await (
        await fetch(`${base}/policies/${created.id}`, { headers: { Cookie: cookie, "Accept-Language": language } })
      ).text();
      expect(page).toContain(`href="/policies/${created.id}/adopt"`);
      expect(page).toContain(i18nextFor(language).t("policies.page.adopt", { number: 2 }));
      expect(page).not.toContain(`href="/policies/${created.id}/versions/new"`);
    }
    expect(
      await publishVersion(official.user, await policyView(created.id), {
        content: JSON.stringify(paragraphs("第二版")),
        changeNote: "二",
      }),
    ).toEqual({ ok: false, field: "form", error: "policies.errors.consultationOpen" });
    const response = await post(
      base,
      `/policies/${created.id}/versions/new`,
      { content: JSON.stringify(paragraphs("第二版")), changeNote: "二" },
      { Cookie: cookie, "Accept-Language": "zh-CN" },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(i18nextFor("zh-CN").t("policies.errors.consultationOpen"));
    expect(await db.policyVersion.count({ where: { policyId: created.id } })).toBe(1);
  });

  it("an adoption sent after the draft changed is refused with the news, and the page then shows the draft as it is", async () => {
    const created = await newPolicy();
    await publishVersion(official.user, await policyView(created.id), {
      content: JSON.stringify(REGULATION),
      changeNote: "一",
    });
    await openConsultation(created.id);
    const cookie = (await logInOverHttp(base, official.email, official.password)).cookie;
    const shown = await prepareAdoption((await findPolicyForComments(created.id))!);
    // A resident edits while the official reads the adopt page.
    await editDraft(created.id, (now) => ({ ...now, content: [...now.content!, p(text("第三条 晚到的修改。"))] }));
    const fields = {
      changeNote: "通过",
      content: JSON.stringify(shown.content),
      number: String(shown.number),
      draftStamp: shown.stamp,
    };
    for (const language of ["zh-CN", "en"] as const) {
      const refused = await post(base, `/policies/${created.id}/adopt`, fields, {
        Cookie: cookie,
        "Accept-Language": language,
      });
      expect(refused.status).toBe(400);
      const page = await refused.text();
      expect(page).toContain(i18nextFor(language).t("policies.comments.errors.draftChanged"));
    }
    expect((await policyView(created.id)).status).toBe("open");
    // The page read again shows the late edit, and sent with its new stamp the adoption goes through.
    const page = await (await fetch(`${base}/policies/${created.id}/adopt`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain("第三条 晚到的修改。");
    const report = await adoptAsShown(created.id);
    expect(report.changes.list.map((change) => change.added)).toEqual(["第三条 晚到的修改。"]);
  });

  it("the report names insertions and deletions in words, without aria-label on <ins>/<del>", async () => {
    const created = await newPolicy();
    await publishVersion(official.user, await policyView(created.id), {
      content: JSON.stringify(REGULATION),
      changeNote: "一",
    });
    await openConsultation(created.id);
    await editDraft(created.id, (now) => ({
      ...now,
      content: now.content!.map((block, i) => (i === 2 ? p(text("本办法适用于本市的既有住宅。")) : block)),
    }));
    const cookie = (await logInOverHttp(base, official.email, official.password)).cookie;
    const preview = await (
      await fetch(`${base}/policies/${created.id}/adopt`, { headers: { Cookie: cookie, "Accept-Language": "zh-CN" } })
    ).text();
    await adoptAsShown(created.id);
    const report = await (
      await fetch(`${base}/policies/${created.id}/versions/2/report`, { headers: { "Accept-Language": "zh-CN" } })
    ).text();
    const t = i18nextFor("zh-CN").t;
    for (const page of [preview, report]) {
      expect(page).not.toMatch(/<(ins|del)[^>]*aria-label/);
      expect(page).toMatch(/<del[^>]*>行政区域内<\/del>/);
      expect(page).toContain(`<span class="visually-hidden">${t("policies.editing.diff.deletedStart")}</span>`);
    }
  });
});
