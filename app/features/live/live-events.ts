// What the server and the browser agree on about live streams: the path, how topics are named
// and the events every stream may carry besides a feature's own.

/** Where pages open their Server-Sent Events stream: GET /live?topic=…&topic=…&after=<id>. */
export const LIVE_PATH = "/live";

/** At most this many topics on one stream (a page needs one or two). */
export const MAX_TOPICS_PER_STREAM = 8;

/** A topic is "<family>.<key>", e.g. "interviews.session.clx0abc". */
export const TOPIC_FAMILY_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
export const TOPIC_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Events the stream itself sends. `reset`: the page's resume point is older than the server
 * still holds (or from before a restart): reload the state. `viewers`: how many streams watch a
 * topic, `{ topic, count }`, at most every few seconds and only when it changed.
 */
export const STREAM_EVENTS = ["reset", "viewers"] as const;
export type StreamEventType = (typeof STREAM_EVENTS)[number];
export interface ViewersEvent {
  topic: string;
  count: number;
}

export function isReservedEventType(type: string): boolean {
  return (
    (STREAM_EVENTS as readonly string[]).includes(type) || type === "message" || type === "error" || type === "open"
  );
}

export function liveStreamUrl(topics: readonly string[], after: number): string {
  const query = new URLSearchParams(topics.map((topic) => ["topic", topic]));
  query.set("after", String(after));
  return `${LIVE_PATH}?${query}`;
}
