// Comments on passages of a community draft (docs/decisions/0022): anchoring that follows the passage while
// the text around and inside it changes, detached comments that stay, what bad input and the
// wrong person are refused, the author told of an outcome once, and adoption making version
// n+1 with a response report of every comment. The policy, its first version and the draft are
// made directly (the core and editing parts make them in the app); edits to the draft are Yjs
// updates stored the way the collaboration server stores them.
import { randomBytes } from "node:crypto";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import type { JSONContent } from "@tiptap/core";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import { db } from "~/db.server";
import { storeUpdates, loadUpdate } from "~/features/collab/store.server";
import {
  adoptDraft,
  diffTokens,
  prepareAdoption,
  findVersionReport,
  reportMarkdown,
  summariseChanges,
} from "~/features/policies/adoption.server";
import { anchorFromRange, findQuote } from "~/features/policies/comment-anchors";
import { draftDocumentName, draftViewOf, policySchema } from "~/features/policies/comment-draft.server";
import { commentSchema, outcomeSchema, type CommentInput } from "~/features/policies/comment-schemas";
import {
  findPolicyForComments,
  hideComment,
  listPassageComments,
  markCommentOutcome,
  postPassageComment,
  replyToComment,
  type PolicyForComments,
} from "~/features/policies/comments.server";
import { restoreRevision, saveDraft } from "~/features/policies/revisions.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { seedPolicyComments, SEED_POLICY_ADOPTED, SEED_POLICY_OPEN } from "../../prisma/seed-policy-comments";
import { recordRevision } from "~/features/policies/revisions.server";
import { asUser, newResident, newOfficial, type Person } from "./helpers";
import { expectRefusalIn, logInOverHttp, post, withRealServer } from "./http";
import { attemptsAllowed } from "~/features/accounts/rate-limit.server";

let base: string;
withRealServer((url) => (base = url));

const unique = () => randomBytes(4).toString("hex");
const key = () => randomBytes(18).toString("base64url");

const paragraph = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });
const TEXT: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Article 1" }] },
    paragraph("Streets near schools get bicycle lanes and wider pavements."),
    paragraph("第二条 学校周边道路设置自行车道。"),
    paragraph("Parking on pavements is fined."),
  ],
};

let department: { id: string };
let official: Person;
let otherOfficial: Person;
let resident: Person;
let moderator: Person;

beforeAll(async () => {
  department = await db.department.create({
    data: { slug: `t-${unique()}`, nameZh: `交通局${unique()}`, nameEn: `Transport ${unique()}` },
  });
  const other = await db.department.create({
    data: { slug: `h-${unique()}`, nameZh: `住房局${unique()}`, nameEn: `Housing ${unique()}` },
  });
  official = await newOfficial(department.id);
  otherOfficial = await newOfficial(other.id);
  resident = await newResident({ displayName: "居民王" });
  moderator = await newResident({ displayName: "Moderator" });
  await db.role.create({ data: { userId: moderator.userId, name: "moderator" } });
  moderator = { ...moderator, user: await asUser(moderator.userId) };
});

/** A policy in open consultation with v1 and its community draft starting as a copy of it. */
async function newPolicy(status = "open"): Promise<PolicyForComments> {
  const policy = await db.policy.create({
    data: { title: `Safe school streets ${unique()}`, departmentId: department.id, status },
  });
  await db.policyVersion.create({
    data: {
      policyId: policy.id,
      number: 1,
      changeNote: "First draft",
      content: JSON.stringify(TEXT),
      html: "",
      text: "Article 1\n\nStreets near schools get bicycle lanes and wider pavements.",
    },
  });
  const doc = prosemirrorJSONToYDoc(policySchema(), TEXT, TEXT_FRAGMENT);
  await storeUpdates(draftDocumentName(policy.id), [
    { update: Y.encodeStateAsUpdate(doc), authorId: official.userId, at: new Date() },
  ]);
  return (await findPolicyForComments(policy.id))!;
}

/** An editor's copy of the stored draft: edit its blocks' text, then store the change. */
async function editDraft(policyId: string, edit: (blocks: Y.XmlElement[]) => void, authorId = resident.userId) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadUpdate(draftDocumentName(policyId)))!);
  const before = Y.encodeStateVector(doc);
  const fragment = doc.getXmlFragment(TEXT_FRAGMENT);
  edit(fragment.toArray() as Y.XmlElement[]);
  await storeUpdates(draftDocumentName(policyId), [
    { update: Y.encodeStateAsUpdate(doc, before), authorId, at: new Date() },
  ]);
}
const textOf = (block: Y.XmlElement) => block.get(0) as Y.XmlText;

const commentInput = (quote: string, overrides: Partial<CommentInput> = {}): CommentInput => ({
  kind: "concern",
  quote,
  text: "Too narrow for cargo bikes.",
  anchorStart: "",
  anchorEnd: "",
  submissionKey: key(),
  ...overrides,
});

async function passageOf(policyId: string, commentId: string) {
  const comment = (await listPassageComments(policyId)).find((c) => c.id === commentId);
  if (!comment) throw new Error("comment not listed");
  return comment;
}

