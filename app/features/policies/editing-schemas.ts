import { z } from "zod";
import { optionalPlainText, plainText, recordId, singleLine } from "~/validation";

export const EDIT_SUMMARY_MAX_LENGTH = 200;
export const REASON_MAX_LENGTH = 500;

export const saveDraftSchema = z.object({ summary: singleLine(EDIT_SUMMARY_MAX_LENGTH) });

export const restoreRevisionSchema = z.object({
  revision: z.coerce.number({ error: "validation.choose" }).int().positive({ error: "validation.choose" }),
});

export const protectionSchema = z.object({ reason: plainText(REASON_MAX_LENGTH) });

export const blockSchema = z.object({ userId: recordId, reason: plainText(REASON_MAX_LENGTH) });

export const unblockSchema = z.object({ userId: recordId, reason: optionalPlainText(REASON_MAX_LENGTH) });

/**
 * One side of a diff: a revision number ("12"), an official version ("v2"), or the community
 * draft as it is now ("draft").
 */
export const diffSideSchema = z.union([
  z.literal("draft").transform(() => ({ kind: "draft" as const })),
  z
    .string()
    .regex(/^v[1-9]\d{0,5}$/)
    .transform((value) => ({ kind: "version" as const, number: Number(value.slice(1)) })),
  z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform((value) => ({ kind: "revision" as const, number: Number(value) })),
]);
export type DiffSide = z.output<typeof diffSideSchema>;

export const diffQuerySchema = z.object({ from: diffSideSchema, to: diffSideSchema });
