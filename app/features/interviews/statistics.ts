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
  status: "pending" | "published" | "rejected" | "merged";
  departmentId: string;
  receivedAt: string;
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
  received: number;
  published: number;
  rejected: number;
  merged: number;
  pending: number;
  answeredLive: number;
  answeredLater: number;
  unanswered: number;
  byType: Record<QuestionType, number>;
  byChannel: Record<Channel, number>;
  /** Minutes from receipt to first reply, the median over answered questions; null if none. */
  medianReplyMinutes: number | null;
  /** Answered questions whose first reply met its promised time, and the share of all answered. */
  answeredInTime: number;
  answeredInTimeShare: number | null;
  resolved: number;
  resolvedInTime: number;
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

export function computeStatistics(records: readonly QuestionRecord[]): InterviewStatistics {
  const statistics = {
    received: records.length,
    published: 0,
    rejected: 0,
    merged: 0,
    pending: 0,
    answeredLive: 0,
    answeredLater: 0,
    unanswered: 0,
    byType: zeros(QUESTION_TYPES),
    byChannel: zeros(CHANNELS),
    answeredInTime: 0,
    resolved: 0,
    resolvedInTime: 0,
    rated: 0,
    satisfied: 0,
  };
  const replyMinutes: number[] = [];
  for (const record of records) {
    statistics[record.status] += 1;
    statistics.byType[record.type] += 1;
    statistics.byChannel[record.channel] += 1;
    if (record.status !== "published") continue;
    if (!record.firstRepliedAt) {
      statistics.unanswered += 1;
      continue;
    }
    if (record.firstAnswerMode === "live") statistics.answeredLive += 1;
    else statistics.answeredLater += 1;
    const repliedAt = Date.parse(record.firstRepliedAt);
    replyMinutes.push((repliedAt - Date.parse(record.receivedAt)) / 60_000);
    if (repliedAt <= Date.parse(record.firstReplyDueAt)) statistics.answeredInTime += 1;
    if (record.resolvedAt) {
      statistics.resolved += 1;
      if (Date.parse(record.resolvedAt) <= Date.parse(record.resolutionDueAt)) statistics.resolvedInTime += 1;
    }
    if (record.satisfied !== null) {
      statistics.rated += 1;
      if (record.satisfied) statistics.satisfied += 1;
    }
  }
  const answered = statistics.answeredLive + statistics.answeredLater;
  const middle = median(replyMinutes);
  return {
    ...statistics,
    medianReplyMinutes: middle === null ? null : Math.round(middle * 10) / 10,
    answeredInTimeShare: share(statistics.answeredInTime, answered),
    satisfactionShare: share(statistics.satisfied, statistics.rated),
  };
}
