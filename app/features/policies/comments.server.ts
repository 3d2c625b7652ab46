// Comments on passages of the community draft: posting one (anchored to its passage), replying,
// an official's outcome with its reason (the author is notified), a moderator hiding one, and
// reading them back with where each passage is now. Decision 0022.
import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { consumeAttempt } from "~/features/accounts/rate-limit.server";
import { recordAudit } from "~/features/audit/audit.server";
import { notifyPeople, registerNotificationKinds } from "~/features/notifications/notifications.server";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import "./comments-personal-data.server";
import { anchorFromRange, findQuote, locatePassage, QUOTE_MAX_LENGTH, resolveAnchor } from "./comment-anchors";
import { loadDraftView, type DraftView } from "./comment-draft.server";
import { canAnswerComments, canComment, canHideComments } from "./comment-permissions.server";
import type { CommentInput, CommentKind, CommentOutcome, HideInput, OutcomeInput, ReplyInput } from "./comment-schemas";

// The author hears of the outcome of their comment, worded in their language when read.
registerNotificationKinds({
  "policies.commentOutcome": {
    message: "policies.comments.notifications.outcome",
    values: (params, locale) => ({
      title: String(params.title ?? ""),
      outcome: String(params.outcome ?? ""),
      outcomeText: outcomeWords(String(params.outcome ?? ""), locale),
    }),
  },
  "policies.commentReplied": { message: "policies.comments.notifications.replied" },
});

/** The outcome's words inside a notification (the kind's values cannot reach the translator). */
function outcomeWords(outcome: string, locale: string): string {
  const zh = locale.startsWith("zh");
  const words: Record<string, [string, string]> = {
    addressed: ["addressed", "已处理"],
    accepted: ["accepted into the text", "已采纳进文本"],
    notAdopted: ["not adopted", "未采纳"],
  };
  const pair = words[outcome];
  return pair ? pair[zh ? 1 : 0] : outcome;
}

export interface PolicyForComments {
  id: string;
  title: string;
  departmentId: string;
  status: string;
  /** How residents change the draft (decision 0042): "editing", "suggestions" or "both". */
  changeMode: string;
}

/** The policy named in an address, or null. (The core part has getPolicy; this reads only what comments need.) */
export async function findPolicyForComments(policyId: string | undefined): Promise<PolicyForComments | null> {
  if (!isRecordId(policyId)) return null;
  return db.policy.findUnique({
    where: { id: policyId },
    select: { id: true, title: true, departmentId: true, status: true, changeMode: true },
  });
}

const replayed = (error: unknown) => (error as { code?: string })?.code === "P2002";

/**
 * A resident comments on a passage. The anchors the editor sent are resolved on the stored
 * draft, and the quote is taken from there (never from the form); a form without anchors (no
 * JavaScript) gives the quoted text, which is looked up in the draft and anchored where it is.
 */
export async function postPassageComment(
  actor: User,
  policy: PolicyForComments,
  input: CommentInput,
): Promise<Outcome<{ id: string }>> {
  if (!canComment(actor, policy)) return { ok: false, field: "form", error: "policies.comments.errors.notOpen" };
  await consumeAttempt([["commentByAccount", actor.id]]);
  const draft = await loadDraftView(policy.id);
  const anchored = anchorPassage(draft, input);
  if (!anchored) return { ok: false, field: "quote", error: "policies.comments.errors.quoteNotFound" };
  try {
    const comment = await db.passageComment.create({
      data: {
        policyId: policy.id,
        authorId: actor.id,
        authorName: actor.displayName,
        kind: input.kind,
        text: input.text,
        anchorStart: anchored.anchorStart,
        anchorEnd: anchored.anchorEnd,
        quote: anchored.quote,
        submissionKey: input.submissionKey,
      },
      select: { id: true },
    });
    return { ok: true, value: comment };
  } catch (error) {
    if (replayed(error)) return { ok: false, field: "form", error: "policies.comments.errors.replayed" };
    throw error;
  }
}