describe("anchoring a comment to its passage", () => {
  it("keeps the comment on its passage when text is typed before it and inside it", async () => {
    const policy = await newPolicy();
    const posted = await postPassageComment(resident.user, policy, commentInput("bicycle lanes"));
    expect(posted.ok).toBe(true);
    const id = posted.ok ? posted.value.id : "";
    expect((await passageOf(policy.id, id)).passage).toBe("bicycle lanes");

    // Before the passage: in an earlier block, and in its own block right up to its first letter.
    await editDraft(policy.id, (blocks) => {
      textOf(blocks[0]).insert(0, "Chapter one, ");
      textOf(blocks[1]).insert(0, "From 2027, ");
      textOf(blocks[1]).insert(textOf(blocks[1]).toString().indexOf("bicycle"), "safe ");
    });
    expect((await passageOf(policy.id, id)).passage).toBe("bicycle lanes");

    // Inside the passage: the insertion becomes part of it.
    await editDraft(policy.id, (blocks) =>
      textOf(blocks[1]).insert(textOf(blocks[1]).toString().indexOf("lanes"), "and scooter "),
    );
    const comment = await passageOf(policy.id, id);
    expect(comment.passage).toBe("bicycle and scooter lanes");
    expect(comment.quote).toBe("bicycle lanes");
  });

  it("anchors editor selections (relative positions) the same way, also on the draft's first words and Chinese text", async () => {
    const policy = await newPolicy();
    const view = draftViewOf(await loadDoc(policy.id));
    const first = findQuote(view.doc, "Article")!;
    expect(first.from).toBe(1);
    const chinese = findQuote(view.doc, "自行车道")!;
    const anchors = [
      anchorFromRange(view.fragment, view.mapping, first.from, first.to)!,
      anchorFromRange(view.fragment, view.mapping, chinese.from, chinese.to)!,
    ];
    const ids: string[] = [];
    for (const [index, anchor] of anchors.entries()) {
      const posted = await postPassageComment(
        resident.user,
        policy,
        commentInput(index === 0 ? "ignored, the anchors win" : "whatever", { ...anchor, kind: "question" }),
      );
      expect(posted.ok).toBe(true);
      if (posted.ok) ids.push(posted.value.id);
    }
    await editDraft(policy.id, (blocks) => {
      textOf(blocks[2]).insert(textOf(blocks[2]).toString().indexOf("自行车道"), "安全的");
    });
    const [onFirst, onChinese] = await Promise.all(ids.map((id) => passageOf(policy.id, id)));
    expect(onFirst.quote).toBe("Article");
    expect(onFirst.passage).toBe("Article");
    expect(onChinese.quote).toBe("自行车道");
    expect(onChinese.passage).toBe("自行车道");
  });

  it("detaches the comment when its passage is deleted, and keeps it with its quote", async () => {
    const policy = await newPolicy();
    const inText = await postPassageComment(resident.user, policy, commentInput("wider pavements"));
    const inBlock = await postPassageComment(
      resident.user,
      policy,
      commentInput("Parking on pavements", { kind: "support" }),
    );
    if (!inText.ok || !inBlock.ok) throw new Error("not posted");
    await editDraft(policy.id, (blocks) => {
      const text = textOf(blocks[1]);
      const at = text.toString().indexOf("wider pavements");
      text.delete(at, "wider pavements".length);
      // The whole last paragraph goes.
      (blocks[3].parent as Y.XmlFragment).delete(3, 1);
    });
    const comments = await listPassageComments(policy.id);
    expect(comments).toHaveLength(2);
    for (const [id, quote] of [
      [inText.value.id, "wider pavements"],
      [inBlock.value.id, "Parking on pavements"],
    ]) {
      const comment = comments.find((c) => c.id === id)!;
      expect(comment.passage).toBeNull();
      expect(comment.quote).toBe(quote);
      expect(comment.text).toBe("Too narrow for cargo bikes.");
    }
  });
});

describe("a slip undone", () => {
  /** Deletes every block of the draft and leaves one empty paragraph, as select all + delete does. */
  const deleteEverything = (fragment: Y.XmlFragment) => {
    fragment.delete(0, fragment.length);
    fragment.insert(0, [new Y.XmlElement("paragraph")]);
  };

  it("re-attaches every comment when an editor deletes the whole text and undoes it", async () => {
    const policy = await newPolicy();
    // An author of their own: the comments count against the per-account limit of later tests.
    const author = (await newResident({ displayName: "Slip" })).user;
    const quotes = ["Article 1", "bicycle lanes", "wider pavements", "自行车道", "Parking on pavements"];
    const ids: string[] = [];
    for (const quote of quotes) {
      const posted = await postPassageComment(author, policy, commentInput(quote));
      if (!posted.ok) throw new Error("not posted");
      ids.push(posted.value.id);
    }
    // The editor's own copy with its undo history, as y-tiptap keeps it in the browser.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await loadUpdate(draftDocumentName(policy.id)))!);
    const fragment = doc.getXmlFragment(TEXT_FRAGMENT);
    const undo = new Y.UndoManager(fragment);
    const store = async (change: () => void) => {
      const before = Y.encodeStateVector(doc);
      change();
      await storeUpdates(draftDocumentName(policy.id), [
        { update: Y.encodeStateAsUpdate(doc, before), authorId: resident.userId, at: new Date() },
      ]);
    };
    await store(() => deleteEverything(fragment));
    expect((await listPassageComments(policy.id)).map((c) => c.passage)).toEqual(quotes.map(() => null));

    await store(() => undo.undo());
    const comments = await listPassageComments(policy.id);
    expect(comments.map((c) => [c.id, c.passage])).toEqual(ids.map((id, i) => [id, quotes[i]]));

    // The comments are anchored on the words that came back: an edit inside one is followed.
    await editDraft(policy.id, (blocks) =>
      textOf(blocks[1]).insert(textOf(blocks[1]).toString().indexOf("lanes"), "and scooter "),
    );
    expect((await passageOf(policy.id, ids[1])).passage).toBe("bicycle and scooter lanes");
  });

  it("re-attaches the comments when a moderator restores the revision from before the slip", async () => {
    const policy = await newPolicy();
    const author = (await newResident({ displayName: "Restore" })).user;
    const posted = await Promise.all(
      ["bicycle lanes", "Parking on pavements"].map((quote) =>
        postPassageComment(author, policy, commentInput(quote, { submissionKey: key() })),
      ),
    );
    const ids = posted.map((result) => (result.ok ? result.value.id : ""));
    expect(await saveDraft(resident.user, policy.id, { summary: "first" })).toMatchObject({ ok: true });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await loadUpdate(draftDocumentName(policy.id)))!);
    const before = Y.encodeStateVector(doc);
    const fragment = doc.getXmlFragment(TEXT_FRAGMENT);
    fragment.delete(0, fragment.length);
    const vandalised = new Y.XmlElement("paragraph");
    vandalised.insert(0, [new Y.XmlText("Nothing here.")]);
    fragment.insert(0, [vandalised]);
    await storeUpdates(draftDocumentName(policy.id), [
      { update: Y.encodeStateAsUpdate(doc, before), authorId: resident.userId, at: new Date() },
    ]);
    expect(await saveDraft(resident.user, policy.id, { summary: "vandalised" })).toMatchObject({ ok: true });
    expect((await listPassageComments(policy.id)).map((c) => c.passage)).toEqual([null, null]);

    expect(await restoreRevision(moderator.user, policy.id, { revision: 1 })).toEqual({
      ok: true,
      value: { number: 3 },
    });
    // Anchored again by the restore itself, before anyone reads them: an edit inside is followed.
    await editDraft(policy.id, (blocks) =>
      textOf(blocks[1]).insert(textOf(blocks[1]).toString().indexOf("lanes"), "and scooter "),
    );
    const comments = await listPassageComments(policy.id);
    expect(Object.fromEntries(comments.map((c) => [c.id, c.passage]))).toEqual({
      [ids[0]]: "bicycle and scooter lanes",
      [ids[1]]: "Parking on pavements",
    });
    // The response report no longer calls them detached either.
    const { report } = await prepareAdoption(policy);
    expect(report.comments.map((c) => c.detached)).toEqual([false, false]);
  });
});

