// Live events: one publish/subscribe module for every page that updates without a reload, and
// for the server's own reactions (an ended session closes its collaboration sockets).
//
// In-process for now: the forum is one process. The LiveBus interface is what a multi-instance
// deployment backs with Redis or PostgreSQL LISTEN/NOTIFY; callers do not change.

export interface LiveEvent<T = unknown> {
  /** Increases with every event on the bus, so a page can resume from the last id it saw. */
  id: number;
  topic: string;
  data: T;
  /** Serialised once per publish, not once per viewer: a live session has thousands. */
  json: string;
}

export type LiveListener<T = unknown> = (event: LiveEvent<T>) => void;

export interface LiveBus {
  publish<T>(topic: string, data: T): LiveEvent<T>;
  /**
   * Calls the listener for every later event on the topic. With `after`, events still held
   * since that id are delivered first, so nothing falls between a page's load and its subscription.
   */
  subscribe<T>(topic: string, listener: LiveListener<T>, options?: { after?: number }): () => void;
  lastEventId(): number;
}

/** How many recent events per topic are kept for subscribers that resume. */
const REPLAY_PER_TOPIC = 200;

export class InProcessLiveBus implements LiveBus {
  private nextId = 1;
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private readonly recent = new Map<string, LiveEvent[]>();

  publish<T>(topic: string, data: T): LiveEvent<T> {
    const event: LiveEvent<T> = { id: this.nextId++, topic, data, json: JSON.stringify(data) };
    const kept = this.recent.get(topic) ?? [];
    kept.push(event);
    if (kept.length > REPLAY_PER_TOPIC) kept.shift();
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
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  lastEventId(): number {
    return this.nextId - 1;
  }
}

// The Remix build and the server entry (server.ts, collab-server/) load this module separately,
// so the one bus of the process lives on globalThis.
const holder = globalThis as typeof globalThis & { __forumLive?: LiveBus };
export const live: LiveBus = (holder.__forumLive ??= new InProcessLiveBus());

/** Topics, named once. */
export const TOPICS = {
  /** A person's sessions ended (logout, sign-out everywhere, password change, account deletion). */
  sessionsEnded: "accounts.sessions-ended",
} as const;
