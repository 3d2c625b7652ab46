// Server-Sent Events for live pages (docs/decisions/0011). A page's stream carries the events
// of the topics it was authorised for, from its resume point on. Each event's frame is built
// once and the same Buffer is written to every stream: a live session has thousands of viewers.
//
// After the response's headers, frames go straight to the socket: one `socket.write` per event
// and viewer. Measured with 5,000 viewers, `res.write` on Express's response objects cost half
// as much CPU again as the same writes on a bare Node server (chunk framing, a deferred uncork
// and Express's longer prototype chain on every write); socket writes cost what the bare
// server's do. The body is therefore not chunked but ends with the connection, as HTTP allows
// (the response says `Connection: close`), and nothing else is ever written to that socket.
import type { Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { TOPICS, live, type LiveEvent } from "./live.server";
import type { ViewersEvent } from "./live-events";

export interface EventStreamSettings {
  /** Open streams for the whole process; more are refused (503, Retry-After). */
  maxStreams: number;
  /**
   * Open streams per visitor (the client address Express resolved, also behind the trusted
   * proxy): one visitor must not hold every live slot and leave the city's pages without updates.
   */
  maxStreamsPerVisitor: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** Viewer counts go out at most this often, and only when they changed. */
  viewerCountMs: number;
  /** The browser reconnects after this long, plus up to as much again (so that thousands do not return at once). */
  retryMs: number;
  /** A stream with more than this waiting unread is cut off; it reconnects and catches up, or reloads. */
  maxUnreadBytes: number;
  /** A stream authorised for who the person is is authorised again this often; a refusal ends it. */
  personalStreamMs: number;
}

export function eventStreamSettingsFromEnv(): EventStreamSettings {
  return {
    maxStreams: Number(process.env.LIVE_MAX_STREAMS ?? 6000),
    maxStreamsPerVisitor: Number(process.env.LIVE_MAX_STREAMS_PER_VISITOR ?? 200),
    heartbeatMs: 25_000,
    viewerCountMs: 3_000,
    retryMs: 2_000,
    maxUnreadBytes: 1024 * 1024,
    personalStreamMs: 5 * 60_000,
  };
}

export interface StreamRequest {
  topics: readonly string[];
  /** The last event id the page has, from Last-Event-ID or the loader; undefined: from now on. */
  after: number | undefined;
  /** The person the authorisation depended on: the stream ends when their login does. */
  personalFor: string | null;
  /** Asks the topics' families again (for a personal stream, every `personalStreamMs`). */
  stillAllowed?: () => Promise<boolean>;
  /** The topics whose viewers are counted. */
  counted: readonly string[];
}

interface Stream {
  readonly res: ServerResponse;
  readonly socket: Socket;
  /** The last write found the socket's buffer full: check how much waits unread before the next. */
  congested: boolean;
  readonly topics: readonly string[];
  readonly personalFor: string | null;
  /** When to ask the families again (personal streams only). */
  recheckAt: number;
  readonly stillAllowed?: () => Promise<boolean>;
  /**
   * While the replay is read (from Redis, on several instances), what the topics publish waits
   * here with its id, and goes out after the replay unless the replay had it.
   */
  waiting: Array<{ frame: Buffer; id?: number }> | null;
}

const HEARTBEAT = Buffer.from(":\n\n");

/** The event's frame, built by the first stream that sends it and kept on the event. */
export function frameOf(event: LiveEvent): Buffer {
  if (event.frame) return event.frame;
  // The type becomes a line of the frame: one with a line break would forge fields.
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(event.type)) throw new Error(`live: "${event.type}" cannot name an event`);
  event.frame = Buffer.from(`id: ${event.id}\nevent: ${event.type}\ndata: ${event.json ?? "null"}\n\n`);
  return event.frame;
}

/** One per topic with open streams: it alone subscribes to the bus and fans each frame out. */
class TopicHub {
  readonly streams = new Set<Stream>();
  /** The count last sent in a viewers event (-1: none yet). */
  sentCount = -1;
  counted = false;
  private readonly unsubscribe: () => void;