describe("forged anchors", () => {
  /** Base64 of bytes a form may carry where an encoded relative position belongs. */
  const forged = (...bytes: number[]) => Buffer.from(bytes).toString("base64");
  /** A relative position by hand: tag 0 an item (client, clock), 1 a type's name, 2 a type's id. */
  const position = (tag: number, ...rest: Array<number | string>) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, tag);
    for (const part of rest) {
      if (typeof part === "string") encoding.writeVarString(encoder, part);
      else encoding.writeVarUint(encoder, part);
    }
    return Buffer.from(encoding.toUint8Array(encoder)).toString("base64");
  };

  it("are never trusted: garbage, another draft's positions, a reversed range, huge values or an unknown kind fall back to the quote", async () => {
    const policy = await newPolicy();
    const other = await newPolicy();
    const otherView = draftViewOf(await loadDoc(other.id));
    const inOther = findQuote(otherView.doc, "bicycle lanes")!;
    const otherAnchor = anchorFromRange(otherView.fragment, otherView.mapping, inOther.from, inOther.to)!;
    const view = draftViewOf(await loadDoc(policy.id));
    const own = findQuote(view.doc, "wider pavements")!;
    const ownAnchor = anchorFromRange(view.fragment, view.mapping, own.from, own.to)!;
    const attempts: Array<Pick<CommentInput, "anchorStart" | "anchorEnd">> = [
      { anchorStart: forged(3), anchorEnd: forged(3) }, // a kind of position Yjs has no reading for
      { anchorStart: forged(0xff, 0xff), anchorEnd: forged(1) },
      { anchorStart: position(0, 2 ** 40, 2 ** 50), anchorEnd: position(0, 2 ** 40, 2 ** 50 + 5) },
      { anchorStart: position(1, "evil"), anchorEnd: position(1, TEXT_FRAGMENT) },
      { anchorStart: position(2, 0, 0), anchorEnd: position(2, 2 ** 31, 7) },
      otherAnchor,
      { anchorStart: ownAnchor.anchorEnd, anchorEnd: ownAnchor.anchorStart },
    ];
    for (const anchors of attempts) {
      const posted = await postPassageComment(resident.user, policy, commentInput("bicycle lanes", anchors));
      expect(posted.ok).toBe(true);
      if (!posted.ok) continue;
      // Anchored where the quote is in this draft, with anchors made here rather than the forged ones.
      const comment = await passageOf(policy.id, posted.value.id);
      expect(comment.passage).toBe("bicycle lanes");
      expect([comment.anchorStart, comment.anchorEnd]).not.toEqual([anchors.anchorStart, anchors.anchorEnd]);
    }
    const page = await fetch(`${base}/policies/${policy.id}/comments`);
    expect(page.status).toBe(200);
  });

  it("over HTTP: a position Yjs cannot read is no 500", async () => {
    const policy = await newPolicy();
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const path = `/policies/${policy.id}/comments`;
    const headers = { cookie, "Accept-Language": "zh-CN" };
    const anchored = await post(
      base,
      path,
      {
        intent: "comment",
        kind: "question",
        quote: "自行车道",
        text: "为什么？",
        anchorStart: forged(3),
        anchorEnd: forged(3),
        submissionKey: key(),
      },
      headers,
    );
    expect(anchored.status).toBe(302);
    const nowhere = await post(
      base,
      path,
      {
        intent: "comment",
        kind: "question",
        quote: "不在草案里的文字",
        text: "为什么？",
        anchorStart: forged(3),
        anchorEnd: forged(3),
        submissionKey: key(),
      },
      headers,
    );
    await expectRefusalIn(nowhere, "zh-CN", "policies.comments.errors.quoteNotFound");
  });
});

