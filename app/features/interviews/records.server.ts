import { readInBatches } from "~/shared/batches.server";
import { db } from "~/db.server";
import type { QuestionRecord } from "./statistics";
import type { Channel, QuestionType } from "./state";

/** What the open data of questions holds, beyond the figures: the published text and answers. */
export interface PublishedQuestionRecord extends QuestionRecord {
  text: string | null;
  answers: Array<{ mode: string; text: string; authorName: string; createdAt: string; resolves: boolean }>;
}

/** When a question's promise started: receipt, or its session's start if it was sent in advance. */
export function clockStart(receivedAt: Date, session: { startsAt: Date; openedAt: Date | null }) {
  const start = Math.min(session.startsAt.getTime(), session.openedAt?.getTime() ?? Infinity);
  return new Date(Math.max(receivedAt.getTime(), start));
}

interface RecordFilter {
  sessionId?: string;
  departmentId?: string;
  from?: Date;
  to?: Date;
}

/**
 * The records every figure is computed from. Only published questions carry their text and
 * answers; no record names or links to a person: no emails, no account ids, no asker names.
 */
export async function listQuestionRecords(filter: RecordFilter): Promise<PublishedQuestionRecord[]> {
  const rows = await readInBatches((batch) =>
    db.question.findMany({
      where: {
        sessionId: filter.sessionId,
        departmentId: filter.departmentId,
        receivedAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
      },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        sessionId: true,
        type: true,
        channel: true,
        status: true,
        departmentId: true,
        text: true,
        voteCount: true,
        receivedAt: true,
        firstReplyDueAt: true,
        firstRepliedAt: true,
        resolutionDueAt: true,
        resolvedAt: true,
        satisfied: true,
        session: { select: { startsAt: true, openedAt: true } },
        answers: {
          orderBy: { createdAt: "asc" },
          select: { mode: true, text: true, authorName: true, createdAt: true, resolves: true },
        },
      },
      ...batch,
    }),
  );
  return rows.map((row) => {
    const published = row.status === "published";
    return {
      id: row.id,
      sessionId: row.sessionId,
      type: row.type as QuestionType,
      channel: row.channel as Channel,
      status: row.status as QuestionRecord["status"],
      departmentId: row.departmentId,
      receivedAt: row.receivedAt.toISOString(),
      clockStartedAt: clockStart(row.receivedAt, row.session).toISOString(),
      firstReplyDueAt: row.firstReplyDueAt.toISOString(),
      firstRepliedAt: row.firstRepliedAt?.toISOString() ?? null,
      firstAnswerMode: (row.answers[0]?.mode as QuestionRecord["firstAnswerMode"]) ?? null,
      resolutionDueAt: row.resolutionDueAt.toISOString(),
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
      satisfied: row.satisfied,
      votes: row.voteCount,
      text: published ? row.text : null,
      answers: published ? row.answers.map((answer) => ({ ...answer, createdAt: answer.createdAt.toISOString() })) : [],
    };
  });
}