  constructor(
    readonly topic: string,
    private readonly send: (stream: Stream, frame: Buffer, id?: number) => void,
  ) {
    this.unsubscribe = live.subscribe(topic, (event) => this.broadcast(frameOf(event), event.id));
  }

  broadcast(frame: Buffer, id?: number) {
    for (const stream of this.streams) this.send(stream, frame, id);
  }

  close() {
    this.unsubscribe();
  }
}

export class EventStreams {
  private readonly streams = new Set<Stream>();
  private readonly hubs = new Map<string, TopicHub>();
  private readonly personal = new Map<string, Set<Stream>>();
  private readonly countsChanged = new Set<TopicHub>();
  private timers: NodeJS.Timeout[] = [];
  /** A round of viewer counts is under way (they are asked of Redis on several instances). */
  private counting = false;

  constructor(private settings: EventStreamSettings) {
    // An ended login ends that person's personal streams at once; the browser reconnects and
    // is authorised afresh (without the login, a moderator's queue is refused).
    live.subscribe<{ userId: string }>(TOPICS.sessionsEnded, ({ data }) => {
      for (const stream of this.personal.get(data.userId) ?? []) this.end(stream);
    });
    // Events of other instances were missed (Redis was unreachable): every page reloads its state.
    live.onResync(() => void this.resetAll());
  }

  configure(settings: EventStreamSettings) {
    this.settings = settings;
    this.stopTimers();
    if (this.streams.size) this.startTimers();
  }

  get openStreams() {
    return this.streams.size;
  }

  isFull() {
    return this.streams.size >= this.settings.maxStreams;
  }

  /** How many streams watch the topic now. */
  viewerCount(topic: string): number {
    return this.hubs.get(topic)?.streams.size ?? 0;
  }

  /** Topics with open streams, and how many each (for tests and diagnostics). */
  topicCounts(): Record<string, number> {
    return Object.fromEntries([...this.hubs].map(([topic, hub]) => [topic, hub.streams.size]));
  }

  /** Answers 503 with Retry-After: the process holds as many streams as it may. */
  refuseFull(res: ServerResponse) {
    res.writeHead(503, {
      "Content-Type": "text/plain; charset=utf-8",
      "Retry-After": "10",
      "Cache-Control": "no-store",
    });
    res.end("Too many live connections; try again shortly. 实时连接过多，请稍后再试。");
  }

  /**
   * Starts the stream: the replay since `after` (or a `reset` when that is no longer held),
   * then every new event of its topics as it is published. Call it once authorised, with the
   * response not yet started; it does nothing if the visitor has gone meanwhile.
   */
  open(res: ServerResponse, request: StreamRequest) {
    if (res.destroyed || res.headersSent) return;
    if (!res.socket) {
      // Pipelined behind another response on its connection (browsers never do this): a stream
      // cannot start before that one has ended.
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      res.end("Bad request. 请求无效。");
      return;
    }
    if (this.isFull()) return this.refuseFull(res);

    const stream: Stream = {
      res,
      socket: res.socket,
      congested: false,
      topics: request.topics,
      personalFor: request.personalFor,
      recheckAt: request.personalFor && request.stillAllowed ? Date.now() + this.settings.personalStreamMs : Infinity,
      stillAllowed: request.stillAllowed,
      waiting: [],
    };
    // Joined before the replay is read, so that nothing published meanwhile falls in between.
    this.join(stream, request.counted);
    res.once("close", () => this.leave(stream));
    // A write to a connection that broke meanwhile; 'close' follows and cleans up.
    res.on("error", () => {});
    return this.start(stream, request.after).catch((error: unknown) => {
      console.error("live: starting a stream failed", error);
      res.destroy();
    });
  }