describe("a flood of comments", () => {
  it("is stopped per account with a message on the form, while officials go on answering", async () => {
    const policy = await newPolicy();
    const flooder = await newResident({ displayName: "Flooder" });
    const { cookie } = await logInOverHttp(base, flooder.email, flooder.password);
    const path = `/policies/${policy.id}/comments`;
    const comment = () =>
      post(
        base,
        path,
        {
          intent: "comment",
          kind: "concern",
          quote: "bicycle lanes",
          text: "One more.",
          anchorStart: "",
          anchorEnd: "",
          submissionKey: key(),
        },
        { cookie, "Accept-Language": "zh-CN" },
      );
    const allowed = attemptsAllowed("commentByAccount");
    for (let count = 0; count < allowed; count += 1) expect((await comment()).status).toBe(302);
    const refused = await comment();
    await expectRefusalIn(refused, "zh-CN", "auth.rateLimited", { count: 10 }, 429);
    expect(await db.passageComment.count({ where: { policyId: policy.id, authorId: flooder.userId } })).toBe(allowed);

    const { cookie: officialCookie } = await logInOverHttp(base, official.email, official.password);
    const first = await db.passageComment.findFirstOrThrow({ where: { policyId: policy.id }, select: { id: true } });
    for (let count = 0; count <= allowed; count += 1) {
      const answer = await post(
        base,
        path,
        { intent: "reply", commentId: first.id, text: `Noted ${count}.`, submissionKey: key() },
        { cookie: officialCookie },
      );
      expect(answer.status).toBe(302);
    }
  });
});

describe("bad input and closed consultations", () => {
  it("refuses bad comment forms with a message for the field, and writes nothing", async () => {
    const policy = await newPolicy();
    const bad = [
      { kind: "praise", quote: "bicycle lanes", text: "ok" },
      { kind: "question", quote: "", text: "ok" },
      { kind: "question", quote: "bicycle lanes", text: "   " },
      { kind: "question", quote: "bicycle lanes", text: "<script>alert(1)</script>" },
      { kind: "question", quote: "bicycle lanes", text: "ok", anchorStart: "not base64!" },
    ];
    for (const form of bad) expect(commentSchema.safeParse({ submissionKey: key(), ...form }).success).toBe(false);
    expect(outcomeSchema.safeParse({ commentId: "abc", outcome: "accepted", reason: "" }).success).toBe(false);

    const missing = await postPassageComment(resident.user, policy, commentInput("a passage that is not in the draft"));
    expect(missing).toEqual({ ok: false, field: "quote", error: "policies.comments.errors.quoteNotFound" });
    const garbage = await postPassageComment(
      resident.user,
      policy,
      commentInput("nowhere", { anchorStart: "AAAA", anchorEnd: "AAAA" }),
    );
    expect(garbage.ok).toBe(false);
    const input = commentInput("bicycle lanes");
    expect((await postPassageComment(resident.user, policy, input)).ok).toBe(true);
    expect(await postPassageComment(resident.user, policy, input)).toEqual({
      ok: false,
      field: "form",
      error: "policies.comments.errors.replayed",
    });
    expect(await db.passageComment.count({ where: { policyId: policy.id } })).toBe(1);
  });

  it("takes no comments or residents' replies outside the consultation; officials still reply as officials", async () => {
    const policy = await newPolicy("closed");
    expect(await postPassageComment(resident.user, policy, commentInput("bicycle lanes"))).toMatchObject({
      ok: false,
      error: "policies.comments.errors.notOpen",
    });
    const open = await newPolicy();
    const posted = await postPassageComment(resident.user, open, commentInput("bicycle lanes"));
    if (!posted.ok) throw new Error("not posted");
    const asResident = await replyToComment(resident.user, open, {
      commentId: posted.value.id,
      text: "And for trailers.",
      submissionKey: key(),
    });
    const asOfficial = await replyToComment(official.user, open, {
      commentId: posted.value.id,
      text: "We will measure.",
      submissionKey: key(),
    });
    const asOtherOfficial = await replyToComment(otherOfficial.user, open, {
      commentId: posted.value.id,
      text: "Housing agrees.",
      submissionKey: key(),
    });
    expect([asResident.ok, asOfficial.ok, asOtherOfficial.ok]).toEqual([true, true, true]);
    const replies = (await passageOf(open.id, posted.value.id)).replies;
    expect(replies.map((reply) => [reply.text, reply.asOfficial])).toEqual([
      ["And for trailers.", false],
      ["We will measure.", true],
      ["Housing agrees.", false],
    ]);
    // The comment's author hears of the two replies by others, not of their own.
    const told = await db.notification.findMany({
      where: {
        userId: resident.userId,
        kind: "policies.commentReplied",
        link: { startsWith: `/policies/${open.id}/` },
      },
    });
    expect(told).toHaveLength(2);
  });
});

