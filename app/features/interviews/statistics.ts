import { CHANNELS, QUESTION_TYPES, type Channel, type QuestionType } from "./state";

/**
 * One question as the open data publishes it. Every published figure is computed by
 * `computeStatistics` from exactly these records, so anyone can recompute it from the download.
 * Times are ISO strings; a question that was not published carries no text.
 */
export interface QuestionRecord {
  id: string;
  sessionId: string;
  type: QuestionType;
  channel: Channel;
  /** "hidden": taken off the page by a moderator, votes kept; still owed its answer (decision 0040). */
  status: "pending" | "published" | "hidden" | "rejected" | "merged";
  /** null: to be routed (decision 0044); it counts in the session's and the city's figures, in no department's. */
  departmentId: string | null;
  receivedAt: string;
  /**
   * When the promise started to run: receipt, or the session's start for a question sent in
   * advance (decision 0030). Reply times are measured from here, not from receipt.
   */
  clockStartedAt: string;
  firstReplyDueAt: string;
  firstRepliedAt: string | null;
  /** How the first answer was given: during the session or after it. */
  firstAnswerMode: "live" | "later" | null;
  resolutionDueAt: string;
  resolvedAt: string | null;
  satisfied: boolean | null;
  votes: number;
}

export interface InterviewStatistics {
  /** The moment the figures describe: a promise counts once its due time is before it. */
  asOf: string;
  received: number;
  published: number;
  hidden: number;
  rejected: number;
  merged: number;
  pending: number;
  answeredLive: number;
  answeredLater: number;
  unanswered: number;
  byType: Record<QuestionType, number>;
  byChannel: Record<Channel, number>;
  /** Minutes from the start of the promise to the first reply, the median over answered questions; null if none. */
  medianReplyMinutes: number | null;
  /**
   * Questions whose first-reply promise is decided: answered, or unanswered past their due time
   * (published or still waiting for moderation). The share's whole; a question not yet due and
   * not yet answered is left out until it is one or the other.
   */
  firstReplyCounted: number;
  /** Of those, answered at or before the due time. */
  answeredInTime: number;
  /** Unanswered and past the due time. */
  firstReplyOverdue: number;
  answeredInTimeShare: number | null;
  /** Published questions whose resolution promise is decided: resolved, or past its due time. */
  resolutionCounted: number;
  resolved: number;
  resolvedInTime: number;
  /** Published, not resolved, past the resolution due time. */
  resolutionOverdue: number;
  resolvedInTimeShare: number | null;
  rated: number;
  satisfied: number;
  satisfactionShare: number | null;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The figures of these records at `asOf` (decision 0030). Every share counts every question whose
 * due time has passed, answered or not: counting only answered questions let a session with 160
 * unanswered questions show 100%. Rejected and merged questions are left out of the promises: a
 * rejection is answered by its reason, and a merged question by the question it joined.
 */
export function computeStatistics(records: readonly QuestionRecord[], asOf: Date | string): InterviewStatistics {
  const now = new Date(asOf).getTime();
  const statistics = {
    received: records.length,
    published: 0,
    hidden: 0,
    rejected: 0,
    merged: 0,
    pending: 0,
    answeredLive: 0,
    answeredLater: 0,
    unanswered: 0,
    byType: zeros(QUESTION_TYPES),
    byChannel: zeros(CHANNELS),
    firstReplyCounted: 0,
    answeredInTime: 0,
    firstReplyOverdue: 0,
    resolutionCounted: 0,
    resolved: 0,
    resolvedInTime: 0,
    resolutionOverdue: 0,
    rated: 0,
    satisfied: 0,
  };
  const replyMinutes: number[] = [];
  for (const record of records) {
    statistics[record.status] += 1;
    statistics.byType[record.type] += 1;
    statistics.byChannel[record.channel] += 1;
    if (record.status === "pending") {
      // Still waiting for a moderator: nobody can answer it yet, but its promise runs all the same.
      if (Date.parse(record.firstReplyDueAt) < now) {
        statistics.firstReplyCounted += 1;
        statistics.firstReplyOverdue += 1;
      }
      continue;
    }
    // A hidden question is off the page, not off the books: its promises count as a published one's.
    if (record.status !== "published" && record.status !== "hidden") continue;
    const resolutionDue = Date.parse(record.resolutionDueAt);
    if (record.resolvedAt) {
      statistics.resolved += 1;
      statistics.resolutionCounted += 1;
      if (Date.parse(record.resolvedAt) <= resolutionDue) statistics.resolvedInTime += 1;
    } else if (resolutionDue < now) {
      statistics.resolutionCounted += 1;
      statistics.resolutionOverdue += 1;
    }
    if (!record.firstRepliedAt) {
      statistics.unanswered += 1;
      if (Date.parse(record.firstReplyDueAt) < now) {
        statistics.firstReplyCounted += 1;
        statistics.firstReplyOverdue += 1;
      }
      continue;
    }
    statistics.firstReplyCounted += 1;
    if (record.firstAnswerMode === "live") statistics.answeredLive += 1;
    else statistics.answeredLater += 1;
    const repliedAt = Date.parse(record.firstRepliedAt);
    replyMinutes.push(Math.max(0, repliedAt - Date.parse(record.clockStartedAt)) / 60_000);
    if (repliedAt <= Date.parse(record.firstReplyDueAt)) statistics.answeredInTime += 1;
    if (record.satisfied !== null) {
      statistics.rated += 1;
      if (record.satisfied) statistics.satisfied += 1;
    }
  }
  const middle = median(replyMinutes);
  return {
    asOf: new Date(now).toISOString(),
    ...statistics,
    medianReplyMinutes: middle === null ? null : Math.round(middle * 10) / 10,
    answeredInTimeShare: share(statistics.answeredInTime, statistics.firstReplyCounted),
    resolvedInTimeShare: share(statistics.resolvedInTime, statistics.resolutionCounted),
    satisfactionShare: share(statistics.satisfied, statistics.rated),
  };
}
