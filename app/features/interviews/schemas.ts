import { z } from "zod";
import { hasVisibleText, optionalPlainText, optionalSingleLine, plainText, recordId, singleLine } from "~/validation";
import { isCalendarDate } from "~/shared/wall-time";
import {
  ANSWER_MAX_LENGTH,
  COMPLEXITIES,
  EDIT_REASONS,
  OFFLINE_CHANNELS,
  QUESTION_MAX_LENGTH,
  QUESTION_SORTS,
  QUESTION_TYPES,
  QUESTIONS_SHOWN_STEP,
} from "./state";

/**
 * A date and time as a datetime-local field sends it, in the reader's time zone. The shape
 * alone let "2026-02-30T25:00" through, which the date arithmetic silently moved to March.
 */
const wallTimeText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: "validation.dateTime" })
  .refine(isCalendarDate, { error: "validation.impossibleDate" });
const wallTime = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z.string().min(1).pipe(wallTimeText),
);
const optionalWallTime = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z.union([z.literal(""), wallTimeText]),
);
/** A day of a search filter (?from=2026-03-01): an impossible one filters nothing, as if absent. */
const filterDay = z
  .preprocess(
    (value) => value || undefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine(isCalendarDate)
      .optional(),
  )
  .catch(undefined);
const checkbox = z.preprocess((value) => value === "on" || value === "true", z.boolean());
const idList = z.preprocess(
  (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
  z.array(recordId).max(20),
);

/** "Name, title" on each line: the guest officials as the public will see them. */
const guestLines = z.preprocess(
  (value) => (typeof value === "string" ? value : ""),
  optionalPlainText(2000).transform((value, context) => {
    const guests = [];
    for (const line of value
      .split(/\r?\n/)
      .map((entry) => entry.trim())
      .filter(Boolean)) {
      const [name, ...title] = line.split(/[,，]/);
      if (
        !name ||
        !hasVisibleText(name) ||
        !hasVisibleText(title.join(",")) ||
        name.trim().length > 60 ||
        title.join(",").trim().length > 120
      ) {
        context.addIssue({ code: "custom", message: "validation.guestLine" });
        return z.NEVER;
      }
      guests.push({ name: name.trim(), title: title.join(",").trim() });
    }
    if (guests.length > 12) {
      context.addIssue({ code: "custom", message: "validation.tooManyGuests" });
      return z.NEVER;
    }
    return guests;
  }),
);

/**
 * The session's stream (decision 0040): an address of a web page or player, http(s) only, no
 * credentials in it. Empty when the session has none.
 */
const streamLink = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z.union([
    z.literal(""),
    z
      .string()
      .max(500, { error: "interviews.errors.streamUrl" })
      .refine(
        (value) => {
          try {
            const url = new URL(value);
            return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
          } catch {
            return false;
          }
        },
        { error: "interviews.errors.streamUrl" },
      ),
  ]),
);

export const sessionSchema = z
  .object({
    titleZh: optionalSingleLine(120),
    titleEn: optionalSingleLine(120),
    summaryZh: optionalPlainText(2000),
    summaryEn: optionalPlainText(2000),
    topic: singleLine(60),
    departmentIds: idList.pipe(z.array(recordId).min(1, { error: "validation.chooseDepartment" })),
    guests: guestLines,
    startsAt: wallTime,
    endsAt: optionalWallTime,
    premoderated: checkbox,
    allowAnonymous: checkbox,
    streamUrl: streamLink,
    // The session's promise in working days after its end (decision 0030); 3 when left empty.
    replyWorkingDays: z.preprocess(
      (value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : "3"),
      z
        .string()
        .regex(/^\d{1,2}$/, { error: "interviews.errors.replyWorkingDays" })
        .transform(Number)
        .pipe(
          z
            .number()
            .int()
            .min(1, { error: "interviews.errors.replyWorkingDays" })
            .max(30, { error: "interviews.errors.replyWorkingDays" }),
        ),
    ),
  })
  .superRefine((input, context) => {
    // A session needs a title in at least one language; the other falls back to it.
    if (!input.titleZh && !input.titleEn)
      context.addIssue({ code: "custom", path: ["titleZh"], message: "validation.titleInOneLanguage" });
  });
