// Live events: one publish/subscribe module for every page that updates without a reload, and
// for the server's own reactions (an ended session closes its collaboration sockets).
//
// In one process (`npm start`) the bus is this module's memory; with REDIS_URL it is Redis, and a
// publish on any instance reaches the subscribers of every instance (redis-live-bus.server.ts,
// docs/decisions/0033). Pages receive the events over Server-Sent Events (event-stream.server.ts,
// docs/decisions/0011).
import { LiveListeners, REPLAY_PER_TOPIC } from "./live-listeners.server";
import { RedisLiveBus } from "./redis-live-bus.server";
import { redisKeyPrefix } from "~/shared/redis-keys.server";

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
  /**
   * Delivers the event to every subscriber of the topic, on every instance. Resolves with the
   * event once the bus has it; never rejects: a bus that cannot reach what it shares with other
   * instances delivers to this instance's subscribers alone, and says so (see `status`).
   */
  publish<T>(topic: string, data: T, options?: { type?: string }): Promise<LiveEvent<T>>;
  /** Calls the listener for every later event on the topic, published on any instance. */
  subscribe<T>(topic: string, listener: LiveListener<T>): () => void;
  /**
   * The events on the topic after the id, oldest first, or null when some of them are no
   * longer held (past the replay window, published before this bus started, or not reachable
   * now): the caller must then reload the state instead of replaying.
   */
  eventsAfter(topic: string, after: number): Promise<LiveEvent[] | null>;
  /**
   * Drops the held events of the topic that `test` picks, so that no later replay gives them:
   * what a moderator removed (an edited-out phone number, a rejected question) must not come back
   * to a page that resumes from before the removal. Resolves with how many were dropped. Events
   * are dropped, not rewritten: the publisher sends the current state as a new event after this
   * (and awaits this first, so that the new event is not among the dropped).
   */
  forget(topic: string, test: (event: LiveEvent) => boolean): Promise<number>;
  /** The id of the newest event: a page's loader reads it *before* reading the state it shows. */
  lastEventId(): Promise<number>;
  /**
   * The id of the newest event on one topic (0 if none held): what a cache of that topic's
   * shared state compares to know whether it is still current.
   */
  lastEventIdOn(topic: string): Promise<number>;
  /** How many listeners the topic has on this instance (for checks that nothing is left subscribed). */
  listenerCount(topic: string): number;
  /**
   * Called when events may have been missed (the shared bus was unreachable and is back):
   * whoever forwards events to pages tells them to reload what they show.
   */
  onResync(listener: () => void): () => void;
  /**
   * Records this instance's viewers per topic and returns the whole forum's for `topics`, or
   * null when viewers are counted per instance (one process) or cannot be shared now.
   */
  viewerCounts(own: ReadonlyMap<string, number>, topics: readonly string[]): Promise<Map<string, number> | null>;
  /** Whether events cross instances, and whether that works now (for /readyz). */
  status(): { shared: boolean; connected: boolean };
  /** Lets go of connections (a stopping server). */
  close(): Promise<void>;
}

/** The bus of `npm start`: one process, nothing shared. */
export class InProcessLiveBus implements LiveBus {
  /**
   * Ids start from the clock (microsecond-sized steps above the start time in ms), so that ids
   * keep increasing across restarts: a page that resumes with an id from before a restart is
   * told to reload rather than silently given only what the new process published.
   */
  private readonly firstId = Date.now() * 1000;
  private nextId = this.firstId;
  private readonly listeners = new LiveListeners();
  private readonly recent = new Map<string, LiveEvent[]>();
  /** Per topic, the id of the newest event dropped from its replay window. */
  private readonly droppedUpTo = new Map<string, number>();

  async publish<T>(topic: string, data: T, options: { type?: string } = {}): Promise<LiveEvent<T>> {
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
    this.listeners.deliver(event);
    return event;
  }

  subscribe<T>(topic: string, listener: LiveListener<T>): () => void {
    return this.listeners.add(topic, listener as LiveListener);
  }

  async eventsAfter(topic: string, after: number): Promise<LiveEvent[] | null> {
    if (!Number.isSafeInteger(after) || after < this.firstId - 1 || after > this.nextId - 1) return null;
    if (after < (this.droppedUpTo.get(topic) ?? 0)) return null;
    const kept = this.recent.get(topic) ?? [];
    let start = kept.length;
    while (start > 0 && kept[start - 1].id > after) start--;
    return kept.slice(start);
  }

  async forget(topic: string, test: (event: LiveEvent) => boolean): Promise<number> {
    const kept = this.recent.get(topic);
    if (!kept) return 0;
    const remaining = kept.filter((event) => !test(event));
    this.recent.set(topic, remaining);
    return kept.length - remaining.length;
  }

  async lastEventId(): Promise<number> {
    return this.nextId - 1;
  }

  async lastEventIdOn(topic: string): Promise<number> {
    return this.recent.get(topic)?.at(-1)?.id ?? 0;
  }

  listenerCount(topic: string): number {
    return this.listeners.count(topic);
  }

  onResync(listener: () => void): () => void {
    return this.listeners.onResync(listener);
  }

  async viewerCounts(): Promise<Map<string, number> | null> {
    return null;
  }

  status() {
    return { shared: false, connected: true };
  }

  async close() {}
}

// One bus per process: server.ts takes the stream handler and the collaboration server from the
// Remix build, so this module is loaded once (docs/decisions/0028-one-load-of-each-service.md).
// With REDIS_URL, events cross instances through Redis (docs/decisions/0033).
export const live: LiveBus = process.env.REDIS_URL
  ? new RedisLiveBus(process.env.REDIS_URL, { prefix: `${redisKeyPrefix()}:` })
  : new InProcessLiveBus();

/** Topics, named once. */
export const TOPICS = {
  /** A person's sessions ended (logout, sign-out everywhere, password change, account deletion). */
  sessionsEnded: "accounts.sessions-ended",
  /** The forum changed a co-edited document (collab/server-changes.server.ts): holders apply it. */
  documentChanged: "collab.document-changed",
} as const;
