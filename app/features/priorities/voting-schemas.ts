import { z } from "zod";
import { recordId, singleLine, text } from "~/validation";

/** The kinds of document counter staff may check: the kind is recorded, never the number. */
export const DOCUMENT_KINDS = ["idCard", "residencePermit", "householdRegister", "passport"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const CODE_BATCH_MAX = 5000;

const email = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : ""),
  z.string().min(1).pipe(z.email()),
);

export const findResidentSchema = z.object({ email });

const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CARD_CHECK = "10X98765432";

/** A resident identity card number (GB 11643): 17 digits and a check character. Catches most typing slips. */
export function isIdCardNumber(number: string): boolean {
  if (!/^\d{17}[\dX]$/.test(number)) return false;
  const sum = ID_CARD_WEIGHTS.reduce((total, weight, index) => total + weight * Number(number[index]), 0);
  return ID_CARD_CHECK[sum % 11] === number[17];
}

/**
 * The document's number, typed by counter staff from the document: kept only as a keyed hash
 * (voter-keys.server.ts). Full-width digits, spaces and dashes are forgiven.
 */
const documentNumber = z.preprocess(
  (value) => (typeof value === "string" ? value.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "") : ""),
  z
    .string()
    .min(1, { error: "validation.required" })
    .regex(/^[A-Z0-9]{5,30}$/, { error: "priorities.voting.errors.documentNumber" }),
);

/** Verifying with a document: its kind and number; the number is checked against the kind where it has a check digit. */
const documentFields = {
  documentKind: z.enum(DOCUMENT_KINDS),
  documentNumber,
};
const checkIdCard = (input: { documentKind: DocumentKind; documentNumber: string }, context: z.core.$RefinementCtx) => {
  if (input.documentKind === "idCard" && !isIdCardNumber(input.documentNumber)) {
    context.addIssue({ code: "custom", path: ["documentNumber"], message: "priorities.voting.errors.idCardNumber" });
  }
};

export const verifyResidentSchema = z
  .object({
    email,
    areaId: recordId,
    ...documentFields,
    /** Ticked when staff move the document's verification from the person's other account to this one. */
    move: z.literal("on").optional(),
  })
  .superRefine(checkIdCard);
export type VerifyResidentInput = z.output<typeof verifyResidentSchema>;

/** The counter page posts both steps, so that residents' emails never appear in addresses or logs. */
export const counterVerifySchema = z.discriminatedUnion("intent", [
  findResidentSchema.extend({ intent: z.literal("find") }),
  z
    .object({
      intent: z.literal("verify"),
      email,
      areaId: recordId,
      ...documentFields,
      move: z.literal("on").optional(),
    })
    .superRefine(checkIdCard),
]);

/** Counter staff hand a person a paper ballot: they check the document and the forum marks the person as having voted on paper. */
export const paperHandOutSchema = z.object({ cycleId: recordId, ...documentFields }).superRefine(checkIdCard);
export type PaperHandOutInput = z.output<typeof paperHandOutSchema>;

const day = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "priorities.voting.errors.day" })
    .refine(
      (value) =>
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
      { error: "validation.impossibleDate" },
    ),
);

export const codeBatchSchema = z.object({
  label: singleLine(120),
  size: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : undefined),
    z
      .number({ error: "priorities.voting.errors.batchSize" })
      .int({ error: "priorities.voting.errors.batchSize" })
      .min(1, { error: "priorities.voting.errors.batchSize" })
      .max(CODE_BATCH_MAX, { error: "priorities.voting.errors.batchSize" }),
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
  z.object({
    intent: z.literal("delete"),
    confirm: z.literal("on", { error: "priorities.voting.errors.confirmDelete" }),
  }),
]);