describe("outcomes and hiding", () => {
  it("lets only officials of the owning department mark outcomes, and tells the author once", async () => {
    const policy = await newPolicy();
    const posted = await postPassageComment(resident.user, policy, commentInput("bicycle lanes"));
    if (!posted.ok) throw new Error("not posted");
    const input = {
      commentId: posted.value.id,
      outcome: "accepted" as const,
      reason: "Lanes widened to 2 m in article 1.",
    };
    for (const person of [resident, otherOfficial, moderator]) {
      expect(await markCommentOutcome(person.user, policy, input)).toEqual({
        ok: false,
        field: "form",
        error: "policies.comments.errors.notYourDepartment",
      });
    }
    expect((await passageOf(policy.id, posted.value.id)).outcome).toBeNull();

    expect((await markCommentOutcome(official.user, policy, input)).ok).toBe(true);
    // The same form again, and a corrected reason: nothing new for the author.
    expect((await markCommentOutcome(official.user, policy, input)).ok).toBe(true);
    expect((await markCommentOutcome(official.user, policy, { ...input, reason: "Lanes widened to 2.5 m." })).ok).toBe(
      true,
    );
    const notifications = await db.notification.findMany({
      where: { userId: resident.userId, kind: "policies.commentOutcome", link: { contains: posted.value.id } },
    });
    expect(notifications).toHaveLength(1);
    const comment = await passageOf(policy.id, posted.value.id);
    expect([comment.outcome, comment.outcomeReason]).toEqual(["accepted", "Lanes widened to 2.5 m."]);
    expect(await db.auditEntry.count({ where: { action: "passageComment.outcome", targetId: posted.value.id } })).toBe(
      3,
    );
  });

  it("lets moderators hide a comment with a reason, audited; others cannot", async () => {
    const policy = await newPolicy();
    const posted = await postPassageComment(
      resident.user,
      policy,
      commentInput("bicycle lanes", { text: "Insulting words" }),
    );
    if (!posted.ok) throw new Error("not posted");
    const input = { commentId: posted.value.id, reason: "Insults another resident" };
    for (const person of [resident, official])
      expect(await hideComment(person.user, policy, input)).toMatchObject({
        ok: false,
        error: "policies.comments.errors.notModerator",
      });
    expect((await hideComment(moderator.user, policy, input)).ok).toBe(true);
    const comment = await passageOf(policy.id, posted.value.id);
    expect(comment.text).toBeNull();
    expect(comment.hiddenReason).toBe("Insults another resident");
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "passageComment.hide", targetId: posted.value.id },
    });
    expect(audit.actorId).toBe(moderator.userId);
    expect(JSON.parse(audit.detail!).reason).toBe("Insults another resident");
    // A reply to a hidden comment is refused.
    expect(
      (await replyToComment(resident.user, policy, { commentId: posted.value.id, text: "?", submissionKey: key() })).ok,
    ).toBe(false);
  });
});