/** The anchors and quote of a passage a form names (also for suggestions, decision 0042); null when it is not in the draft. */
export function anchorPassage(draft: DraftView, input: Pick<CommentInput, "anchorStart" | "anchorEnd" | "quote">) {
  if (input.anchorStart && input.anchorEnd) {
    const passage = resolveAnchor(draft.fragment, draft.mapping, draft.doc, input);
    if (passage)
      return {
        anchorStart: input.anchorStart,
        anchorEnd: input.anchorEnd,
        quote: passage.text.slice(0, QUOTE_MAX_LENGTH),
      };
  }
  // Without anchors, or with anchors the stored draft does not know yet (the reader's own last
  // keystrokes still on their way): the quoted text, where it is in the draft now.
  const range = findQuote(draft.doc, input.quote);
  const anchor = range && anchorFromRange(draft.fragment, draft.mapping, range.from, range.to);
  return anchor && range
    ? { ...anchor, quote: draft.doc.textBetween(range.from, range.to, "\n", " ").trim().slice(0, QUOTE_MAX_LENGTH) }
    : null;
}

/** A reply to a top-level comment; an official of the owning department replies as an official. */
export async function replyToComment(
  actor: User,
  policy: PolicyForComments,
  input: ReplyInput,
): Promise<Outcome<{ id: string }>> {
  const asOfficial = canAnswerComments(actor, policy);
  if (!canComment(actor, policy) && !asOfficial)
    return { ok: false, field: "form", error: "policies.comments.errors.notOpen" };
  const parent = await db.passageComment.findFirst({
    where: { id: input.commentId, policyId: policy.id, parentId: null },
    select: { id: true, authorId: true, hiddenReason: true },
  });
  if (!parent || parent.hiddenReason)
    return { ok: false, field: "form", error: "policies.comments.errors.noSuchComment" };
  // Officials answer many comments in a sitting; residents' replies count with their comments.
  if (!asOfficial) await consumeAttempt([["commentByAccount", actor.id]]);
  try {
    const { reply, sent } = await db.$transaction(async (tx) => {
      const reply = await tx.passageComment.create({
        data: {
          policyId: policy.id,
          parentId: parent.id,
          authorId: actor.id,
          authorName: actor.displayName,
          asOfficial,
          text: input.text,
          submissionKey: input.submissionKey,
        },
        select: { id: true },
      });
      // The comment's author hears of replies (not of their own).
      const recipients = parent.authorId && parent.authorId !== actor.id ? [parent.authorId] : [];
      const sent = await notifyPeople(tx, recipients, {
        kind: "policies.commentReplied",
        params: { title: policy.title, name: actor.displayName },
        link: `/policies/${policy.id}/comments#comment-${reply.id}`,
      });
      return { reply, sent };
    });
    void sent.afterCommit();
    return { ok: true, value: reply };
  } catch (error) {
    if (replayed(error)) return { ok: false, field: "form", error: "policies.comments.errors.replayed" };
    throw error;
  }
}

/**
 * An official marks a comment's outcome with a reason. The author is notified when the outcome
 * changes, once: correcting the reason, or the same form sent twice, tells them nothing new.
 */
export async function markCommentOutcome(
  actor: User,
  policy: PolicyForComments,
  input: OutcomeInput,
): Promise<Outcome> {
  if (!canAnswerComments(actor, policy))
    return { ok: false, field: "form", error: "policies.comments.errors.notYourDepartment" };
  const sent = await db.$transaction(async (tx) => {
    const comment = await tx.passageComment.findFirst({
      where: { id: input.commentId, policyId: policy.id, parentId: null },
      select: { id: true, authorId: true, outcome: true },
    });
    if (!comment) return null;
    // Conditional on the outcome read: of two officials deciding at once, one notification.
    const { count } = await tx.passageComment.updateMany({
      where: { id: comment.id, outcome: comment.outcome },
      data: { outcome: input.outcome, outcomeReason: input.reason, outcomeById: actor.id, outcomeAt: new Date() },
    });
    if (count !== 1) return null;
    await recordAudit(tx, {
      actor,
      action: "passageComment.outcome",
      targetType: "passageComment",
      targetId: comment.id,
      detail: {
        policyId: policy.id,
        title: policy.title,
        departmentId: policy.departmentId,
        outcome: input.outcome,
        before: comment.outcome,
      },
    });
    if (comment.outcome === input.outcome || !comment.authorId || comment.authorId === actor.id)
      return { afterCommit: () => Promise.resolve() };
    return notifyPeople(tx, [comment.authorId], {
      kind: "policies.commentOutcome",
      params: { title: policy.title, outcome: input.outcome },
      link: `/policies/${policy.id}/comments#comment-${comment.id}`,
    });
  });
  if (!sent) return { ok: false, field: "form", error: "policies.comments.errors.noSuchComment" };
  void sent.afterCommit();
  return { ok: true, value: undefined };
}

