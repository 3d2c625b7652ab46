import { z } from "zod";

// Every zod message is an i18n key (see app/i18n/locales/*/validation), so the same schema
// reports errors in Chinese or English. Schemas may name a specific key; these are the defaults.
z.config({
  customError(issue) {
    switch (issue.code) {
      case "invalid_type":
        return issue.input === undefined || issue.input === null ? "validation.required" : "validation.invalid";
      case "too_small":
        return issue.minimum === 1 && issue.origin === "string" ? "validation.required" : "validation.tooShort";
      case "too_big":
        return "validation.tooLong";
      case "invalid_format":
        return issue.format === "email" ? "validation.email" : "validation.invalid";
      case "invalid_value":
        return "validation.choose";
      default:
        return "validation.invalid";
    }
  },
});

/**
 * Control characters are never meant in a form field, and PostgreSQL refuses NUL outright
 * (error 22021) where SQLite would store it silently: both databases must answer alike.
 * Tab and line breaks are allowed; single-line fields cannot contain them anyway.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const withoutControlCharacters = z
  .string()
  .refine((value) => !CONTROL_CHARACTERS.test(value), { error: "validation.controlCharacters" });

/**
 * Something a reader can see: trimming leaves zero-width spaces, joiners, direction marks and
 * blank "filler" letters, so a question of only those was published as an empty card.
 */
const VISIBLE_CHARACTER = /[^\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/u;
export const hasVisibleText = (value: string) => VISIBLE_CHARACTER.test(value);

/** Trimmed text from a form field; an absent field counts as empty. */
export const text = (max: number) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), withoutControlCharacters.min(1).max(max));

/**
 * Plain text a resident writes for others to read. The forum always shows it as text, never as
 * markup, but a question full of tags reads as an attack on the page: it is refused with a
 * message rather than shown as a jumble of angle brackets.
 */
export const MARKUP = /<\s*\/?\s*[a-z!][^>]*>|javascript\s*:/i;
/**
 * Characters that make text read backwards (U+202A–202E, U+2066–2069): in a question they can
 * make "not" appear where the asker wrote none, or disguise a link. Refused like markup.
 */
const TEXT_REVERSING = /[\u202A-\u202E\u2066-\u2069]/;

const readable = (schema: z.ZodString, optional: boolean) =>
  schema
    .refine((value) => !MARKUP.test(value), { error: "validation.markup" })
    .refine((value) => !TEXT_REVERSING.test(value), { error: "validation.textReversing" })
    .refine((value) => (optional && value === "") || hasVisibleText(value), { error: "validation.invisibleOnly" });

export const plainText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.trim() : ""),
    readable(withoutControlCharacters.min(1).max(max), false),
  );

/** An optional plain-text field: empty means absent. */
export const optionalPlainText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.trim() : ""),
    readable(withoutControlCharacters.max(max), true),
  );

/** A title or a name: one line (calendar files and page titles have no room for a second). */
export const optionalSingleLine = (max: number) =>
  optionalPlainText(max).refine((value) => !/[\r\n]/.test(value), { error: "validation.singleLine" });
export const singleLine = (max: number) =>
  plainText(max).refine((value) => !/[\r\n]/.test(value), { error: "validation.singleLine" });

/** The id of a record (cuid), from a form or an address: anything else names no record. */
export const RECORD_ID = /^[A-Za-z0-9_-]{1,40}$/;
export const recordId = z.string().regex(RECORD_ID, { error: "validation.choose" });
export const isRecordId = (value: unknown): value is string => typeof value === "string" && RECORD_ID.test(value);

/** A checkbox that must be ticked. */
export const mustTick = (key: string) => z.literal("on", { error: key });

export type FieldErrors = Partial<Record<string, string>>;