// The stream link may be left out by callers that predate it (it then stays as it was).
export type SessionInput = Omit<z.output<typeof sessionSchema>, "streamUrl"> & { streamUrl?: string };

/**
 * Each hosting department's topic line (decision 0044), sent as `topicZh-<department id>` and
 * `topicEn-<department id>` fields, one pair per host.
 */
export const hostTopicsSchema = z.preprocess(
  (raw) => {
    const byDepartment = new Map<string, { departmentId: string; topicZh?: unknown; topicEn?: unknown }>();
    for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
      const match = /^topic(Zh|En)-(.+)$/.exec(key);
      if (!match) continue;
      const entry = byDepartment.get(match[2]!) ?? { departmentId: match[2]! };
      entry[match[1] === "Zh" ? "topicZh" : "topicEn"] = value;
      byDepartment.set(match[2]!, entry);
    }
    return { topics: [...byDepartment.values()] };
  },
  z.object({
    topics: z
      .array(z.object({ departmentId: recordId, topicZh: optionalSingleLine(80), topicEn: optionalSingleLine(80) }))
      .max(20),
  }),
);

/** Closing cannot be undone, so it asks for a ticked confirmation. */
export const stateChangeSchema = z
  .object({ change: z.enum(["open", "end", "close", "reopen"]), confirm: z.string().optional() })
  .refine((input) => input.change !== "close" || input.confirm === "on", {
    path: ["confirm"],
    error: "validation.confirmDeletion",
  });

/** A random key the page puts in each form, so that a replayed form is recognised. */
const submissionKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "validation.formExpired" });

export const askSchema = z.object({
  type: z.enum(QUESTION_TYPES),
  text: plainText(QUESTION_MAX_LENGTH),
  anonymous: checkbox,
  // The hosting department the question is about, by its topic; empty: "Not sure" (decision 0044).
  departmentId: z.preprocess((value) => value || undefined, recordId.optional()),
  submissionKey,
});
export type AskInput = z.output<typeof askSchema>;

export const offlineQuestionSchema = z.object({
  sessionId: recordId,
  channel: z.enum(OFFLINE_CHANNELS),
  type: z.enum(QUESTION_TYPES),
  text: plainText(QUESTION_MAX_LENGTH),
  departmentId: z.preprocess((value) => value || undefined, recordId.optional()),
  // How to reach the person, to tell them the answer: private (decision 0041).
  contact: optionalSingleLine(200),
  // The day the call, letter or visit was received, in the clerk's zone; empty for today.
  receivedOn: z.preprocess(
    (value) => (typeof value === "string" ? value.trim() : ""),
    z.union([
      z.literal(""),
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.impossibleDate" })
        .refine(isCalendarDate, { error: "validation.impossibleDate" }),
    ]),
  ),
  submissionKey,
});
export type OfflineQuestionInput = z.output<typeof offlineQuestionSchema>;

export const questionIdSchema = z.object({ questionId: recordId });
/** The asker rewords their own question while it waits for moderation. */
export const editMineSchema = questionIdSchema.extend({
  type: z.enum(QUESTION_TYPES),
  text: plainText(QUESTION_MAX_LENGTH),
});
export type EditMineInput = z.output<typeof editMineSchema>;
/** Counter staff record that they told an offline asker, or the satisfaction the person gave on the phone. */
export const toldSchema = questionIdSchema;
export const offlineRatingSchema = questionIdSchema.extend({
  satisfied: z.enum(["yes", "no"], { error: "validation.choose" }).transform((value) => value === "yes"),
  comment: optionalPlainText(500),
});
export const counterListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  reference: z
    .preprocess((value) => (typeof value === "string" ? value.trim().toUpperCase().slice(0, 20) : ""), z.string())
    .catch(""),
});
export const myQuestionsQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });
export const voteSchema = questionIdSchema.extend({ vote: z.enum(["add", "withdraw"]) });