  /** Writes the replay since `after` (or a `reset` when that is no longer held), then what waited. */
  private async start(stream: Stream, after: number | undefined) {
    const replay: LiveEvent[] = [];
    let reset: number | undefined;
    if (after !== undefined) {
      const held = await Promise.all(stream.topics.map((topic) => live.eventsAfter(topic, after)));
      for (const events of held) {
        if (events) replay.push(...events);
        else reset = await live.lastEventId();
      }
    }
    const { res } = stream;
    if (res.destroyed) return;
    const retry = Math.round(this.settings.retryMs * (1 + Math.random()));
    const start: Buffer[] = [Buffer.from(`retry: ${retry}\n\n`)];
    const sent = new Set<number>();
    if (reset !== undefined) {
      // The id lets a later reconnection resume from here rather than be reset again.
      start.push(Buffer.from(`id: ${reset}\nevent: reset\ndata: {}\n\n`));
    } else {
      // Topics' events interleave by id, so that the browser's last id is the newest one sent.
      replay.sort((a, b) => a.id - b.id);
      for (const event of replay) {
        start.push(frameOf(event));
        sent.add(event.id);
      }
    }
    for (const { frame, id } of stream.waiting ?? []) {
      if (id === undefined || (!sent.has(id) && (reset === undefined || id > reset))) start.push(frame);
    }
    stream.waiting = null;

    // Not chunked: the body is delimited by the connection's end, so frames can go to the socket as they are.
    res.useChunkedEncodingByDefault = false;
    res.shouldKeepAlive = false;
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // nginx and others buffer responses unless told not to.
      "X-Accel-Buffering": "no",
    });
    res.flushHeaders();
    stream.socket.write(start.length === 1 ? start[0] : Buffer.concat(start));
  }

  private join(stream: Stream, counted: readonly string[]) {
    if (!this.streams.size) this.startTimers();
    this.streams.add(stream);
    for (const topic of stream.topics) {
      let hub = this.hubs.get(topic);
      if (!hub) {
        hub = new TopicHub(topic, this.send);
        this.hubs.set(topic, hub);
      }
      hub.streams.add(stream);
      if (counted.includes(topic)) hub.counted = true;
      if (hub.counted) this.countsChanged.add(hub);
    }
    if (stream.personalFor) {
      const own = this.personal.get(stream.personalFor) ?? new Set();
      own.add(stream);
      this.personal.set(stream.personalFor, own);
    }
  }

  private leave(stream: Stream) {
    if (!this.streams.delete(stream)) return;
    for (const topic of stream.topics) {
      const hub = this.hubs.get(topic);
      if (!hub) continue;
      hub.streams.delete(stream);
      if (hub.streams.size === 0) {
        hub.close();
        this.hubs.delete(topic);
        this.countsChanged.delete(hub);
      } else if (hub.counted) {
        this.countsChanged.add(hub);
      }
    }
    if (stream.personalFor) {
      const own = this.personal.get(stream.personalFor);
      own?.delete(stream);
      if (own && !own.size) this.personal.delete(stream.personalFor);
    }
    if (!this.streams.size) this.stopTimers();
  }

  private readonly send = (stream: Stream, frame: Buffer, id?: number) => {
    if (stream.waiting) {
      stream.waiting.push({ frame, id });
      return;
    }
    const { socket } = stream;
    if (socket.destroyed) return;
    // A viewer that does not read (or reads far slower than events come) would make the
    // process hold every frame for it: it is cut off instead, and catches up when it returns.
    if (stream.congested && socket.writableLength > this.settings.maxUnreadBytes) {
      socket.destroy();
      return;
    }
    stream.congested = !socket.write(frame);
  };

  /** Ends the stream cleanly: the browser reconnects with its last id (and is authorised again). */
  private end(stream: Stream) {
    stream.res.end();
    this.leave(stream);
  }

  /**
   * A moderator who lost the role stops receiving the queue: personal streams are authorised
   * again now and then, in place (no reconnection while nothing changed). When the answer
   * cannot be had (the database is down), the stream ends: the browser reconnects and is asked.
   */
  private recheck(stream: Stream) {
    stream.recheckAt = Infinity; // one check at a time
    stream.stillAllowed!().then(
      (allowed) => {
        if (!allowed) this.end(stream);
        else stream.recheckAt = Date.now() + this.settings.personalStreamMs;
      },
      () => this.end(stream),
    );
  }

  /**
   * Ends every stream, so that a closing server is not held open by them. Each is told to come
   * back soon (to another instance, behind the load balancer), with the id it has.
   */
  endAll() {
    const comeBack = Buffer.from(`retry: ${Math.round(this.settings.retryMs / 2)}\n\n`);
    for (const stream of [...this.streams]) {
      if (!stream.waiting && !stream.socket.destroyed) stream.socket.write(comeBack);
      this.end(stream);
    }
  }

  /** Tells every page to reload what it shows: events it should have had may be lost. */
  private async resetAll() {
    const id = await live.lastEventId();
    const frame = Buffer.from(`id: ${id}\nevent: reset\ndata: {}\n\n`);
    for (const stream of this.streams) this.send(stream, frame, id);
  }

  private startTimers() {
    const heartbeat = setInterval(() => {
      const now = Date.now();
      for (const stream of this.streams) {
        this.send(stream, HEARTBEAT);
        if (stream.recheckAt <= now) this.recheck(stream);
      }
    }, this.settings.heartbeatMs);
    const viewerCounts = setInterval(
      () =>
        void this.sendViewerCounts().catch((error: unknown) => console.error("live: counting viewers failed", error)),
      this.settings.viewerCountMs,
    );
    this.timers = [heartbeat, viewerCounts];
    for (const timer of this.timers) timer.unref();
  }

  private stopTimers() {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** This instance's viewers of each counted topic. */
  ownViewerCounts(): Map<string, number> {
    return new Map([...this.hubs].filter(([, hub]) => hub.counted).map(([topic, hub]) => [topic, hub.streams.size]));
  }

  /**
   * Sends each counted topic's count where it changed. With several instances the count is the
   * forum's (live.viewerCounts): it changes with other instances' viewers too, so every counted
   * topic is looked at each round.
   */
  private async sendViewerCounts() {
    if (this.counting) return;
    this.counting = true;
    try {
      const own = this.ownViewerCounts();
      const totals = await live.viewerCounts(own, [...own.keys()]);
      for (const [topic, ownCount] of own) {
        const hub = this.hubs.get(topic);
        const count = totals?.get(topic) ?? ownCount;
        if (!hub || count === hub.sentCount) continue;
        if (!totals && !this.countsChanged.has(hub)) continue;
        hub.sentCount = count;
        const event: ViewersEvent = { topic: hub.topic, count };
        // No id: a count is no event to resume from, and must not move the page's resume point.
        hub.broadcast(Buffer.from(`event: viewers\ndata: ${JSON.stringify(event)}\n\n`));
      }
      this.countsChanged.clear();
    } finally {
      this.counting = false;
    }
  }
}

