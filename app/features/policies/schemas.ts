import { z } from "zod";
import { isCalendarDate } from "~/shared/wall-time";
import { optionalPlainText, plainText, recordId, singleLine } from "~/validation";
import { POLICY_STATUSES, STATUS_CHANGE_NAMES } from "./state";
import { CHANGE_MODES } from "./suggestion-schemas";

export const TITLE_MAX_LENGTH = 200;
export const SUMMARY_MAX_LENGTH = 2000;
export const CHANGE_NOTE_MAX_LENGTH = 1000;

const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : "");
/** A calendar day ("2027-06-30"): the consultation window opens and closes on days. */
const dayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "policies.errors.day" })
  .refine(isCalendarDate, { error: "validation.impossibleDate" });
const optionalDay = z.preprocess(trimmed, z.union([z.literal(""), dayText]));

export const dayToDate = (value: string) => new Date(`${value}T00:00:00.000Z`);
export const dateToDay = (value: Date | string | null) => (value ? new Date(value).toISOString().slice(0, 10) : "");

export const policySchema = z
  .object({
    title: singleLine(TITLE_MAX_LENGTH),
    summary: optionalPlainText(SUMMARY_MAX_LENGTH),
    departmentId: recordId,
    opensAt: optionalDay,
    closesAt: optionalDay,
  })
  .refine((input) => !input.opensAt || !input.closesAt || input.closesAt >= input.opensAt, {
    path: ["closesAt"],
    error: "policies.errors.closesBeforeOpens",
  });
export type PolicyInput = z.output<typeof policySchema>;

/** Closing and reopening an adopted policy change what residents may do, so they ask for a ticked confirmation. */
export const statusChangeSchema = z
  .object({
    change: z.enum(STATUS_CHANGE_NAMES),
    confirm: z.string().optional(),
    // Offered with "open" only; without it the policy keeps the mode it has.
    changeMode: z.enum(CHANGE_MODES, { error: "validation.choose" }).optional(),
  })
  .refine((input) => input.change === "open" || input.confirm === "on", {
    path: ["confirm"],
    error: "policies.errors.confirm",
  });

const rawString = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * An official version as the editor page posts it: the text as Tiptap JSON in a hidden field
 * (checked against the schema by parsePolicyText, not here, so the message can name the
 * problem) and a change note. Without JavaScript the page posts the text as lines instead
 * (`lines`, see linesAsText); the JSON wins when both come.
 */
export const versionSchema = z
  .object({
    content: z.preprocess(rawString, z.string()),
    lines: z.preprocess(rawString, z.string()),
    changeNote: plainText(CHANGE_NOTE_MAX_LENGTH),
  })
  .refine((input) => input.content !== "" || input.lines.trim() !== "", {
    path: ["content"],
    error: "policies.errors.textEmpty",
  });
export type VersionInput = z.output<typeof versionSchema>;

const filterId = z.preprocess((value) => value || undefined, recordId.optional()).catch(undefined);
export const listQuerySchema = z.object({
  q: z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, 100) : ""), z.string()).catch(""),
  department: filterId,
  status: z.preprocess((value) => value || undefined, z.enum(POLICY_STATUSES).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type PolicyListQuery = z.output<typeof listQuerySchema>;