export const rejectSchema = questionIdSchema.extend({ reason: plainText(300) });
export const editQuestionSchema = questionIdSchema.extend({
  text: plainText(QUESTION_MAX_LENGTH),
  // Most edits take out a phone number or an address: that is the default. Not `reason`, which
  // is the rejection's free text on the same page.
  editReason: z.preprocess((value) => value || "personalData", z.enum(EDIT_REASONS, { error: "validation.choose" })),
});
export const mergeSchema = questionIdSchema.extend({ intoId: recordId });
export const reassignSchema = questionIdSchema.extend({ departmentId: recordId });
export const classifySchema = questionIdSchema.extend({ complexity: z.enum(COMPLEXITIES) });
export const answerSchema = questionIdSchema.extend({
  text: plainText(ANSWER_MAX_LENGTH),
  resolves: checkbox,
  // The guest who gave the answer, by their place in the session's list; empty: the official typing it.
  guest: z.preprocess(
    (value) => (value === undefined || value === "" ? undefined : value),
    z
      .string()
      .regex(/^\d{1,2}$/, { error: "validation.choose" })
      .transform(Number)
      .optional(),
  ),
  submissionKey,
});
export type AnswerInput = z.output<typeof answerSchema>;
/** The hosts' queue: star (add), unstar, move up or down, or make the current question. */
export const queueSchema = questionIdSchema.extend({
  move: z.enum(["add", "remove", "up", "down", "current"], { error: "validation.choose" }),
});
export type QueueMove = z.output<typeof queueSchema>["move"];

/** The hosts' summary after the session, in one language or both. */
export const minutesSchema = z
  .object({ minutesZh: optionalPlainText(20_000), minutesEn: optionalPlainText(20_000) })
  .refine((input) => input.minutesZh || input.minutesEn, {
    path: ["minutesZh"],
    error: "interviews.errors.minutesEmpty",
  });
export type MinutesInput = z.output<typeof minutesSchema>;

/** The department corrects an answer's text, or withdraws it (the text is then not needed). */
export const correctAnswerSchema = z.object({ answerId: recordId, text: plainText(ANSWER_MAX_LENGTH) });
export const withdrawAnswerSchema = z.object({ answerId: recordId });
export type CorrectAnswerInput = { answerId: string; text?: string };
export const rateSchema = questionIdSchema.extend({
  satisfied: z.enum(["yes", "no"]).transform((value) => value === "yes"),
  comment: optionalPlainText(500),
});

/** The dashboard's filters: a department and a period of days. */
export const dashboardQuerySchema = z.object({
  department: z.preprocess((value) => value || undefined, recordId.optional()).catch(undefined),
  from: filterDay,
  to: filterDay,
});

export const listQuerySchema = z.object({
  sort: z.enum(QUESTION_SORTS).catch("votes"),
  /** How many questions the page shows ("show more" adds a step); every published question can be reached. */
  shown: z.coerce.number().int().min(QUESTIONS_SHOWN_STEP).max(1_000_000).catch(QUESTIONS_SHOWN_STEP),
});

export const archiveQuerySchema = z.object({
  q: z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, 100) : ""), z.string()).catch(""),
  department: z.preprocess((value) => value || undefined, recordId.optional()).catch(undefined),
  type: z.preprocess((value) => value || undefined, z.enum(QUESTION_TYPES).optional()).catch(undefined),
  from: filterDay,
  to: filterDay,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type ArchiveQuery = z.output<typeof archiveQuerySchema>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LONGEST_HOLIDAY_RANGE_DAYS = 31;

/** "2027-01-01" as a day count, for walking a range one day at a time. */
const dayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;
const dateOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * Dates and ranges as the State Council's notice lists them: "2027-01-01, 2027-02-15/2027-02-21",
 * separated by commas, spaces or new lines; a range includes both ends. Gives single dates.
 */
const holidayDates = z.preprocess(
  (value) => (typeof value === "string" ? value : ""),
  z
    .string()
    .max(4000)
    .transform((value, context) => {
      const dates = new Set<string>();
      for (const item of value.split(/[\s,，、;；]+/).filter(Boolean)) {
        const [first, last = first, extra] = item.split(/[/~～]/);
        const valid = extra === undefined && [first, last].every((date) => DATE.test(date) && isCalendarDate(date));
        const span = valid ? dayNumber(last) - dayNumber(first) : -1;
        if (span < 0 || span >= LONGEST_HOLIDAY_RANGE_DAYS) {
          context.addIssue({ code: "custom", message: "interviews.holidaysPage.errors.notDates" });
          return z.NEVER;
        }
        for (let day = dayNumber(first); day <= dayNumber(last); day++) dates.add(dateOfDay(day));
      }
      return [...dates].sort();
    }),
);

