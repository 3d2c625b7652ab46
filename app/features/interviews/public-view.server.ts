import { live } from "~/features/live/live.server";
import { isRecordId } from "~/validation";
import { sessionTopic } from "./events.server";
import { sortQuestions } from "./live-view";
import { readPublishedQuestions, type PublicQuestion } from "./questions.server";
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

const MAX_AGE_MS = 2000;
/** Sessions kept at once: a few are live on a given day; the bound only stops an id flood. */
const MAX_SESSIONS = 100;

export interface PublicSessionView {
  session: InterviewSessionView;
  /** The bus's newest id before the view was read: the page subscribes from there. */
  lastEventId: number;
  questions(sort: QuestionSort): PublicQuestion[];
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

async function readView(sessionId: string): Promise<PublicSessionView | null> {
  // Taken before the data is read: the page subscribes from here, so no event falls in between.
  const lastEventId = await live.lastEventId();
  const [session, questions] = await Promise.all([getSession(sessionId), readPublishedQuestions(sessionId)]);
  if (!session) return null;
  const sorted = new Map<QuestionSort, PublicQuestion[]>();
  return {
    session,
    lastEventId,
    questions(sort) {
      let list = sorted.get(sort);
      if (!list) sorted.set(sort, (list = sortQuestions(questions, sort)));
      return list;
    },
  };
}
