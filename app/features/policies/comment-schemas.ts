// What the comment, outcome, hiding and adoption forms may send. Every message is an i18n key.
import { z } from "zod";
import { plainText, recordId, singleLine } from "~/validation";
import { QUOTE_MAX_LENGTH } from "./comment-anchors";

export const COMMENT_KINDS = ["feedback", "question", "concern", "support"] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];
export const COMMENT_OUTCOMES = ["addressed", "accepted", "notAdopted"] as const;
export type CommentOutcome = (typeof COMMENT_OUTCOMES)[number];

export const COMMENT_TEXT_MAX_LENGTH = 2000;
export const REASON_MAX_LENGTH = 1000;
export const CHANGE_NOTE_MAX_LENGTH = 300;
/** The adopted text as Tiptap JSON: a long regulation is a few hundred kilobytes. */
export const TEXT_JSON_MAX_LENGTH = 3_000_000;

const submissionKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "validation.formExpired" });
/** Base64 of an encoded Yjs relative position; empty when the form had no editor (no JavaScript). */
const anchor = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9+/=]*$/, { error: "validation.invalid" }),
);

export const commentSchema = z.object({
  kind: z.enum(COMMENT_KINDS, { error: "policies.comments.errors.kind" }),
  quote: z.preprocess(
    (value) => (typeof value === "string" ? value.slice(0, QUOTE_MAX_LENGTH * 2) : value),
    plainText(QUOTE_MAX_LENGTH),
  ),
  text: plainText(COMMENT_TEXT_MAX_LENGTH),
  anchorStart: anchor,
  anchorEnd: anchor,
  submissionKey,
});
export type CommentInput = z.output<typeof commentSchema>;

export const replySchema = z.object({
  commentId: recordId,
  text: plainText(COMMENT_TEXT_MAX_LENGTH),
  submissionKey,
});
export type ReplyInput = z.output<typeof replySchema>;

export const outcomeSchema = z.object({
  commentId: recordId,
  outcome: z.enum(COMMENT_OUTCOMES, { error: "policies.comments.errors.outcome" }),
  reason: plainText(REASON_MAX_LENGTH),
});
export type OutcomeInput = z.output<typeof outcomeSchema>;

export const hideSchema = z.object({
  commentId: recordId,
  reason: singleLine(300),
});
export type HideInput = z.output<typeof hideSchema>;

export const adoptSchema = z.object({
  changeNote: singleLine(CHANGE_NOTE_MAX_LENGTH),
  content: z
    .string()
    .min(1, { error: "policies.comments.errors.text" })
    .max(TEXT_JSON_MAX_LENGTH, { error: "policies.comments.errors.text" }),
  /** The version number the page offered: a second send of the same form finds it taken. */
  number: z.coerce.number().int().min(1).max(100_000),
  /**
   * The draft as the page showed it (draftStamp): a draft edited since is not adopted unseen.
   * The page always sends it; a caller without a page (a script) may leave it out.
   */
  draftStamp: z.string().max(128).optional(),
});
export type AdoptInput = z.output<typeof adoptSchema>;