/** A moderator hides an abusive comment or reply; the reason is shown in its place. Audited. */
export async function hideComment(actor: User, policy: PolicyForComments, input: HideInput): Promise<Outcome> {
  if (!canHideComments(actor)) return { ok: false, field: "form", error: "policies.comments.errors.notModerator" };
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.passageComment.updateMany({
      where: { id: input.commentId, policyId: policy.id },
      data: { hiddenReason: input.reason },
    });
    if (count !== 1) return false;
    await recordAudit(tx, {
      actor,
      action: "passageComment.hide",
      targetType: "passageComment",
      targetId: input.commentId,
      detail: { policyId: policy.id, title: policy.title, departmentId: policy.departmentId, reason: input.reason },
    });
    return true;
  });
  return done
    ? { ok: true, value: undefined }
    : { ok: false, field: "form", error: "policies.comments.errors.noSuchComment" };
}

export interface ReplyView {
  id: string;
  authorName: string;
  asOfficial: boolean;
  /** Null when a moderator hid it (hiddenReason says why). */
  text: string | null;
  hiddenReason: string | null;
  createdAt: Date;
}

export interface CommentView extends ReplyView {
  kind: CommentKind;
  quote: string;
  /** The passage's text now, or null when the passage was deleted (detached). */
  passage: string | null;
  anchorStart: string | null;
  anchorEnd: string | null;
  outcome: CommentOutcome | null;
  outcomeReason: string | null;
  outcomeAt: Date | null;
  replies: ReplyView[];
}

const shown = <T extends { text: string; hiddenReason: string | null }>(row: T) => ({
  ...row,
  text: row.hiddenReason ? null : row.text,
});

/**
 * Every top-level comment with its replies, each with where its passage is in the draft now:
 * in the order of the text, detached ones after, newest first among those.
 */
export async function listPassageComments(policyId: string, draft?: DraftView): Promise<CommentView[]> {
  const [rows, view] = await Promise.all([
    db.passageComment.findMany({
      where: { policyId, parentId: null },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        authorName: true,
        asOfficial: true,
        kind: true,
        text: true,
        quote: true,
        anchorStart: true,
        anchorEnd: true,
        outcome: true,
        outcomeReason: true,
        outcomeAt: true,
        hiddenReason: true,
        createdAt: true,
        replies: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { id: true, authorName: true, asOfficial: true, text: true, hiddenReason: true, createdAt: true },
        },
      },
    }),
    draft ?? loadDraftView(policyId),
  ]);
  const located = rows.map((row) => {
    const passage = locatePassage(view.fragment, view.mapping, view.doc, {
      anchorStart: row.anchorStart ?? undefined,
      anchorEnd: row.anchorEnd ?? undefined,
      quote: row.quote,
    });
    return {
      at: passage?.from ?? Infinity,
      reanchored: passage?.anchor ? { id: row.id, before: row, after: passage.anchor } : null,
      view: {
        ...shown(row),
        ...passage?.anchor,
        kind: (row.kind ?? "feedback") as CommentKind,
        outcome: row.outcome as CommentOutcome | null,
        passage: passage?.text ?? null,
        replies: row.replies.map(shown),
      },
    };
  });
  await keepNewAnchors(located.flatMap((entry) => (entry.reanchored ? [entry.reanchored] : [])));
  return located.sort((a, b) => a.at - b.at).map((entry) => entry.view);
}

/**
 * Anchors again the comments whose passage came back as new text (a moderator's restore, an
 * undo), so that edits inside it are followed from now on, before anyone has read them.
 */
export async function reattachPassageComments(policyId: string): Promise<void> {
  await listPassageComments(policyId);
}

/**
 * Keeps the anchors of passages found again by their quote (undo or a restore wrote their words
 * anew), so that later edits inside them are followed as before. Conditional on the anchors
 * read: of two readers at once, the first write wins and the second changes nothing.
 */
async function keepNewAnchors(
  changes: Array<{
    id: string;
    before: { anchorStart: string | null; anchorEnd: string | null };
    after: { anchorStart: string; anchorEnd: string };
  }>,
) {
  for (const { id, before, after } of changes)
    await db.passageComment.updateMany({
      where: { id, anchorStart: before.anchorStart, anchorEnd: before.anchorEnd },
      data: after,
    });
}
