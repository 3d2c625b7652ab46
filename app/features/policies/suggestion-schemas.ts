// What the suggestion forms may send (decision 0042). Every message is an i18n key.
import { z } from "zod";
import { optionalPlainText, plainText, recordId, singleLine } from "~/validation";
import { QUOTE_MAX_LENGTH } from "./comment-anchors";
import { REASON_MAX_LENGTH } from "./comment-schemas";

/** How residents change a community draft: directly, only by suggestions, or both. */
export const CHANGE_MODES = ["editing", "suggestions", "both"] as const;
export type ChangeMode = (typeof CHANGE_MODES)[number];
export const isChangeMode = (value: unknown): value is ChangeMode => CHANGE_MODES.includes(value as ChangeMode);

export const SUGGESTION_STATUSES = ["open", "accepted", "rejected"] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
/**
 * What a suggestion does with its passage: replaces it (empty new words: deletes it), or leaves
 * it and puts new words in at a point right after or before it (decision 0046: an insertion is
 * anchored to its neighbouring words, so it is found, checked and shown like any passage).
 */
export const SUGGESTION_KINDS = ["replace", "insertAfter", "insertBefore"] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
export const isSuggestionKind = (value: unknown): value is SuggestionKind =>
  SUGGESTION_KINDS.includes(value as SuggestionKind);
export const isInsertion = (kind: string) => kind === "insertAfter" || kind === "insertBefore";
export const STANCES = ["support", "oppose"] as const;
export type Stance = (typeof STANCES)[number];

export const REPLACEMENT_MAX_LENGTH = 2000;
export const EXPLANATION_MAX_LENGTH = 2000;

const submissionKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "validation.formExpired" });
/** Base64 of an encoded Yjs relative position; empty when the form had no editor (no JavaScript). */
const anchor = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9+/=]*$/, { error: "validation.invalid" }),
);

export const suggestionSchema = z.object({
  quote: z.preprocess(
    (value) => (typeof value === "string" ? value.slice(0, QUOTE_MAX_LENGTH * 2) : value),
    plainText(QUOTE_MAX_LENGTH),
  ),
  // Empty: the passage is to be deleted. One line: a suggestion replaces words within the text's
  // blocks; a new paragraph is a matter for a comment or for the officials' own editing.
  replacement: z.preprocess(
    (value) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n") : value),
    optionalPlainText(REPLACEMENT_MAX_LENGTH).refine((value) => !value.includes("\n"), {
      error: "policies.suggestions.errors.replacementOneLine",
    }),
  ),
  // Absent (an older page, a client that does not send it): a replacement, as before insertions.
  kind: z.preprocess((value) => value ?? "replace", z.enum(SUGGESTION_KINDS, { error: "validation.choose" })),
  explanation: optionalPlainText(EXPLANATION_MAX_LENGTH),
  anchorStart: anchor,
  anchorEnd: anchor,
  submissionKey,
});
export type SuggestionInput = z.output<typeof suggestionSchema>;

export const stanceSchema = z.object({
  suggestionId: recordId,
  stance: z.enum(STANCES, { error: "validation.choose" }),
});
export type StanceInput = z.output<typeof stanceSchema>;

export const acceptSchema = z.object({ suggestionId: recordId });
export type AcceptInput = z.output<typeof acceptSchema>;

export const rejectSchema = z.object({ suggestionId: recordId, reason: plainText(REASON_MAX_LENGTH) });
export type RejectInput = z.output<typeof rejectSchema>;

export const hideSuggestionSchema = z.object({ suggestionId: recordId, reason: singleLine(300) });
export type HideSuggestionInput = z.output<typeof hideSuggestionSchema>;

export const changeModeSchema = z.object({
  changeMode: z.enum(CHANGE_MODES, { error: "validation.choose" }),
});
export type ChangeModeInput = z.output<typeof changeModeSchema>;
