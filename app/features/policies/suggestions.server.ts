// Suggested changes to a community draft (decision 0042): a resident proposes new words for a
// passage (anchored like a comment, with its quote), others support or oppose it, and an official
// of the owning department accepts it (the change enters the draft through the collaboration
// server's change path, authored by the suggester, and is recorded as its own revision) or
// rejects it with a reason. The suggester is told either way; the response report lists them all.
import type { JSONContent } from "@tiptap/core";
import { Transform } from "@tiptap/pm/transform";
import type { User } from "lucia";
import { db } from "~/db.server";
import { consumeAttempt } from "~/features/accounts/rate-limit.server";
import { recordAudit } from "~/features/audit/audit.server";
import { applyServerChange } from "~/features/collab/server-changes.server";
import { notifyPeople, registerNotificationKinds } from "~/features/notifications/notifications.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { fail, type Outcome } from "~/shared/outcome";
import { newSubmissionKey } from "~/shared/submission-key.server";
import { locatePassage, QUOTE_MAX_LENGTH } from "./comment-anchors";
import { loadDraftView, type DraftView } from "./comment-draft.server";
import { anchorPassage, type PolicyForComments } from "./comments.server";
import "./suggestions-personal-data.server";
import { announceDraftAccessChanged, announceSuggestionsChanged, draftDocumentName } from "./draft-access.server";
import { measureText, policySchema, updateTowards, withinTextLimits } from "./draft-text";
import { recordRevision } from "./revisions.server";
import {
  canChooseChangeMode,
  canDecideSuggestions,
  canHideSuggestions,
  canSuggest,
} from "./suggestion-permissions.server";
import { spacedInsertion } from "./suggestion-text";
import {
  isChangeMode,
  isInsertion,
  isSuggestionKind,
  type SuggestionKind,
  type AcceptInput,
  type ChangeMode,
  type ChangeModeInput,
  type HideSuggestionInput,
  type RejectInput,
  type Stance,
  type StanceInput,
  type SuggestionInput,
  type SuggestionStatus,
} from "./suggestion-schemas";

registerNotificationKinds({
  "policies.suggestionAccepted": { message: "policies.suggestions.notifications.accepted" },
  "policies.suggestionRejected": { message: "policies.suggestions.notifications.rejected" },
  // To those who supported or opposed it: they asked to be counted, so they hear how it ended.
  "policies.stancedSuggestionAccepted": { message: "policies.suggestions.notifications.stanceAccepted" },
  "policies.stancedSuggestionRejected": { message: "policies.suggestions.notifications.stanceRejected" },
});

const replayed = (error: unknown) => (error as { code?: string })?.code === "P2002";
const suggestionLink = (policyId: string, suggestionId: string) =>
  `/policies/${policyId}/comments#suggestion-${suggestionId}`;

/** The department's officials choose how residents change the draft; open editors are told at once. */
export async function chooseChangeMode(
  actor: User,
  policy: PolicyForComments,
  input: ChangeModeInput,
): Promise<Outcome> {
  if (!canChooseChangeMode(actor, policy)) return fail("form", "policies.suggestions.errors.notYourDepartment");
  const changed = await db.$transaction(async (tx) => {
    const { count } = await tx.policy.updateMany({
      where: { id: policy.id, changeMode: { not: input.changeMode }, status: { not: "adopted" } },
      data: { changeMode: input.changeMode },
    });
    if (count !== 1) return false;
    await recordAudit(tx, {
      actor,
      action: "policy.changeMode",
      targetType: "policy",
      targetId: policy.id,
      detail: {
        title: policy.title,
        departmentId: policy.departmentId,
        before: policy.changeMode,
        after: input.changeMode,
      },
    });
    return true;
  });
  // Residents editing now become readers at once (or writers again), not at the next periodic check.
  if (changed) await announceDraftAccessChanged(policy.id);
  return { ok: true, value: undefined };
}

