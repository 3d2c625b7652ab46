// Live events: one publish/subscribe module for every page that updates without a reload, and
// for the server's own reactions (an ended session closes its collaboration sockets).
//
// In-process for now: the forum is one process. The LiveBus interface is what a multi-instance
// deployment backs with Redis or PostgreSQL LISTEN/NOTIFY; callers do not change. Pages receive
// the events over Server-Sent Events (event-stream.server.ts, docs/decisions/0011).

export interface LiveEvent<T = unknown> {
  /** Increases with every event on the bus, so a page can resume from the last id it saw. */
  id: number;
  topic: string;
  /** What kind of event it is: the name a page's handler is registered under ("message" if not given). */
  type: string;
  data: T;
  /** Serialised once per publish, not once per viewer: a live session has thousands. */
  json: string;
  /** The event's Server-Sent Events frame, built by the first stream that sends it, then shared. */
  frame?: Buffer;
}

export type LiveListener<T = unknown> = (event: LiveEvent<T>) => void;

export interface LiveBus {
  publish<T>(topic: string, data: T, options?: { type?: string }): LiveEvent<T>;
  /**
   * Calls the listener for every later event on the topic. With `after`, events still held
   * since that id are delivered first, so nothing falls between a page's load and its subscription.
   */
  subscribe<T>(topic: string, listener: LiveListener<T>, options?: { after?: number }): () => void;
  /**
   * The events on the topic after the id, oldest first, or null when some of them are no
   * longer held (past the replay window, or published before this bus started): the caller
   * must then reload the state instead of replaying.
   */
  eventsAfter(topic: string, after: number): LiveEvent[] | null;
  /**
   * Drops the held events of the topic that `test` picks, so that no later replay gives them:
   * what a moderator removed (an edited-out phone number, a rejected question) must not come back
   * to a page that resumes from before the removal. Returns how many were dropped. Events are
   * dropped, not rewritten: the publisher sends the current state as a new event after this.
   */
  forget(topic: string, test: (event: LiveEvent) => boolean): number;
  /** The id of the newest event: a page's loader reads it *before* reading the state it shows. */
  lastEventId(): number;
  /**
   * The id of the newest event on one topic (0 if none since the bus started): what a cache of
   * that topic's shared state compares to know whether it is still current.
   */
  lastEventIdOn(topic: string): number;
  /** How many listeners the topic has (for checks that nothing is left subscribed). */
  listenerCount(topic: string): number;
}

/** How many recent events per topic are kept for subscribers that resume. */
const REPLAY_PER_TOPIC = 200;

export class InProcessLiveBus implements LiveBus {
  /**
   * Ids start from the clock (microsecond-sized steps above the start time in ms), so that ids
   * keep increasing across restarts: a page that resumes with an id from before a restart is
   * told to reload rather than silently given only what the new process published.
   */
  private readonly firstId = Date.now() * 1000;
  private nextId = this.firstId;
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private readonly recent = new Map<string, LiveEvent[]>();
  /** Per topic, the id of the newest event dropped from its replay window. */
  private readonly droppedUpTo = new Map<string, number>();

  publish<T>(topic: string, data: T, options: { type?: string } = {}): LiveEvent<T> {
    const event: LiveEvent<T> = {
      id: this.nextId++,
      topic,
      type: options.type ?? "message",
      data,
      json: JSON.stringify(data),
    };
    const kept = this.recent.get(topic) ?? [];
    kept.push(event);
    if (kept.length > REPLAY_PER_TOPIC) this.droppedUpTo.set(topic, kept.shift()!.id);
    this.recent.set(topic, kept);
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener(event);
      } catch (error) {
        // One failing subscriber must not keep the event from the others, nor fail the publisher.
        console.error(`live: a subscriber of ${topic} failed`, error);
      }
    }
    return event;
  }

  subscribe<T>(topic: string, listener: LiveListener<T>, options: { after?: number } = {}): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    if (options.after !== undefined) {
      for (const event of this.recent.get(topic) ?? []) if (event.id > options.after) (listener as LiveListener)(event);
    }
    set.add(listener as LiveListener);
    return () => {
      set.delete(listener as LiveListener);
      if (set.size === 0 && this.listeners.get(topic) === set) this.listeners.delete(topic);
    };
  }

  eventsAfter(topic: string, after: number): LiveEvent[] | null {
    if (!Number.isSafeInteger(after) || after < this.firstId - 1 || after > this.lastEventId()) return null;
    if (after < (this.droppedUpTo.get(topic) ?? 0)) return null;
    const kept = this.recent.get(topic) ?? [];
    let start = kept.length;
    while (start > 0 && kept[start - 1].id > after) start--;
    return kept.slice(start);
  }

  forget(topic: string, test: (event: LiveEvent) => boolean): number {
    const kept = this.recent.get(topic);
    if (!kept) return 0;
    const remaining = kept.filter((event) => !test(event));
    this.recent.set(topic, remaining);
    return kept.length - remaining.length;
  }

  lastEventId(): number {
    return this.nextId - 1;
  }

  lastEventIdOn(topic: string): number {
    return this.recent.get(topic)?.at(-1)?.id ?? 0;
  }

  listenerCount(topic: string): number {
    return this.listeners.get(topic)?.size ?? 0;
  }
}

// One bus per process: server.ts takes the stream handler and the collaboration server from the
// Remix build, so this module is loaded once (docs/decisions/0028-one-load-of-each-service.md).
export const live: LiveBus = new InProcessLiveBus();

/** Topics, named once. */
export const TOPICS = {
  /** A person's sessions ended (logout, sign-out everywhere, password change, account deletion). */
  sessionsEnded: "accounts.sessions-ended",
} as const;
