// The browser's side of a live stream, without React: an EventSource that resumes from the
// page's last event id. EventSource reconnects by itself after a dropped connection (sending
// Last-Event-ID, so the server replays what was missed); when the server refuses it (503 when
// full, 403 after a logout) EventSource gives up, and this opens a new one after a pause.
import { liveStreamUrl } from "./live-events";

/** `connecting`: not yet open; `live`: events arrive as they happen; `reconnecting`: dropped, catching up when back. */
export type LiveState = "connecting" | "live" | "reconnecting";

export interface LiveConnectionOptions {
  topics: readonly string[];
  /** The id the page's state is from (the loader's `live.lastEventId()`). */
  after: number;
  /** The event names to listen for besides `reset` and `viewers` (EventSource has no wildcard). */
  types: readonly string[];
  onEvent(type: string, data: unknown, id: number | null): void;
  onState(state: LiveState): void;
  /** The EventSource constructor (the browser's by default). */
  EventSource?: typeof EventSource;
}

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 60_000;

export class LiveConnection {
  /** The newest event id this page has applied. */
  lastEventId: number;
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private refusals = 0;
  private closed = false;

  constructor(private readonly options: LiveConnectionOptions) {
    this.lastEventId = options.after;
  }

  start() {
    this.closed = false;
    this.options.onState("connecting");
    // A phone that loses its network may keep a dead connection open for minutes: the browser's
    // own word that it is offline, and online again, is quicker.
    globalThis.addEventListener?.("offline", this.wentOffline);
    globalThis.addEventListener?.("online", this.cameOnline);
    this.open();
  }

  private readonly wentOffline = () => {
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
    this.options.onState("reconnecting");
  };

  private readonly cameOnline = () => {
    if (!this.closed) this.open();
  };

  /**
   * The page's state was reloaded (its loader ran again) and is now as of `after`: events after
   * it must arrive once more, and none before it. Nothing changes when the stream is exactly there.
   */
  resumeFrom(after: number) {
    if (after === this.lastEventId || this.closed) return;
    this.lastEventId = after;
    this.open();
  }

  close() {
    this.closed = true;
    globalThis.removeEventListener?.("offline", this.wentOffline);
    globalThis.removeEventListener?.("online", this.cameOnline);
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
  }

  private open() {
    clearTimeout(this.retryTimer);
    this.source?.close();
    const Source = this.options.EventSource ?? EventSource;
    const source = new Source(liveStreamUrl(this.options.topics, this.lastEventId));
    this.source = source;
    // The state stays as it was: resuming after the page's data was reloaded is no news, and a
    // status line that blinked on every vote would be announced again every time.
    source.onopen = () => {
      this.refusals = 0;
      this.options.onState("live");
    };
    source.onerror = () => {
      if (source !== this.source) return;
      this.options.onState("reconnecting");
      // CONNECTING: the browser retries by itself. CLOSED: it was refused and will not.
      if (source.readyState === Source.CLOSED) this.retryLater();
    };
    const deliver = (type: string) => (message: MessageEvent<string>) => {
      if (source !== this.source) return;
      const id = message.lastEventId ? Number(message.lastEventId) : null;
      // Viewer counts carry no id (the browser keeps the previous one): only real events move the resume point.
      if (type !== "viewers" && id !== null) this.lastEventId = id;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      this.options.onEvent(type, data, type === "viewers" ? null : id);
    };
    for (const type of new Set(["reset", "viewers", ...this.options.types]))
      source.addEventListener(type, deliver(type) as EventListener);
  }

  private retryLater() {
    this.source?.close();
    this.source = null;
    const pause = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.refusals) * (0.5 + Math.random());
    this.refusals++;
    this.retryTimer = setTimeout(() => !this.closed && this.open(), pause);
  }
}
