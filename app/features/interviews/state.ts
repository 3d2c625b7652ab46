/**
 * The life of an interview session. The schedule moves it from upcoming to live to answering;
 * a host may open it early, end it early or close it (each audited). After the end, open
 * questions are still answered until a host closes the session into the archive.
 */
export const SESSION_STATES = ["upcoming", "live", "answering", "closed"] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export interface SessionSchedule {
  startsAt: Date | string;
  endsAt: Date | string;
  openedAt: Date | string | null;
  endedAt: Date | string | null;
  closedAt: Date | string | null;
}

const time = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

export function sessionState(session: SessionSchedule, now: Date = new Date()): SessionState {
  const at = now.getTime();
  if (time(session.closedAt) !== null) return "closed";
  const end = Math.min(time(session.endedAt) ?? Infinity, time(session.endsAt)!);
  if (at >= end) return "answering";
  const start = Math.min(time(session.openedAt) ?? Infinity, time(session.startsAt)!);
  return at >= start ? "live" : "upcoming";
}

/** Residents ask in advance and during the session; after the end only answers come. */
export const acceptsQuestions = (state: SessionState) => state === "upcoming" || state === "live";
/**
 * Votes and counter entries go on until the session is closed into the archive. Moderation and
 * answers go on after it: a question left unanswered at the close is still owed its answer
 * (Chengdu answers after the session), so closing never freezes it.
 */
export const isOpen = (state: SessionState) => state !== "closed";

/** The manual changes a host can make, and the state each one needs. */
export const STATE_CHANGES = {
  open: ["upcoming"],
  end: ["live"],
  close: ["upcoming", "live", "answering"],
  // A session closed by mistake: it takes questions and votes again as its schedule says.
  reopen: ["closed"],
} as const satisfies Record<string, readonly SessionState[]>;
export type StateChange = keyof typeof STATE_CHANGES;

export const QUESTION_TYPES = ["suggestion", "consultation", "complaint"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const CHANNELS = ["online", "phone", "letter", "counter"] as const;
export type Channel = (typeof CHANNELS)[number];
export const OFFLINE_CHANNELS = ["phone", "letter", "counter"] as const;
export const QUESTION_STATUSES = ["pending", "published", "hidden", "rejected", "merged"] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const COMPLEXITIES = ["simple", "normal", "complex"] as const;
export type Complexity = (typeof COMPLEXITIES)[number];
export const ANSWER_MODES = ["live", "later"] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];
/** Why a moderator edited a question: the audit log records the reason, never the removed text (decision 0030). */
export const EDIT_REASONS = ["personalData", "abusiveLanguage", "clarity"] as const;
export type EditReason = (typeof EDIT_REASONS)[number];
export const QUESTION_SORTS = ["votes", "newest", "unanswered"] as const;
export type QuestionSort = (typeof QUESTION_SORTS)[number];

/** Bounded so that a live page stays readable and one question cannot fill it. */
export const QUESTION_MAX_LENGTH = 500;
export const ANSWER_MAX_LENGTH = 5000;
/** The session page shows this many questions, and this many more at each "show more". */
export const QUESTIONS_SHOWN_STEP = 30;
