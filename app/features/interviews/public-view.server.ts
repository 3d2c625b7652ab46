import { db } from "~/db.server";
import { BATCH_SIZE } from "~/shared/batches.server";
import { live } from "~/features/live/live.server";
import { isRecordId } from "~/validation";
import { sessionTopic } from "./events.server";
import { sortQuestions } from "./live-view";
import { publicQuestion, publicQuestionSelect, type PublicQuestion } from "./questions.server";
import { getSession, withCurrentState, type InterviewSessionView } from "./sessions.server";
import type { QuestionSort } from "./state";

// When a live interview starts, thousands of residents open the same page within a minute or
// two (docs/decisions/0006). Apart from a signed-in reader's own votes and questions, the page is the same
// for everyone: the session and its published questions with their answers. That shared part is
// read once per change and handed to every visitor until the next one. A change is an event on
// the session's public live topic, which every command that changes what the page shows already
// publishes after its commit. Nothing personal is in the shared part: it is what that public
// topic broadcasts to every viewer anyway. A change that publishes no event (a department
// renamed) still shows within MAX_AGE_MS.
//
// Every published question is in the order, however many there are (decision 0045): what is read
// of all of them is only what orders them (votes, receipt, first reply). Questions are read in
// full, with their answers, only for the part of the order a page shows, once per change for
// everyone who asks for that part.

const MAX_AGE_MS = 2000;
/** Sessions kept at once: a few are live on a given day; the bound only stops an id flood. */
const MAX_SESSIONS = 100;
/** Parts read in full kept per change (sorts times "show more" steps); an address flood reads, but is not kept. */
const MAX_PARTS = 24;

export interface PublicSessionView {
  session: InterviewSessionView;
  /** The bus's newest id before the view was read: the page subscribes from there. */
  lastEventId: number;
  /** How many questions are published. */
  total: number;
  /** The question an official marked "now answering", wherever it is in the order. */
  answeringId: string | null;
  /** The first `count` published questions in this order, in full. */
  questions(sort: QuestionSort, count: number): Promise<PublicQuestion[]>;
  /** The answered questions, in the order of their first answer (the transcript). */
  answered(): Promise<PublicQuestion[]>;
  /** One published question, in full; null when it is not published in this session. */
  question(id: string): Promise<PublicQuestion | null>;
}

interface Entry {
  topicEventId: number;
  readAt: number;
  view: Promise<PublicSessionView | null>;
}

const entries = new Map<string, Entry>();

export async function readPublicSessionView(sessionId: string): Promise<PublicSessionView | null> {
  if (!isRecordId(sessionId)) return null;
  const topicEventId = await live.lastEventIdOn(sessionTopic(sessionId));
  const kept = entries.get(sessionId);
  if (kept && kept.topicEventId === topicEventId && Date.now() - kept.readAt < MAX_AGE_MS) {
    return kept.view.then((view) => view && { ...view, session: withCurrentState(view.session) });
  }
  // Visitors arriving while it is read share the one read.
  const entry: Entry = { topicEventId, readAt: Date.now(), view: readView(sessionId) };
  entries.delete(sessionId);
  entries.set(sessionId, entry);
  if (entries.size > MAX_SESSIONS) entries.delete(entries.keys().next().value!);
  entry.view.catch(() => {
    if (entries.get(sessionId) === entry) entries.delete(sessionId);
  });
  return entry.view;
}

/** Published questions of the session in full, in the order of `ids` (one gone since is left out). */
async function readInFull(sessionId: string, ids: readonly string[]) {
  // In slices: a database takes only so many parameters in one query (SQLite 999 by default).
  const slices: string[][] = [];
  for (let start = 0; start < ids.length; start += BATCH_SIZE) slices.push(ids.slice(start, start + BATCH_SIZE));
  const rows = (
    await Promise.all(
      slices.map((slice) =>
        db.question.findMany({
          where: { sessionId, status: "published", id: { in: slice } },
          select: publicQuestionSelect,
        }),
      ),
    )
  ).flat();
  const byId = new Map(rows.map((row) => [row.id, publicQuestion(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function readView(sessionId: string): Promise<PublicSessionView | null> {
  // Taken before the data is read: the page subscribes from here, so no event falls in between.
  const lastEventId = await live.lastEventId();
  const [session, order] = await Promise.all([
    getSession(sessionId),
    db.question.findMany({
      where: { sessionId, status: "published" },
      select: { id: true, voteCount: true, receivedAt: true, firstRepliedAt: true, answeringAt: true },
    }),
  ]);
  if (!session) return null;
  const sorted = new Map<QuestionSort, string[]>();
  const idsIn = (sort: QuestionSort) => {
    let ids = sorted.get(sort);
    if (!ids) sorted.set(sort, (ids = sortQuestions(order, sort).map((question) => question.id)));
    return ids;
  };
  const parts = new Map<string, Promise<PublicQuestion[]>>();
  const part = (key: string, read: () => Promise<PublicQuestion[]>) => {
    const kept = parts.get(key);
    if (kept) return kept;
    const reading = read();
    if (parts.size < MAX_PARTS) {
      parts.set(key, reading);
      reading.catch(() => parts.delete(key));
    }
    return reading;
  };
  const published = new Set(order.map((question) => question.id));
  return {
    session,
    lastEventId,
    total: order.length,
    answeringId: order.find((question) => question.answeringAt)?.id ?? null,
    questions(sort, count) {
      const shown = Math.min(Math.max(0, Math.floor(count)), order.length);
      return part(`${sort}:${shown}`, () => readInFull(sessionId, idsIn(sort).slice(0, shown)));
    },
    answered() {
      return part("answered", async () => {
        // Also a question whose only answer was withdrawn: the transcript keeps what was said.
        const rows = await db.question.findMany({
          where: { sessionId, status: "published", answers: { some: {} } },
          select: publicQuestionSelect,
        });
        return rows
          .map(publicQuestion)
          .sort((a, b) => a.answers[0]!.createdAt.getTime() - b.answers[0]!.createdAt.getTime());
      });
    },
    async question(id) {
      if (!published.has(id)) return null;
      return (await part(`question:${id}`, () => readInFull(sessionId, [id])))[0] ?? null;
    },
  };
}
