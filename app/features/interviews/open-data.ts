import { defineDataset, type OpenDataRecord } from "~/features/open-data/dataset";
import type { PublishedQuestionRecord } from "./records.server";
import type { InterviewStatistics, QuestionRecord } from "./statistics";

// The interviews' open data. Question rows are the records every figure is computed from; the
// figures dataset is what the statistics pages show. Neither holds an email, an account id or
// an asker's name: anonymous askers stay anonymous, and so does everyone else.

const iso = (value: string | null) => (value === null ? null : new Date(value));

export const questionsDataset = defineDataset<PublishedQuestionRecord>({
  name: "interview-questions",
  title: { "zh-CN": "访谈问题与答复", en: "Interview questions and answers" },
  license: "CC-BY-4.0",
  columns: [
    { name: "id", type: "text", value: (row) => row.id },
    { name: "session_id", type: "text", value: (row) => row.sessionId },
    { name: "type", type: "text", label: { "zh-CN": "类型", en: "Type" }, value: (row) => row.type },
    { name: "channel", type: "text", label: { "zh-CN": "渠道", en: "Channel" }, value: (row) => row.channel },
    { name: "status", type: "text", label: { "zh-CN": "状态", en: "Status" }, value: (row) => row.status },
    { name: "department_id", type: "text", value: (row) => row.departmentId },
    { name: "received_at", type: "datetime", value: (row) => iso(row.receivedAt) },
    { name: "clock_started_at", type: "datetime", value: (row) => iso(row.clockStartedAt) },
    { name: "first_reply_due_at", type: "datetime", value: (row) => iso(row.firstReplyDueAt) },
    { name: "first_replied_at", type: "datetime", value: (row) => iso(row.firstRepliedAt) },
    { name: "first_answer_mode", type: "text", value: (row) => row.firstAnswerMode },
    { name: "resolution_due_at", type: "datetime", value: (row) => iso(row.resolutionDueAt) },
    { name: "resolved_at", type: "datetime", value: (row) => iso(row.resolvedAt) },
    { name: "satisfied", type: "boolean", value: (row) => row.satisfied },
    { name: "votes", type: "integer", value: (row) => row.votes },
    { name: "text", type: "text", label: { "zh-CN": "问题", en: "Question" }, value: (row) => row.text },
    {
      name: "answers",
      type: "text",
      label: { "zh-CN": "答复", en: "Answers" },
      value: (row) => row.answers.map((answer) => answer.text).join("\n\n") || null,
    },
  ],
});

/** A downloaded question row back as the record the figures are computed from. */
export function questionRecordFromOpenData(record: OpenDataRecord): QuestionRecord {
  const text = (name: string) => (record[name] === null ? null : String(record[name]));
  return {
    id: String(record.id),
    sessionId: String(record.session_id),
    type: String(record.type) as QuestionRecord["type"],
    channel: String(record.channel) as QuestionRecord["channel"],
    status: String(record.status) as QuestionRecord["status"],
    departmentId: text("department_id"),
    receivedAt: String(record.received_at),
    clockStartedAt: String(record.clock_started_at ?? record.received_at),
    firstReplyDueAt: String(record.first_reply_due_at),
    firstRepliedAt: text("first_replied_at"),
    firstAnswerMode: text("first_answer_mode") as QuestionRecord["firstAnswerMode"],
    resolutionDueAt: String(record.resolution_due_at),
    resolvedAt: text("resolved_at"),
    satisfied: record.satisfied === null ? null : record.satisfied === true,
    votes: Number(record.votes),
  };
}

type Figure = { name: string; value: number | null; asOf: string };

/**
 * The figures as rows: one name, one number (a share is a fraction between 0 and 1), and the
 * moment they describe, which a recount passes to `computeStatistics` with the question rows.
 */
export function statisticsFigures(statistics: InterviewStatistics): Figure[] {
  const { byType, byChannel, asOf, ...scalars } = statistics;
  return [
    ...Object.entries(scalars).map(([name, value]) => ({ name, value })),
    ...Object.entries(byType).map(([type, value]) => ({ name: `type.${type}`, value })),
    ...Object.entries(byChannel).map(([channel, value]) => ({ name: `channel.${channel}`, value })),
  ].map((figure) => ({ ...figure, asOf }));
}

export const statisticsDataset = defineDataset<Figure>({
  name: "interview-statistics",
  title: { "zh-CN": "访谈统计", en: "Interview statistics" },
  license: "CC-BY-4.0",
  columns: [
    { name: "figure", type: "text", value: (row) => row.name },
    { name: "value", type: "number", value: (row) => row.value },
    { name: "as_of", type: "datetime", value: (row) => new Date(row.asOf) },
  ],
});
