import { z } from "zod";
import { isCalendarDate } from "~/shared/wall-time";
import { optionalPlainText, optionalSingleLine, plainText, recordId } from "~/validation";
import { diffCommitment, needsReason, REASON_MAX_LENGTH, type VersionedCommitment } from "./history";

export const COMMITMENT_STATUSES = ["notStarted", "onTrack", "atRisk", "delayed", "done"] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
/** What a progress report may say: "not started" is only the state before the first report. */
export const REPORT_STATUSES = ["onTrack", "atRisk", "delayed", "done"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_TEXT_MAX_LENGTH = 2000;
export const PROMISE_MAX_LENGTH = 2000;
/** The edit form shows the commitment's milestones and a few empty rows, up to this many. */
export const MAX_MILESTONES = 12;
export const BLANK_MILESTONE_ROWS = 3;

/**
 * A calendar day ("2027-06-30"). Target dates, due dates and report dates are days, not
 * moments: they are stored at midnight UTC and shown as that day in every time zone.
 */
const dayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "commitments.errors.day" })
  .refine(isCalendarDate, { error: "validation.impossibleDate" });
const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : "");
export const day = z.preprocess(trimmed, z.string().min(1).pipe(dayText));
const optionalDay = z.preprocess(trimmed, z.union([z.literal(""), dayText]));
const checkbox = z.preprocess((value) => value === "on" || value === "true", z.boolean());
const optionalId = z.preprocess((value) => value || undefined, recordId.optional());

export const dayToDate = (value: string) => new Date(`${value}T00:00:00.000Z`);
export const dateToDay = (value: Date | string) => new Date(value).toISOString().slice(0, 10);

export interface MilestoneInput {
  id?: string;
  title: string;
  dueDate: string;
  done: boolean;
}

/** The milestone rows a form sends: milestone0Title, milestone0Due, milestone0Done, milestone0Id… */
const milestoneFields = Object.fromEntries(
  Array.from({ length: MAX_MILESTONES }, (_, index) => [
    [`milestone${index}Title`, optionalSingleLine(120)],
    [`milestone${index}Due`, optionalDay],
    [`milestone${index}Done`, checkbox],
    [`milestone${index}Id`, optionalId],
  ]).flat(),
) as Record<string, z.ZodType>;

const commitmentFields = z.object({
  titleZh: optionalSingleLine(120),
  titleEn: optionalSingleLine(120),
  departmentId: recordId,
  promiseZh: optionalPlainText(PROMISE_MAX_LENGTH),
  promiseEn: optionalPlainText(PROMISE_MAX_LENGTH),
  targetDate: day,
  ...milestoneFields,
});
type CommitmentFields = z.output<typeof commitmentFields>;

/** The milestone rows that have a title, in the form's order. */
function milestonesOf(input: CommitmentFields): MilestoneInput[] {
  const row = input as Record<string, unknown>;
  const milestones: MilestoneInput[] = [];
  for (let index = 0; index < MAX_MILESTONES; index++) {
    const title = row[`milestone${index}Title`] as string;
    if (!title) continue;
    milestones.push({
      id: row[`milestone${index}Id`] as string | undefined,
      title,
      dueDate: row[`milestone${index}Due`] as string,
      done: row[`milestone${index}Done`] as boolean,
    });
  }
  return milestones;
}

type IssueSink = { addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void };

function checkCommitment(input: CommitmentFields, context: IssueSink) {
  const row = input as Record<string, unknown>;
  if (!input.promiseZh && !input.promiseEn)
    context.addIssue({ code: "custom", path: ["promiseZh"], message: "commitments.errors.promiseInOneLanguage" });
  for (let index = 0; index < MAX_MILESTONES; index++) {
    const title = row[`milestone${index}Title`];
    const due = row[`milestone${index}Due`];
    // A row with only one half would silently vanish: say so next to the empty half.
    if (title && !due)
      context.addIssue({
        code: "custom",
        path: [`milestone${index}Due`],
        message: "commitments.errors.milestoneNeedsBoth",
      });
    if (!title && due)
      context.addIssue({
        code: "custom",
        path: [`milestone${index}Title`],
        message: "commitments.errors.milestoneNeedsBoth",
      });
  }
}

