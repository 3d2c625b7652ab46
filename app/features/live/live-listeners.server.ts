// What every live bus does on its own instance: it calls the topic's listeners in turn.
import type { LiveEvent, LiveListener } from "./live.server";

/** How many recent events per topic are kept for subscribers that resume. */
export const REPLAY_PER_TOPIC = 200;

/** Listeners per topic, called in turn; one failing listener does not keep the event from the others. */
export class LiveListeners {
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private readonly resync = new Set<() => void>();

  add(topic: string, listener: LiveListener): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(topic) === set) this.listeners.delete(topic);
    };
  }

  deliver(event: LiveEvent) {
    for (const listener of this.listeners.get(event.topic) ?? []) {
      try {
        listener(event);
      } catch (error) {
        // One failing subscriber must not keep the event from the others, nor fail the publisher.
        console.error(`live: a subscriber of ${event.topic} failed`, error);
      }
    }
  }

  count(topic: string): number {
    return this.listeners.get(topic)?.size ?? 0;
  }

  onResync(listener: () => void): () => void {
    this.resync.add(listener);
    return () => this.resync.delete(listener);
  }

  resynced() {
    for (const listener of this.resync) {
      try {
        listener();
      } catch (error) {
        console.error("live: a resync listener failed", error);
      }
    }
  }
}