/**
 * A resident suggests new words for a passage. As for comments, the anchors the page sent are
 * resolved on the stored draft and the quote taken from there (a form without JavaScript sends
 * the words, which are looked up). A suggestion that changes nothing is refused.
 */
export async function suggestChange(
  actor: User,
  policy: PolicyForComments,
  input: SuggestionInput,
): Promise<Outcome<{ id: string }>> {
  if (!canSuggest(actor, policy)) return fail("form", "policies.suggestions.errors.notOpen");
  await consumeAttempt([["commentByAccount", actor.id]]);
  const draft = await loadDraftView(policy.id);
  const anchored = anchorPassage(draft, input);
  if (!anchored) return fail("quote", "policies.comments.errors.quoteNotFound");
  // Accepting compares the passage with its quote: a passage longer than a quote holds could
  // never be accepted.
  const whole = locatePassage(draft.fragment, draft.mapping, draft.doc, anchored);
  if (!whole || whole.text.length > QUOTE_MAX_LENGTH) return fail("quote", "policies.suggestions.errors.tooLong");
  if (isInsertion(input.kind)) {
    // New words at a point: nothing to insert is no suggestion.
    if (!input.replacement) return fail("replacement", "policies.suggestions.errors.insertionEmpty");
  } else if (whole.text === input.replacement) return fail("replacement", "policies.suggestions.errors.sameText");
  try {
    const suggestion = await db.suggestion.create({
      data: {
        policyId: policy.id,
        authorId: actor.id,
        authorName: actor.displayName,
        anchorStart: anchored.anchorStart,
        anchorEnd: anchored.anchorEnd,
        quote: anchored.quote,
        replacement: input.replacement,
        kind: input.kind,
        explanation: input.explanation,
        submissionKey: input.submissionKey,
      },
      select: { id: true },
    });
    await announceSuggestionsChanged(policy.id);
    return { ok: true, value: suggestion };
  } catch (error) {
    if (replayed(error)) return fail("form", "policies.comments.errors.replayed");
    throw error;
  }
}

/** Support or oppose an open suggestion: one stance per person, changed by choosing the other. */
export async function takeStance(actor: User, policy: PolicyForComments, input: StanceInput): Promise<Outcome> {
  if (!canSuggest(actor, policy)) return fail("form", "policies.suggestions.errors.notOpen");
  const suggestion = await db.suggestion.findFirst({
    where: { id: input.suggestionId, policyId: policy.id },
    select: { id: true, status: true, authorId: true, hiddenReason: true },
  });
  if (!suggestion || suggestion.hiddenReason) return fail("form", "policies.suggestions.errors.noSuchSuggestion");
  if (suggestion.status !== "open") return fail("form", "policies.suggestions.errors.decided");
  // The suggester's own support is implied; counting it would let every suggestion start at one.
  if (suggestion.authorId === actor.id) return fail("form", "policies.suggestions.errors.ownSuggestion");
  await db.suggestionStance.upsert({
    where: { suggestionId_userId: { suggestionId: suggestion.id, userId: actor.id } },
    create: { suggestionId: suggestion.id, userId: actor.id, stance: input.stance },
    update: { stance: input.stance },
  });
  return { ok: true, value: undefined };
}

/**
 * The words a passage becomes (or the words put in next to it), made in the ProseMirror document
 * and turned into a Yjs update of the draft.
 */