const toCommitmentInput = (input: CommitmentFields) => ({
  titleZh: input.titleZh,
  titleEn: input.titleEn,
  departmentId: input.departmentId,
  promiseZh: input.promiseZh,
  promiseEn: input.promiseEn,
  targetDate: input.targetDate,
  milestones: milestonesOf(input),
});

export const commitmentSchema = commitmentFields.superRefine(checkCommitment).transform(toCommitmentInput);
export type CommitmentInput = z.output<typeof commitmentSchema>;

/**
 * Editing a published commitment: the same fields and a reason, which is required when the
 * promise, the target date or a milestone changes compared with `current`, the commitment as
 * stored now (decision 0025). The command checks again against the row it updates.
 */
export function commitmentEditSchema(current: VersionedCommitment) {
  return commitmentFields
    .extend({ reason: optionalPlainText(REASON_MAX_LENGTH) })
    .superRefine((input, context) => {
      checkCommitment(input, context);
      const edited = toCommitmentInput(input);
      // Titles left empty fall back to the proposal's, and titles need no reason: compare them as they are.
      const after: VersionedCommitment = { ...versionedOf(edited), titleZh: current.titleZh, titleEn: current.titleEn };
      if (!input.reason && needsReason(diffCommitment(current, after).fields))
        context.addIssue({ code: "custom", path: ["reason"], message: "commitments.errors.reasonRequired" });
    })
    .transform((input) => ({ ...toCommitmentInput(input), reason: input.reason }));
}
export type CommitmentEditInput = z.output<ReturnType<typeof commitmentEditSchema>>;

/** What a commitment (as stored, or as a form would store it) promises, for the history. */
export function versionedOf(commitment: {
  titleZh: string;
  titleEn: string;
  promiseZh: string;
  promiseEn: string;
  targetDate: string | Date;
  milestones: ReadonlyArray<{ title: string; dueDate: string | Date }>;
}): VersionedCommitment {
  return {
    titleZh: commitment.titleZh,
    titleEn: commitment.titleEn,
    promiseZh: commitment.promiseZh,
    promiseEn: commitment.promiseEn,
    targetDate: typeof commitment.targetDate === "string" ? commitment.targetDate : dateToDay(commitment.targetDate),
    milestones: commitment.milestones.map((milestone) => ({
      title: milestone.title,
      dueDate: typeof milestone.dueDate === "string" ? milestone.dueDate : dateToDay(milestone.dueDate),
    })),
  };
}

/** Why a ranked candidate does not become a commitment, for the year-end report. */
export const SKIP_REASON_MAX_LENGTH = 1000;
export const skipReasonSchema = z.object({ proposalId: recordId, skipReason: plainText(SKIP_REASON_MAX_LENGTH) });
export type SkipReasonInput = z.output<typeof skipReasonSchema>;

/** A random key the page puts in each form, so that a replayed form is recognised. */
const submissionKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "validation.formExpired" });

export const progressReportSchema = z
  .object({
    status: z.enum(REPORT_STATUSES),
    percent: z.preprocess(
      trimmed,
      z
        .string()
        .regex(/^\d{1,3}$/, { error: "commitments.errors.percent" })
        .transform(Number)
        .pipe(
          z
            .number()
            .int()
            .min(0, { error: "commitments.errors.percent" })
            .max(100, { error: "commitments.errors.percent" }),
        ),
    ),
    text: plainText(REPORT_TEXT_MAX_LENGTH),
    reportedOn: day,
    submissionKey,
  })
  .refine((input) => input.status !== "done" || input.percent === 100, {
    path: ["percent"],
    error: "commitments.errors.doneIs100",
  });
export type ProgressReportInput = z.output<typeof progressReportSchema>;

/** Following and unfollowing need nothing from the form but its intent. */
export const intentOnlySchema = z.object({});

const filterId = z.preprocess((value) => value || undefined, recordId.optional()).catch(undefined);
export const listQuerySchema = z.object({
  cycle: filterId,
  department: filterId,
  status: z.preprocess((value) => value || undefined, z.enum(COMMITMENT_STATUSES).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type CommitmentListQuery = z.output<typeof listQuerySchema>;

export const newQuerySchema = z.object({ cycle: filterId, proposal: filterId });
