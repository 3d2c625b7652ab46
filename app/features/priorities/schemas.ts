import { z } from "zod";
import { isCalendarDate } from "~/shared/wall-time";
import {
  mustTick,
  optionalPlainText,
  optionalSingleLine,
  plainText,
  RECORD_ID,
  recordId,
  singleLine,
} from "~/validation";
import { PHASES, PHASE_START_FIELDS } from "./phases";
import {
  BALLOT_METHODS,
  COST_LIMIT,
  MAX_CHOICES_LIMIT,
  OFFLINE_CHANNELS,
  PROPOSAL_CATEGORIES,
  PROPOSAL_DESCRIPTION_MAX,
  PROPOSAL_STATUSES,
  PROPOSAL_TITLE_MAX,
  RESPONSE_MAX,
} from "./state";

// Every form and address of the priorities feature, checked before any command runs. Messages
// are translation keys: priorities.errors.* for this feature's own, validation.* for the shared.

export const areaSchema = z.object({
  slug: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toLowerCase() : ""),
    z
      .string()
      .min(1)
      .max(40)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "validation.slug" }),
  ),
  // Shown on every ballot, code letter and results page: plain text read in its own direction.
  nameZh: singleLine(80),
  nameEn: singleLine(80),
});
export type AreaInput = z.output<typeof areaSchema>;

/** A date and time as a datetime-local field sends it, in the reader's time zone. */
const wallTime = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z
    .string()
    .min(1)
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: "validation.dateTime" })
    .refine(isCalendarDate, { error: "validation.impossibleDate" }),
);

/** A whole number typed into a form ("1 000", "1,000" and "１０００" are what people type). */
const wholeNumber = (min: number, max: number, message: string) =>
  z.preprocess(
    (value) => {
      if (typeof value !== "string") return undefined;
      const cleaned = value.normalize("NFKC").replace(/[\s,_]/g, "");
      if (cleaned === "") return undefined;
      return /^-?\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
    },
    z
      .number({ error: (issue) => (issue.input === undefined ? "validation.required" : message) })
      .int({ error: message })
      .min(min, { error: message })
      .max(max, { error: message }),
  );
const optionalWholeNumber = (min: number, max: number, message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    wholeNumber(min, max, message).optional(),
  );

const phaseDates = Object.fromEntries(PHASES.map((phase) => [PHASE_START_FIELDS[phase], wallTime])) as Record<
  (typeof PHASE_START_FIELDS)[(typeof PHASES)[number]],
  typeof wallTime
>;

export const cycleSchema = z
  .object({
    areaId: recordId,
    titleZh: optionalSingleLine(120),
    titleEn: optionalSingleLine(120),
    summaryZh: optionalPlainText(2000),
    summaryEn: optionalPlainText(2000),
    ballotMethod: z.enum(BALLOT_METHODS),
    maxChoices: optionalWholeNumber(1, MAX_CHOICES_LIMIT, "priorities.errors.maxChoices"),
    budgetTotal: optionalWholeNumber(1, COST_LIMIT, "priorities.errors.budgetTotal"),
    ...phaseDates,
  })
  .superRefine((input, context) => {
    if (!input.titleZh && !input.titleEn)
      context.addIssue({ code: "custom", path: ["titleZh"], message: "validation.titleInOneLanguage" });
    // Approval and ranked ballots need K; a budget ballot needs its total. The other is ignored.
    if (input.ballotMethod !== "budget" && input.maxChoices === undefined)
      context.addIssue({ code: "custom", path: ["maxChoices"], message: "priorities.errors.maxChoices" });
    if (input.ballotMethod === "budget" && input.budgetTotal === undefined)
      context.addIssue({ code: "custom", path: ["budgetTotal"], message: "priorities.errors.budgetTotal" });
    // The same zone for all six, so the text compares as the instants do.
    for (const [index, phase] of PHASES.entries()) {
      if (index === 0) continue;
      const previous = input[PHASE_START_FIELDS[PHASES[index - 1]!]];
      if (input[PHASE_START_FIELDS[phase]] < previous) {
        context.addIssue({
          code: "custom",
          path: [PHASE_START_FIELDS[phase]],
          message: "priorities.errors.phaseOrder",
        });
        return;
      }
    }
  });
export type CycleInput = z.output<typeof cycleSchema>;

/** "Start the vote now": the phase the page showed as next, so a second press moves nothing. */
/** Changing a phase cannot be taken back by a click, so it asks for a ticked confirmation. */
export const phaseChangeSchema = z.object({
  phase: z.enum(PHASES),
  confirm: mustTick("priorities.errors.confirmPhase"),
});

/** A random key the page puts in each form, so that a replayed form is recognised. */
const submissionKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "validation.formExpired" });

export const proposalSchema = z.object({
  title: singleLine(PROPOSAL_TITLE_MAX),
  description: plainText(PROPOSAL_DESCRIPTION_MAX),
  category: z.enum(PROPOSAL_CATEGORIES, { error: "priorities.errors.category" }),
  submissionKey,
});
export type ProposalInput = z.output<typeof proposalSchema>;

export const offlineProposalSchema = proposalSchema.extend({
  cycleId: recordId,
  channel: z.enum(OFFLINE_CHANNELS, { error: "priorities.errors.channel" }),
});
export type OfflineProposalInput = z.output<typeof offlineProposalSchema>;

/**
 * A consequential choice from a list: the list starts with an empty "Choose…" entry rather than
 * its first option (a hotline proposal was once merged into whichever proposal happened to be
 * listed first), and an empty choice is refused with a message that says what to choose.
 */
const chosen = (message: string) => z.string({ error: message }).regex(RECORD_ID, { error: message });

export const proposalIdSchema = z.object({ proposalId: recordId });
// Merging, declining and taking off the shortlist each tell an author something that cannot be
// taken back, and the last renumbers the ballot: each asks for a ticked confirmation.
export const mergeProposalSchema = proposalIdSchema.extend({
  intoId: chosen("priorities.errors.chooseMergeTarget"),
  confirm: mustTick("priorities.errors.confirmMerge"),
});
export const declineProposalSchema = proposalIdSchema.extend({
  response: plainText(RESPONSE_MAX),
  confirm: mustTick("priorities.errors.confirmDecline"),
});
export const unshortlistProposalSchema = proposalIdSchema.extend({
  confirm: mustTick("priorities.errors.confirmUnshortlist"),
});
export const shortlistProposalSchema = proposalIdSchema.extend({
  departmentId: chosen("priorities.errors.chooseDepartment"),
  estimatedCost: wholeNumber(0, COST_LIMIT, "priorities.errors.cost"),
});

/** The cycle page's list: filters that name nothing are ignored rather than refused. */
export const proposalQuerySchema = z.object({
  q: z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, 100) : ""), z.string()).catch(""),
  status: z.preprocess((value) => value || undefined, z.enum(PROPOSAL_STATUSES).optional()).catch(undefined),
  category: z.preprocess((value) => value || undefined, z.enum(PROPOSAL_CATEGORIES).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ProposalQuery = z.output<typeof proposalQuerySchema>;

/** A proposed correction of a published result: which batch, counted or left out, and why (shown publicly). */
export const correctionSchema = z.object({
  kind: z.enum(["countBatch", "excludeBatch"], { error: "validation.choose" }),
  batchId: recordId,
  reason: plainText(RESPONSE_MAX),
});
export type CorrectionInput = z.output<typeof correctionSchema>;

export const correctionDecisionSchema = z.object({
  intent: z.enum(["confirm", "withdraw"]),
  correctionId: recordId,
});