describe("adoption", () => {
  it("makes version n+1 from the draft with a report of every comment and its outcome, and closes the draft", async () => {
    const policy = await newPolicy();
    const accepted = await postPassageComment(resident.user, policy, commentInput("bicycle lanes"));
    const pending = await postPassageComment(
      resident.user,
      policy,
      commentInput("自行车道", { kind: "support", text: "支持！" }),
    );
    const gone = await postPassageComment(
      resident.user,
      policy,
      commentInput("Parking on pavements", { kind: "question", text: "How much?" }),
    );
    if (!accepted.ok || !pending.ok || !gone.ok) throw new Error("not posted");
    await markCommentOutcome(official.user, policy, {
      commentId: accepted.value.id,
      outcome: "accepted",
      reason: "Widened.",
    });
    await markCommentOutcome(official.user, policy, {
      commentId: gone.value.id,
      outcome: "notAdopted",
      reason: "Fines are set by another regulation.",
    });
    await editDraft(policy.id, (blocks) => {
      textOf(blocks[1]).insert(textOf(blocks[1]).toString().indexOf("bicycle"), "2-metre ");
      (blocks[3].parent as Y.XmlFragment).delete(3, 1);
    });
    const content = JSON.stringify(draftJSONOf(await loadDoc(policy.id)));

    expect(await adoptDraft(resident.user, policy, { changeNote: "Adopted", content, number: 2 })).toMatchObject({
      ok: false,
      error: "policies.comments.errors.cannotAdopt",
    });
    expect(await adoptDraft(otherOfficial.user, policy, { changeNote: "Adopted", content, number: 2 })).toMatchObject({
      ok: false,
      error: "policies.comments.errors.cannotAdopt",
    });
    const script = JSON.stringify({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }],
        },
      ],
    });
    for (const bad of ["{", JSON.stringify({ type: "doc", content: [{ type: "table" }] }), script]) {
      expect(await adoptDraft(official.user, policy, { changeNote: "Adopted", content: bad, number: 2 })).toEqual({
        ok: false,
        field: "content",
        error: "policies.comments.errors.text",
      });
    }
    expect(await db.policyVersion.count({ where: { policyId: policy.id } })).toBe(1);

    const adopted = await adoptDraft(official.user, policy, {
      changeNote: "Adopted after consultation",
      content,
      number: 2,
    });
    expect(adopted).toEqual({ ok: true, value: { number: 2 } });
    expect((await db.policy.findUniqueOrThrow({ where: { id: policy.id } })).status).toBe("adopted");
    const version = await findVersionReport(policy.id, 2);
    expect(version?.changeNote).toBe("Adopted after consultation");
    const report = version!.report!;
    expect(report.comments.map((c) => [c.id, c.kind, c.quote, c.outcome, c.outcomeReason, c.detached]).sort()).toEqual(
      [
        [accepted.value.id, "concern", "bicycle lanes", "accepted", "Widened.", false],
        [pending.value.id, "support", "自行车道", null, null, false],
        [gone.value.id, "question", "Parking on pavements", "notAdopted", "Fines are set by another regulation.", true],
      ].sort(),
    );
    expect(report.changes.count).toBeGreaterThanOrEqual(1);
    expect(report.changes.list.some((change) => change.added.includes("2-metre"))).toBe(true);
    const stored = await db.policyVersion.findUniqueOrThrow({
      where: { policyId_number: { policyId: policy.id, number: 2 } },
    });
    expect(stored.text).toContain("2-metre bicycle lanes");
    expect(stored.text).not.toContain("Parking on pavements");

    const { t } = i18nextFor("zh-CN");
    const markdown = reportMarkdown(report, t);
    expect(markdown).toContain("已采纳进文本");
    expect(markdown).toContain("> 自行车道");
    // The downloads: Markdown in the reader's language, JSON as stored; the page lists every comment.
    const md = await fetch(`${base}/policies/${policy.id}/versions/2/report.md`, {
      headers: { "Accept-Language": "zh-CN" },
    });
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(await md.text()).toContain("处理结果：未采纳——Fines are set by another regulation.");
    // Its date in the reader's zone (the browser's, from the page's cookie), with the zone named.
    const inNewYork = await fetch(`${base}/policies/${policy.id}/versions/2/report.md`, {
      headers: { "Accept-Language": "en", cookie: "tz=America/New_York" },
    });
    const when = new Intl.DateTimeFormat("en", {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: "America/New_York",
    }).format(new Date(report.adoptedAt));
    expect(await inNewYork.text()).toContain(`${when} (America/New_York)`);
    const fromJson = await (await fetch(`${base}/policies/${policy.id}/versions/2/report.json`)).json();
    expect(fromJson.comments).toHaveLength(3);
    const page = await (
      await fetch(`${base}/policies/${policy.id}/versions/2/report`, { headers: { "Accept-Language": "en" } })
    ).text();
    expect(page).toContain("Outcome: Not adopted — Fines are set by another regulation.");
    expect(page).toContain("Outcome: No outcome yet");

    // Adopted: no second version from the same form, no more outcomes.
    const again = await findPolicyForComments(policy.id);
    expect(await adoptDraft(official.user, again!, { changeNote: "Again", content, number: 3 })).toMatchObject({
      ok: false,
    });
    expect(
      await markCommentOutcome(official.user, again!, {
        commentId: pending.value.id,
        outcome: "addressed",
        reason: "Late.",
      }),
    ).toMatchObject({ ok: false });
    expect(await db.policyVersion.count({ where: { policyId: policy.id } })).toBe(2);
    expect(await db.auditEntry.count({ where: { action: "policy.adopt", targetId: policy.id } })).toBe(1);
  });

  it("tells everyone who commented, replied, suggested or edited, once each, with a link to what became of it in the report", async () => {
    const policy = await newPolicy();
    const commenter = await newResident();
    const replier = await newResident();
    const editor = await newResident();
    const first = await postPassageComment(commenter.user, policy, commentInput("bicycle lanes"));
    const second = await postPassageComment(commenter.user, policy, commentInput("自行车道", { kind: "support" }));
    if (!first.ok || !second.ok) throw new Error("not posted");
    await replyToComment(replier.user, policy, { commentId: second.value.id, text: "Agreed.", submissionKey: key() });
    // The official's own reply: nobody needs news of their own adoption.
    await replyToComment(official.user, policy, { commentId: first.value.id, text: "Noted.", submissionKey: key() });
    await editDraft(
      policy.id,
      (blocks) => textOf(blocks[1]).insert(textOf(blocks[1]).toString().indexOf("bicycle"), "wide "),
      editor.userId,
    );
    await recordRevision(policy.id);
    // A suggestion the bureau rejected still came from a contributor, who hears what became of it.
    const suggester = await newResident();
    const suggestion = await db.suggestion.create({
      data: {
        policyId: policy.id,
        authorId: suggester.userId,
        authorName: "Suggester",
        anchorStart: "",
        anchorEnd: "",
        quote: "bicycle lanes",
        replacement: "cycle tracks",
        status: "rejected",
        reason: "Too costly this year.",
        submissionKey: key(),
      },
    });
    const content = JSON.stringify(draftJSONOf(await loadDoc(policy.id)));
    expect(await adoptDraft(official.user, policy, { changeNote: "Adopted", content, number: 2 })).toMatchObject({
      ok: true,
    });

    const report = `/policies/${policy.id}/versions/2/report`;
    const told = await db.notification.findMany({ where: { kind: "policies.adopted", link: { startsWith: report } } });
    expect(told.map((row) => [row.userId, row.link]).sort()).toEqual(
      [
        [commenter.userId, `${report}#comment-${first.value.id}`],
        [replier.userId, `${report}#comment-${second.value.id}`],
        [editor.userId, `${report}#report-changes`],
        [suggester.userId, `${report}#suggestion-${suggestion.id}`],
      ].sort(),
    );
    // The links land on something: the report page has each comment and the changes under those ids.
    const page = await (await fetch(`${base}${report}`, { headers: { "Accept-Language": "en" } })).text();
    for (const id of [
      `comment-${first.value.id}`,
      `comment-${second.value.id}`,
      "report-changes",
      `suggestion-${suggestion.id}`,
    ])
      expect(page).toContain(`id="${id}"`);
  });

  it("writes residents' words into the Markdown report as text: no HTML, links, headings or lists of their own", () => {
    const hostile =
      "Fine.\n## Changes adopted\n<script>alert(1)</script> [prize](javascript:alert(1)) ![x](https://evil.example/t.png)\n- 1. > **loud**";
    const report = {
      format: "forum.policy-response-report/1",
      policyId: "p",
      title: "Streets <b>now</b>",
      version: 2,
      previousVersion: 1,
      adoptedAt: new Date(0).toISOString(),
      comments: [
        {
          id: "c",
          kind: "concern",
          quote: "# <img src=x onerror=alert(1)>",
          text: hostile,
          hiddenReason: null,
          authorName: "[Official](https://evil.example)",
          createdAt: new Date(0).toISOString(),
          detached: false,
          outcome: "notAdopted",
          outcomeReason: "<i>no</i>",
          replies: 0,
        },
      ],
      changes: {
        charactersAdded: 1,
        charactersRemoved: 0,
        count: 1,
        list: [{ before: "x", removed: "", added: "<script>y</script>" }],
      },
    } as const;
    const markdown = reportMarkdown(structuredClone(report) as never, i18nextFor("en").t);
    // Each one only with a backslash before it, which makes it text.
    const unescaped = (raw: string) => new RegExp(`(^|[^\\\\])${raw.replace(/[[\]()*]/g, "\\$&")}`);
    for (const raw of ["<script>", "<img", "<b>", "<i>", "](javascript:", "](https://evil.example", "[x]"])
      expect(markdown).not.toMatch(unescaped(raw));
    // Our headings only: "# report", "## comments", "### the comment", "## changes".
    expect(markdown.split("\n").filter((line) => /^\s{0,3}#/.test(line))).toHaveLength(4);
    // A line of the comment that starts like a list is still text (the report's own list is of changes, "- …").
    expect(markdown).not.toMatch(/^\s{0,3}([-+*]|\d+[.)]) (?!…)/m);
    // The words are all there, escaped, for a reader.
    expect(markdown).toContain("\\<script\\>alert(1)\\</script\\>");
    expect(markdown).toContain("\\- 1. \\> \\*\\*loud\\*\\*");
  });

  it("summarises Chinese changes by character and Latin ones by word", () => {
    const chinese = summariseChanges("学校周边道路设置自行车道。", "学校周边道路设置安全的自行车道。");
    expect(chinese.list).toEqual([{ before: "学校周边道路设置", removed: "", added: "安全的" }]);
    const latin = summariseChanges("Streets get bicycle lanes.", "Streets get wide bicycle lanes.");
    expect(latin.list.map((change) => change.added.trim())).toEqual(["wide"]);
    // Mixed: the English word stays whole, the Chinese changes by character.
    const mixed = summariseChanges("第三条 Bike lanes在学校周边。", "第三条 Cycle lanes在学校周围。");
    expect(mixed.list.map((change) => [change.removed, change.added])).toEqual([
      ["Bike", "Cycle"],
      ["边", "围"],
    ]);
    expect(diffTokens("abc中文 def")).toEqual(["abc", "中", "文", " ", "def"]);
  });

  it("summarises a draft rewritten from end to end without blocking the server: the rewritten passage is one change", () => {
    // Residents choose how far the draft is from the last version; unbounded, this took minutes.
    const scrambled = (seed: number) => {
      let state = seed;
      return Array.from({ length: 20_000 }, () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return "的一是不了人我在有他这为之大来以个中上们"[state % 20];
      }).join("");
    };
    const changes = summariseChanges(`第一条 ${scrambled(1)}`, `第一条 ${scrambled(2)}`);
    expect(changes).toMatchObject({ count: 1, charactersAdded: 20_000, charactersRemoved: 20_000, whole: true });
    expect(changes.list[0].before).toBe("第一条 ");
  });
});