function changeOfPassage(
  draft: DraftView,
  range: { from: number; to: number },
  suggestion: { replacement: string; kind: string },
) {
  const transform = new Transform(draft.doc);
  if (isInsertion(suggestion.kind)) {
    const at = suggestion.kind === "insertAfter" ? range.to : range.from;
    const words = spacedInsertion(
      draft.doc.textBetween(Math.max(draft.doc.resolve(at).start(), at - 1), at, " ", " "),
      suggestion.replacement,
      draft.doc.textBetween(at, Math.min(draft.doc.resolve(at).end(), at + 1), " ", " "),
    );
    // The marks the text has where the words go in (a word after bold text is bold too).
    transform.insert(at, policySchema().text(words, draft.doc.resolve(at).marks()));
  } else if (suggestion.replacement)
    transform.replaceWith(
      range.from,
      range.to,
      policySchema().text(
        suggestion.replacement,
        draft.doc.resolve(range.from).marksAcross(draft.doc.resolve(range.to)) ?? [],
      ),
    );
  else transform.delete(range.from, range.to);
  const json = transform.doc.toJSON() as JSONContent;
  if (!withinTextLimits(measureText(json))) return null;
  return updateTowards(draft.ydoc, json);
}

/**
 * An official accepts a suggestion: its passage, where it is now and still reading as it did,
 * takes the suggested words. The suggestion is claimed first (one acceptance however many
 * officials press at once), then the change goes through the collaboration server (stored
 * before anyone sees it, authored by the suggester) and is recorded as its own revision, edits
 * made before it in the one before. A passage since changed or deleted is refused with a message
 * saying so: the official rejects the suggestion or edits the text themselves.
 */
export async function acceptSuggestion(
  actor: User,
  policy: PolicyForComments,
  input: AcceptInput,
): Promise<Outcome<{ revision: number | null }>> {
  if (!canDecideSuggestions(actor, policy)) return fail("form", "policies.suggestions.errors.notYourDepartment");
  const suggestion = await db.suggestion.findFirst({
    where: { id: input.suggestionId, policyId: policy.id },
    select: {
      id: true,
      status: true,
      authorId: true,
      authorName: true,
      anchorStart: true,
      anchorEnd: true,
      quote: true,
      replacement: true,
      kind: true,
      hiddenReason: true,
    },
  });
  if (!suggestion || suggestion.hiddenReason) return fail("form", "policies.suggestions.errors.noSuchSuggestion");
  if (suggestion.status !== "open") return fail("form", "policies.suggestions.errors.decided");
  const draft = await loadDraftView(policy.id);
  const passage = locatePassage(draft.fragment, draft.mapping, draft.doc, suggestion);
  if (!passage) return fail("form", "policies.suggestions.errors.passageGone");
  if (passage.text !== suggestion.quote) return fail("form", "policies.suggestions.errors.passageChanged");
  const update = changeOfPassage(draft, passage, suggestion);
  draft.ydoc.destroy();
  if (!update) return fail("form", "policies.errors.textTooLong");

  const { count } = await db.suggestion.updateMany({
    where: { id: suggestion.id, status: "open", hiddenReason: null },
    data: { status: "accepted", decidedById: actor.id, decidedAt: new Date() },
  });
  if (count !== 1) return fail("form", "policies.suggestions.errors.decided");
  // Edits made before the acceptance form their own revision, so this one credits the suggester.
  await recordRevision(policy.id);
  // A deleted account keeps an anonymous row (decision 0004): the change is still theirs.
  const author = suggestion.authorId
    ? { id: suggestion.authorId, displayName: suggestion.authorName }
    : { id: actor.id, displayName: actor.displayName };
  try {
    await applyServerChange(draftDocumentName(policy.id), update, author);
  } catch (error) {
    // Nothing entered the draft: the suggestion is open again for another try.
    await db.suggestion.updateMany({
      where: { id: suggestion.id, status: "accepted" },
      data: { status: "open", decidedById: null, decidedAt: null },
    });
    throw error;
  }
  const revision = await recordRevision(policy.id, {
    // The suggester is the revision's author (the history lists them, or "Deleted account" once
    // they delete it); the summary names only the official, whose act is public.
    summary: i18nextFor(actor.locale).t("policies.suggestions.revisionSummary", { official: actor.displayName }),
  });
  const sent = await db.$transaction(async (tx) => {
    await tx.suggestion.update({
      where: { id: suggestion.id },
      data: { revisionNumber: revision?.number ?? null },
    });
    await recordAudit(tx, {
      actor,
      action: "suggestion.accept",
      targetType: "suggestion",
      targetId: suggestion.id,
      detail: {
        policyId: policy.id,
        title: policy.title,
        departmentId: policy.departmentId,
        revision: revision?.number,
      },
    });
    return notifyOutcome(tx, actor, policy, suggestion, { accepted: true });
  });
  void sent.afterCommit();
  await announceSuggestionsChanged(policy.id);
  return { ok: true, value: { revision: revision?.number ?? null } };
}