// The streams of the process, made when the stream handler first asks. The handler and the
// loaders (which show the count on first render) share them: both are in the Remix build, which
// server.ts takes them from (docs/decisions/0028-one-load-of-each-service.md).
let streams: EventStreams | undefined;

export function eventStreams(settings?: EventStreamSettings): EventStreams {
  if (!streams) streams = new EventStreams(settings ?? eventStreamSettingsFromEnv());
  else if (settings) streams.configure(settings);
  return streams;
}

const forumCounts = new Map<string, { count: number; at: number }>();

/**
 * How many streams watch the topic now, on every instance: a page's loader shows it before the
 * stream updates it. The forum's count is asked at most once per count interval and topic.
 */
export async function viewerCount(topic: string): Promise<number> {
  const own = streams?.viewerCount(topic) ?? 0;
  if (!live.status().shared) return own;
  const kept = forumCounts.get(topic);
  const interval = eventStreamSettingsFromEnv().viewerCountMs;
  if (kept && Date.now() - kept.at < interval) return kept.count;
  const totals = await live.viewerCounts(streams?.ownViewerCounts() ?? new Map(), [topic]);
  const count = totals?.get(topic) ?? own;
  forumCounts.set(topic, { count, at: Date.now() });
  // Bounded: topics no page asked for lately go.
  for (const [key, value] of forumCounts) if (Date.now() - value.at >= interval) forumCounts.delete(key);
  return count;
}

/** A closing server ends its streams first: Node waits for open responses before it closes. */
export function endStreamsOnClose(server: Server) {
  const close = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    streams?.endAll();
    return close(callback);
  };
}
