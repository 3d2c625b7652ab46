import type { SessionState, QuestionSort } from "./state";

/** A published question as pages receive it: from the loader or from a live event (dates as text). */
export interface QuestionView {
  id: string;
  sessionId: string;
  type: string;
  channel: string;
  text: string;
  anonymous: boolean;
  askerName: string | null;
  status: string;
  mergedIntoId: string | null;
  /** null: to be routed by the moderators (decision 0044). */
  departmentId: string | null;
  department: { id: string; nameZh: string; nameEn: string } | null;
  voteCount: number;
  complexity: string;
  receivedAt: string;
  publishedAt: string | null;
  answeringAt: string | null;
  firstReplyDueAt: string;
  resolutionDueAt: string;
  firstRepliedAt: string | null;
  resolvedAt: string | null;
  satisfied: boolean | null;
  ratedAt?: string | null;
  answers: Array<{
    id: string;
    authorName: string;
    /** The guest credited with the answer (decision 0040); the official typed it. */
    guestName?: string | null;
    guestTitle?: string | null;
    mode: string;
    text: string;
    resolves: boolean;
    createdAt: string;
    /** Set when the department corrected or withdrew it; the earlier texts are in `revisions`. */
    correctedAt?: string | null;
    withdrawnAt?: string | null;
    revisions?: Array<{ kind: string; text: string; byName: string; createdAt: string }>;
  }>;
  /**
   * Each time it was passed to another department, oldest first. A null `fromDepartment`: routed
   * from the moderators' list; a null `toDepartment`: sent back there, with the reason (0044).
   */
  routings: Array<{
    createdAt: string;
    reason?: string | null;
    fromDepartment: { id: string; nameZh: string; nameEn: string } | null;
    toDepartment: { id: string; nameZh: string; nameEn: string } | null;
  }>;
}

export interface LiveSessionView {
  questions: QuestionView[];
  answeringId: string | null;
  state: SessionState;
  viewers: number | null;
}

export type SessionEvent =
  | { type: "question"; question: QuestionView }
  | { type: "vote"; questionId: string; voteCount: number }
  /** Several questions' new counts at once (published at most once a second). */
  | { type: "votes"; counts: Record<string, number> }
  | { type: "answering"; questionId: string | null }
  | { type: "removed"; questionId: string }
  | { type: "state"; state: SessionState }
  | { type: "session" }
  | { type: "viewers"; count: number };

/** What a page shows after one event: the same rules the server's list follows. */
export function applySessionEvent(view: LiveSessionView, event: SessionEvent): LiveSessionView {
  switch (event.type) {
    case "question": {
      const others = view.questions.filter((question) => question.id !== event.question.id);
      const answeringId = event.question.answeringAt
        ? event.question.id
        : view.answeringId === event.question.id
          ? null
          : view.answeringId;
      return { ...view, questions: [...others, event.question], answeringId };
    }
    case "vote":
      return {
        ...view,
        questions: view.questions.map((question) =>
          question.id === event.questionId ? { ...question, voteCount: event.voteCount } : question,
        ),
      };
    case "votes":
      return {
        ...view,
        questions: view.questions.map((question) =>
          Object.hasOwn(event.counts, question.id) ? { ...question, voteCount: event.counts[question.id] } : question,
        ),
      };
    case "answering":
      return { ...view, answeringId: event.questionId };
    case "removed":
      return {
        ...view,
        questions: view.questions.filter((question) => question.id !== event.questionId),
        answeringId: view.answeringId === event.questionId ? null : view.answeringId,
      };
    case "state":
      return { ...view, state: event.state };
    case "viewers":
      return { ...view, viewers: event.count };
    default:
      return view;
  }
}

const byTime = (a: string | Date, b: string | Date) => new Date(a).getTime() - new Date(b).getTime();
type Sortable = { voteCount: number; receivedAt: string | Date; firstRepliedAt: string | Date | null };

/** One order for the server's list and for the page as events arrive. */
export function sortQuestions<Q extends Sortable>(questions: readonly Q[], sort: QuestionSort): Q[] {
  const sorted = [...questions];
  if (sort === "newest") return sorted.sort((a, b) => byTime(b.receivedAt, a.receivedAt));
  const byVotes = (a: Q, b: Q) => b.voteCount - a.voteCount || byTime(a.receivedAt, b.receivedAt);
  if (sort === "votes") return sorted.sort(byVotes);
  return sorted.sort((a, b) => Number(!!a.firstRepliedAt) - Number(!!b.firstRepliedAt) || byVotes(a, b));
}