/** An official rejects a suggestion with a reason, shown with it and in the response report. */
export async function rejectSuggestion(actor: User, policy: PolicyForComments, input: RejectInput): Promise<Outcome> {
  if (!canDecideSuggestions(actor, policy)) return fail("form", "policies.suggestions.errors.notYourDepartment");
  const suggestion = await db.suggestion.findFirst({
    where: { id: input.suggestionId, policyId: policy.id },
    select: { id: true, authorId: true },
  });
  if (!suggestion) return fail("form", "policies.suggestions.errors.noSuchSuggestion");
  const sent = await db.$transaction(async (tx) => {
    const { count } = await tx.suggestion.updateMany({
      where: { id: suggestion.id, status: "open" },
      data: { status: "rejected", reason: input.reason, decidedById: actor.id, decidedAt: new Date() },
    });
    if (count !== 1) return null;
    await recordAudit(tx, {
      actor,
      action: "suggestion.reject",
      targetType: "suggestion",
      targetId: suggestion.id,
      detail: { policyId: policy.id, title: policy.title, departmentId: policy.departmentId, reason: input.reason },
    });
    return notifyOutcome(tx, actor, policy, suggestion, { accepted: false, reason: input.reason });
  });
  if (!sent) return fail("form", "policies.suggestions.errors.decided");
  void sent.afterCommit();
  await announceSuggestionsChanged(policy.id);
  return { ok: true, value: undefined };
}

/** A moderator hides an abusive suggestion: its words leave pages and reports, the reason shows in their place. Audited. */
export async function hideSuggestion(
  actor: User,
  policy: PolicyForComments,
  input: HideSuggestionInput,
): Promise<Outcome> {
  if (!canHideSuggestions(actor)) return fail("form", "policies.comments.errors.notModerator");
  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.suggestion.updateMany({
      where: { id: input.suggestionId, policyId: policy.id },
      data: { hiddenReason: input.reason },
    });
    if (count !== 1) return false;
    await recordAudit(tx, {
      actor,
      action: "suggestion.hide",
      targetType: "suggestion",
      targetId: input.suggestionId,
      detail: { policyId: policy.id, title: policy.title, departmentId: policy.departmentId, reason: input.reason },
    });
    return true;
  });
  if (!done) return fail("form", "policies.suggestions.errors.noSuchSuggestion");
  await announceSuggestionsChanged(policy.id);
  return { ok: true, value: undefined };
}

/**
 * Tells the suggester and everyone who supported or opposed the suggestion how it was decided,
 * with the reason of a rejection; not the official who decided. In the deciding transaction.
 */
async function notifyOutcome(
  tx: Parameters<typeof notifyPeople>[0] & Pick<typeof db, "suggestionStance">,
  actor: User,
  policy: PolicyForComments,
  suggestion: { id: string; authorId: string | null },
  outcome: { accepted: true } | { accepted: false; reason: string },
) {
  const link = suggestionLink(policy.id, suggestion.id);
  const params: Record<string, string> = outcome.accepted
    ? { title: policy.title }
    : { title: policy.title, reason: outcome.reason };
  const stances = await tx.suggestionStance.findMany({
    where: { suggestionId: suggestion.id },
    select: { userId: true },
  });
  const others = stances.map((stance) => stance.userId).filter((id) => id !== actor.id && id !== suggestion.authorId);
  const sent = [
    await notifyPeople(tx, suggestion.authorId && suggestion.authorId !== actor.id ? [suggestion.authorId] : [], {
      kind: outcome.accepted ? "policies.suggestionAccepted" : "policies.suggestionRejected",
      params,
      link,
    }),
    await notifyPeople(tx, others, {
      kind: outcome.accepted ? "policies.stancedSuggestionAccepted" : "policies.stancedSuggestionRejected",
      params,
      link,
    }),
  ];
  return { afterCommit: () => Promise.all(sent.map((one) => one.afterCommit())).then(() => undefined) };
}