describe("over HTTP", () => {
  it("shows a draft holding a link the forum does not allow, with the link made harmless, on both pages", async () => {
    // A raw client once stored such a link; the comments page then said the draft had no text.
    const policy = await newPolicy();
    await editDraft(policy.id, (blocks) => textOf(blocks[1]).format(0, 7, { link: { href: "javascript:alert(1)" } }));
    for (const page of ["comments", "draft"]) {
      const html = await (await fetch(`${base}/policies/${policy.id}/${page}`)).text();
      expect(html).toContain("bicycle lanes");
      expect(html).toContain('href="">Streets</a>');
      expect(html).not.toContain("javascript:alert");
    }
  });

  it("answers bad forms with messages in the reader's language, never a 500, and refuses the wrong person", async () => {
    const policy = await newPolicy();
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const headers = { cookie, "Accept-Language": "zh-CN" };
    const page = await fetch(`${base}/policies/${policy.id}/comments`, { headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("bicycle lanes");

    const path = `/policies/${policy.id}/comments`;
    const empty = await post(
      base,
      path,
      { intent: "comment", kind: "", quote: "", text: "", submissionKey: key() },
      headers,
    );
    expect(empty.status).toBe(400);
    const emptyPage = await empty.text();
    expect(emptyPage).toContain("请选择意见类型。");
    expect(emptyPage).toContain(i18nextFor("zh-CN").t("validation.required"));
    const nowhere = await post(
      base,
      path,
      {
        intent: "comment",
        kind: "question",
        quote: "不在草案里的文字",
        text: "为什么？",
        anchorStart: "%%%",
        anchorEnd: "",
        submissionKey: key(),
      },
      headers,
    );
    expect(nowhere.status).toBe(400);
    const missing = await post(
      base,
      path,
      { intent: "comment", kind: "question", quote: "不在草案里的文字", text: "为什么？", submissionKey: key() },
      headers,
    );
    expect(await missing.text()).toContain("修改稿中（已）没有这段文字");
    const posted = await post(
      base,
      path,
      { intent: "comment", kind: "question", quote: "自行车道", text: "为什么？", submissionKey: key() },
      headers,
    );
    expect(posted.status).toBe(302);
    const comment = await db.passageComment.findFirstOrThrow({ where: { policyId: policy.id } });
    const outcome = await post(
      base,
      path,
      { intent: "outcome", commentId: comment.id, outcome: "accepted", reason: "自己采纳" },
      headers,
    );
    expect(outcome.status).toBe(400);
    expect((await db.passageComment.findUniqueOrThrow({ where: { id: comment.id } })).outcome).toBeNull();
    const unknown = await post(base, path, { intent: "delete", commentId: comment.id }, headers);
    expect(unknown.status).toBe(400);
    expect((await fetch(`${base}/policies/${policy.id}/adopt`, { headers, redirect: "manual" })).status).toBe(403);
    expect((await fetch(`${base}/policies/${policy.id}/versions/9/report`, { headers })).status).toBe(404);
    expect((await fetch(`${base}/policies/no-such-policy/comments`, { headers })).status).toBe(404);

    const data = await fetch(`${base}/policies/${policy.id}/comments/passage-comments.json`);
    expect(data.status).toBe(200);
    const text = await data.text();
    expect(text).toContain("居民王");
    expect(text).not.toContain(resident.email);
    expect(text).not.toContain(resident.userId);
  });
});

describe("errors of a comment's own forms", () => {
  it("are shown next to that comment's reply, outcome or hiding field, in the reader's language, with what was typed kept", async () => {
    const policy = await newPolicy();
    const path = `/policies/${policy.id}/comments`;
    const posted = await postPassageComment(resident.user, policy, {
      kind: "question",
      quote: "自行车道",
      text: "多宽？",
      anchorStart: "",
      anchorEnd: "",
      submissionKey: key(),
    });
    if (!posted.ok) throw new Error(posted.error);
    const commentId = posted.value.id;
    const field = (page: string, id: string) =>
      new RegExp(`<(textarea|select|input)[^>]*id="${id}"[^>]*aria-invalid="true"`).test(page) &&
      page.includes(`<p id="${id}-error" class="field-error">`);

    for (const language of ["zh-CN", "en"] as const) {
      const { t } = i18nextFor(language);
      const asResident = {
        cookie: (await logInOverHttp(base, resident.email, resident.password)).cookie,
        "Accept-Language": language,
      };
      const reply = await post(base, path, { intent: "reply", commentId, text: " ", submissionKey: key() }, asResident);
      const replyPage = await reply.clone().text();
      await expectRefusalIn(reply, language, "validation.required");
      // Next to the reply box of that comment, not next to the new comment's text.
      expect(field(replyPage, "field-text")).toBe(true);
      expect(field(replyPage, "field-comment-text")).toBe(false);

      const asOfficial = {
        cookie: (await logInOverHttp(base, official.email, official.password)).cookie,
        "Accept-Language": language,
      };
      const outcome = await post(
        base,
        path,
        { intent: "outcome", commentId, outcome: "accepted", reason: "" },
        asOfficial,
      );
      const outcomePage = await outcome.clone().text();
      await expectRefusalIn(outcome, language, "validation.required");
      expect(field(outcomePage, "field-reason")).toBe(true);
      expect(outcomePage).toMatch(/<option value="accepted" selected="">/);
      const badOutcome = await (
        await post(base, path, { intent: "outcome", commentId, outcome: "bribed", reason: "理由" }, asOfficial)
      ).text();
      expect(field(badOutcome, "field-outcome")).toBe(true);
      // The summary names the field in the reader's words, not the form's machine name.
      expect(badOutcome).toContain(
        t("errors.summaryItem", { field: t("fields.outcome"), message: t("policies.comments.errors.outcome") }).replace(
          /"/g,
          "&quot;",
        ),
      );
      expect(t("fields.outcome")).not.toBe("outcome");

      const asModerator = {
        cookie: (await logInOverHttp(base, moderator.email, moderator.password)).cookie,
        "Accept-Language": language,
      };
      const hide = await post(base, path, { intent: "hide", commentId, reason: "" }, asModerator);
      const hidePage = await hide.clone().text();
      await expectRefusalIn(hide, language, "validation.required");
      expect(field(hidePage, "field-reason")).toBe(true);
    }
  });
});

describe("the demo seed", () => {
  it("comments of every kind on the open policy, anchored to its draft, and v2's report on the adopted one", async () => {
    const people = { officialId: official.userId, residentIds: [resident.userId] };
    await db.policy.create({
      data: {
        id: SEED_POLICY_OPEN,
        title: "学校周边道路安全规定（征求意见稿）",
        departmentId: department.id,
        status: "open",
      },
    });
    const doc = prosemirrorJSONToYDoc(policySchema(), TEXT, TEXT_FRAGMENT);
    await storeUpdates(draftDocumentName(SEED_POLICY_OPEN), [
      { update: Y.encodeStateAsUpdate(doc), authorId: official.userId, at: new Date() },
    ]);
    await db.policy.create({
      data: { id: SEED_POLICY_ADOPTED, title: "停车管理办法", departmentId: department.id, status: "adopted" },
    });
    for (const [number, text] of [
      [1, "第一条 居民区内禁止占用消防通道停车。\n\n第二条 违者处以罚款。"],
      [2, "第一条 居民区内禁止占用消防通道和盲道停车。\n\n第二条 违者处以罚款。"],
    ] as const) {
      await db.policyVersion.create({
        data: { policyId: SEED_POLICY_ADOPTED, number, changeNote: `v${number}`, content: "{}", html: "", text },
      });
    }
    await db.$transaction((tx) => seedPolicyComments(tx, people));
    await db.$transaction((tx) => seedPolicyComments(tx, people)); // a second run adds nothing

    const open = await listPassageComments(SEED_POLICY_OPEN);
    expect(open.map((comment) => comment.kind).sort()).toEqual(["concern", "feedback", "question", "support"]);
    for (const comment of open) expect(comment.passage).toBe(comment.quote);
    expect(open.find((comment) => comment.kind === "question")!.replies[0].asOfficial).toBe(true);
    const report = (await findVersionReport(SEED_POLICY_ADOPTED, 2))!.report!;
    expect(report.comments).toHaveLength(4);
    for (const comment of report.comments) expect(comment.outcome && comment.outcomeReason).toBeTruthy();
    expect(report.changes.list.map((change) => change.added)).toEqual(["和盲道"]);
  });
});

async function loadDoc(policyId: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadUpdate(draftDocumentName(policyId)))!);
  return doc;
}

function draftJSONOf(doc: Y.Doc) {
  const view = draftViewOf(doc);
  return view.doc.toJSON();
}
