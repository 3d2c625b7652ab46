import { z } from "zod";
import { recordId, singleLine, text } from "~/validation";

/** The kinds of document counter staff may check: the kind is recorded, never the number. */
export const DOCUMENT_KINDS = ["idCard", "residencePermit", "householdRegister", "passport"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const CODE_BATCH_MAX = 5000;

const email = z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : ""), z.string().min(1).pipe(z.email()));

export const findResidentSchema = z.object({ email });

export const verifyResidentSchema = z.object({
  email,
  areaId: recordId,
  documentKind: z.enum(DOCUMENT_KINDS),
});
export type VerifyResidentInput = z.output<typeof verifyResidentSchema>;

/** The counter page posts both steps, so that residents' emails never appear in addresses or logs. */
export const counterVerifySchema = z.discriminatedUnion("intent", [
  findResidentSchema.extend({ intent: z.literal("find") }),
  verifyResidentSchema.extend({ intent: z.literal("verify") }),
]);

const day = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "priorities.voting.errors.day" }).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { error: "validation.impossibleDate" }),
);

export const codeBatchSchema = z.object({
  label: singleLine(120),
  size: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : undefined),
    z.number({ error: "priorities.voting.errors.batchSize" }).int({ error: "priorities.voting.errors.batchSize" }).min(1, { error: "priorities.voting.errors.batchSize" }).max(CODE_BATCH_MAX, { error: "priorities.voting.errors.batchSize" }),
  ),
  /** The last day the codes work, in the forum's time zone. */
  expiresOn: day,
});
export type CodeBatchInput = z.output<typeof codeBatchSchema>;

/** A code as typed from a letter: spaces, dashes and lower case are forgiven by normalising. */
export const redeemCodeSchema = z.object({
  code: text(40),
  areaId: z.preprocess((value) => (value === "" ? undefined : value), recordId.optional()),
});
export type RedeemCodeInput = z.output<typeof redeemCodeSchema>;

export const paperBatchSchema = z.object({
  cycleId: recordId,
  label: singleLine(120),
  ballots: text(200_000),
});
export type PaperBatchInput = z.output<typeof paperBatchSchema>;

export const batchDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm") }),
  z.object({ intent: z.literal("delete"), confirm: z.literal("on", { error: "priorities.voting.errors.confirmDelete" }) }),
]);