export interface SuggestionView {
  id: string;
  authorName: string;
  quote: string;
  replacement: string;
  kind: SuggestionKind;
  explanation: string;
  status: SuggestionStatus;
  reason: string | null;
  revisionNumber: number | null;
  /** Set when a moderator hid it: its new words and explanation are then left out. */
  hiddenReason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** The passage's text now, or null when it was deleted (detached). */
  passage: string | null;
  anchorStart: string;
  anchorEnd: string;
  support: number;
  oppose: number;
  /** The reader's own stance, if any. */
  stance: Stance | null;
  /** The reader made it. */
  own: boolean;
}

/**
 * Every suggestion on a policy with where its passage is now and its support and opposition:
 * open ones first in the order of the text, then decided ones, newest first.
 */
export async function listSuggestions(
  policyId: string,
  options: { draft?: DraftView; readerId?: string | null } = {},
): Promise<SuggestionView[]> {
  const [rows, view] = await Promise.all([
    db.suggestion.findMany({
      where: { policyId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        authorId: true,
        authorName: true,
        quote: true,
        replacement: true,
        kind: true,
        explanation: true,
        status: true,
        reason: true,
        revisionNumber: true,
        hiddenReason: true,
        createdAt: true,
        decidedAt: true,
        anchorStart: true,
        anchorEnd: true,
        stances: { select: { userId: true, stance: true } },
      },
    }),
    options.draft ?? loadDraftView(policyId),
  ]);
  const located = rows.map(({ stances, authorId, ...stored }) => {
    // What a moderator hid is left out of every page and report; the row stays.
    const row = stored.hiddenReason ? { ...stored, replacement: "", explanation: "" } : stored;
    // An accepted suggestion's passage holds its new words now: only open ones are looked for.
    const passage = row.status === "open" ? locatePassage(view.fragment, view.mapping, view.doc, row) : null;
    return {
      at: row.status === "open" ? (passage?.from ?? Number.MAX_SAFE_INTEGER) : Infinity,
      view: {
        ...row,
        ...passage?.anchor,
        status: row.status as SuggestionStatus,
        kind: (isSuggestionKind(row.kind) ? row.kind : "replace") as SuggestionKind,
        passage: passage?.text ?? null,
        support: stances.filter((s) => s.stance === "support").length,
        oppose: stances.filter((s) => s.stance === "oppose").length,
        stance: (stances.find((s) => s.userId === options.readerId)?.stance ?? null) as Stance | null,
        own: !!options.readerId && authorId === options.readerId,
      },
    };
  });
  return located.sort((a, b) => (a.at === b.at ? 0 : a.at - b.at)).map((entry) => entry.view);
}

/** What the comments page needs to show suggestions and their forms to this reader. */
export async function suggestionsPanel(policy: PolicyForComments, reader: User | null, draft?: DraftView) {
  const suggestions = await listSuggestions(policy.id, { draft, readerId: reader?.id ?? null });
  const suggest = canSuggest(reader, policy);
  return {
    submissionKey: suggest ? newSubmissionKey() : null,
    changeMode: (isChangeMode(policy.changeMode) ? policy.changeMode : "editing") as ChangeMode,
    suggestions,
    can: {
      suggest,
      decide: canDecideSuggestions(reader, policy),
      chooseMode: canChooseChangeMode(reader, policy),
      hide: canHideSuggestions(reader),
    },
  };
}