/** One year's public holidays and make-up working days, as an administrator enters them. */
export const holidaysSchema = z
  .object({
    year: z.coerce
      .number({ error: "interviews.holidaysPage.errors.year" })
      .int({ error: "interviews.holidaysPage.errors.year" })
      .min(2000, { error: "interviews.holidaysPage.errors.year" })
      .max(2100, { error: "interviews.holidaysPage.errors.year" }),
    daysOff: holidayDates,
    workingDays: holidayDates,
  })
  .superRefine((input, context) => {
    for (const field of ["daysOff", "workingDays"] as const) {
      if (input[field].some((date) => !date.startsWith(`${input.year}-`)))
        context.addIssue({ code: "custom", path: [field], message: "interviews.holidaysPage.errors.otherYear" });
    }
    if (input.daysOff.length === 0)
      context.addIssue({ code: "custom", path: ["daysOff"], message: "interviews.holidaysPage.errors.noDaysOff" });
    const daysOff = new Set(input.daysOff);
    if (input.workingDays.some((date) => daysOff.has(date)))
      context.addIssue({ code: "custom", path: ["workingDays"], message: "interviews.holidaysPage.errors.both" });
  });

/** The moderation page's filters, in the address so that they survive a reload and work without JavaScript. */
export const moderationQuerySchema = z.object({
  view: z.enum(["pending", "published", "toBeRouted"]).catch("pending"),
  type: z.preprocess((value) => value || undefined, z.enum(QUESTION_TYPES).optional()).catch(undefined),
  department: z.preprocess((value) => value || undefined, recordId.optional()).catch(undefined),
  q: z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, 100) : ""), z.string()).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  /** The question whose merge target is being searched for without JavaScript, and the words. */
  merge: z.preprocess((value) => value || undefined, recordId.optional()).catch(undefined),
  into: z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, 100) : ""), z.string()).catch(""),
});
export type ModerationQuery = z.output<typeof moderationQuerySchema>;

/** The host's desk: which page of the published questions, and the words searched for (decision 0045). */
export const deskQuerySchema = z.object({
  q: z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, 100) : ""), z.string()).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type DeskQuery = z.output<typeof deskQuerySchema>;

/** The ticked questions of a bulk approval: at most a page's worth at a time. */
/** The version of a question a moderator's page showed (its `updatedAt`), or nothing from an older page. */
const seenVersion = z.preprocess(
  (value) => (typeof value === "string" && value ? value : undefined),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    .transform((value) => new Date(value))
    .optional(),
);
export const approveSchema = questionIdSchema.extend({
  seen: seenVersion.catch(undefined),
  // Chosen when approving a question still to be routed (decision 0044); the server requires it then.
  departmentId: z.preprocess((value) => value || undefined, recordId.optional()),
});
/** "Not ours": the responsible department sends a question back to be routed, saying why (decision 0044). */
export const sendBackSchema = questionIdSchema.extend({ reason: singleLine(300) });
/** "<question id>@<version>" for each card of the bulk form; a malformed entry names no version. */
const seenList = z.preprocess(
  (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().max(80)).max(200),
);
export const bulkApproveSchema = z.object({
  seen: seenList
    .transform((entries) => {
      const versions = new Map<string, Date>();
      for (const entry of entries) {
        const [id, version] = entry.split("@");
        const parsed = seenVersion.safeParse(version);
        if (id && parsed.success && parsed.data) versions.set(id, parsed.data);
      }
      return versions;
    })
    .catch(new Map()),
  questionIds: z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(recordId).min(1, { error: "interviews.errors.noneTicked" }).max(200),
  ),
});

/** A search for a merge target from the page's script: a question and the words typed. */
export const mergeSearchSchema = z.object({
  questionId: recordId,
  into: z.preprocess((value) => (typeof value === "string" ? value.trim().slice(0, 100) : ""), z.string()),
});
