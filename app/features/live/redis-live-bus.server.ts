// The live bus of a forum that runs as several instances (docs/decisions/0033). Redis holds what
// crosses instances:
// - one counter gives every event its id, so ids are unique and ordered across instances and a
//   page that reconnects to another instance resumes with Last-Event-ID;
// - one stream per topic (XADD with explicit ids, at most REPLAY_PER_TOPIC entries) is the replay
//   window; a hash records, per topic, the newest id trimmed from it, so that a resume from before
//   it is told to reload instead of silently missing events;
// - one pub/sub channel carries every event to every instance, which hands it to its listeners.
// The id, the stream entry and the message are made by one script, so nothing is published
// without being held, and nobody receives events out of the counter's order.
//
// Redis unreachable: each instance keeps serving its own visitors (events published here reach
// this instance's pages), says so in its log and in status(), and when Redis is back tells its
// pages to reload what they show (onResync), since events of other instances were missed.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { LiveListeners, REPLAY_PER_TOPIC } from "./live-listeners.server";
import type { LiveBus, LiveEvent, LiveListener } from "./live.server";

// KEYS: counter, floor, topic stream, dropped hash. ARGV: first id, window, topic, type, json, channel.
// The id goes through GET: Lua numbers are doubles, and their text form loses digits.
const PUBLISH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], ARGV[1])
end
redis.call('INCR', KEYS[1])
local id = redis.call('GET', KEYS[1])
local window = tonumber(ARGV[2])
local length = redis.call('XLEN', KEYS[3])
if length >= window then
  local trimmed = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', length - window + 1)
  redis.call('HSET', KEYS[4], ARGV[3], trimmed[#trimmed][1])
  for _, entry in ipairs(trimmed) do redis.call('XDEL', KEYS[3], entry[1]) end
end
redis.call('XADD', KEYS[3], id .. '-0', 't', ARGV[4], 'd', ARGV[5])
redis.call('PUBLISH', ARGV[6], id .. '\\n' .. ARGV[3] .. '\\n' .. ARGV[4] .. '\\n' .. ARGV[5])
return id
`;

// KEYS: counter, floor. ARGV: first id, at least this id (events published here while Redis was away).
const LAST_ID_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], ARGV[1])
end
local last = redis.call('GET', KEYS[1])
if ARGV[2] and #ARGV[2] > #last or (#ARGV[2] == #last and ARGV[2] > last) then
  redis.call('SET', KEYS[1], ARGV[2])
  last = ARGV[2]
end
return last
`;

/** How long an instance's viewer counts count without being renewed: a stopped instance's viewers vanish. */
const VIEWERS_TTL_MS = 10_000;

const streamId = (id: string) => Number(id.split("-")[0]);

export class RedisLiveBus implements LiveBus {
  private readonly instance = randomUUID();
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new LiveListeners();
  private readonly channel: string;
  /** The newest id this instance saw or gave: what it answers while Redis is away. */
  private lastSeen = Date.now() * 1000;
  private readonly lastSeenOn = new Map<string, number>();
  /** Forgets that could not reach Redis: done as soon as it is back, before pages reload. */
  private readonly pendingForgets: Array<{ topic: string; test: (event: LiveEvent) => boolean }> = [];
  /** Redis was lost (or never reached) since the last time both connections were ready. */
  private lost = true;
  private everConnected = false;
  private closed = false;

  constructor(
    url: string,
    private readonly options: { prefix: string },
  ) {
    this.channel = `${options.prefix}live`;
    const settings = {
      // A command fails at once when Redis is away, instead of waiting in a queue: a publish
      // then reaches this instance's pages, and a request is not held up.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(200 * attempt, 2000),
      connectionName: `forum-live-${this.instance}`,
    };
    this.redis = new Redis(url, settings);
    // The subscriber queues its SUBSCRIBE until connected, and subscribes again after each reconnection.
    this.subscriber = new Redis(url, { ...settings, enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on("message", (_channel: string, message: string) => this.receive(message));
    void this.subscriber.subscribe(this.channel).catch(() => {});
    for (const connection of [this.redis, this.subscriber]) {
      connection.on("ready", () => this.connectionReady());
      connection.on("close", () => this.connectionLost());
      // Reported once per outage by connectionLost; ioredis retries by itself.
      connection.on("error", () => {});
    }
  }

  private key(name: string) {
    return `${this.options.prefix}${name}`;
  }

  private topicKey(topic: string) {
    return this.key(`topic:${topic}`);
  }

  private connectionLost() {
    if (this.closed || this.lost) return;
    this.lost = true;
    console.error("live: Redis is unreachable; live events reach this instance's pages only until it is back");
  }

  private connectionReady() {
    if (this.closed || this.redis.status !== "ready" || this.subscriber.status !== "ready" || !this.lost) return;
    this.lost = false;
    const returning = this.everConnected;
    this.everConnected = true;
    if (returning) console.log("live: Redis is reachable again; live pages reload what they missed");
    void this.catchUp(returning);
  }

  /** After an outage: ids continue above what was given here meanwhile, pending forgets are done, pages reload. */
  private async catchUp(tellPages: boolean) {
    try {
      await this.lastEventId();
      for (const forget of this.pendingForgets.splice(0)) await this.forget(forget.topic, forget.test);
    } catch (error) {
      console.error("live: catching up with Redis failed", error);
    }
    if (tellPages) this.listeners.resynced();
  }

  private receive(message: string) {
    const first = message.indexOf("\n");
    const second = message.indexOf("\n", first + 1);
    const third = message.indexOf("\n", second + 1);
    if (first < 0 || second < 0 || third < 0) return;
    const json = message.slice(third + 1);
    const event: LiveEvent = {
      id: Number(message.slice(0, first)),
      topic: message.slice(first + 1, second),
      type: message.slice(second + 1, third),
      data: JSON.parse(json),
      json,
    };
    this.seen(event);
    this.listeners.deliver(event);
  }

  private seen(event: LiveEvent) {
    if (event.id > this.lastSeen) this.lastSeen = event.id;
    this.lastSeenOn.set(event.topic, event.id);
  }

  private usable() {
    return !this.closed && this.redis.status === "ready";
  }

  async publish<T>(topic: string, data: T, options: { type?: string } = {}): Promise<LiveEvent<T>> {
    const type = options.type ?? "message";
    const json = JSON.stringify(data) ?? "null";
    if (this.usable()) {
      try {
        const id = (await this.redis.eval(
          PUBLISH_SCRIPT,
          4,
          this.key("last-id"),
          this.key("first-id"),
          this.topicKey(topic),
          this.key("trimmed"),
          String(Date.now() * 1000),
          String(REPLAY_PER_TOPIC),
          topic,
          type,
          json,
          this.channel,
        )) as string;
        return { id: Number(id), topic, type, data, json };
      } catch (error) {
        if (!this.lost) console.error(`live: publishing on ${topic} through Redis failed`, error);
      }
    }
    // Only this instance's pages get it. The id is taken from the clock, above anything Redis
    // gave so far, so that a page holding it is told to reload (and not replay) when it resumes.
    const event: LiveEvent<T> = { id: Math.max(this.lastSeen + 1, Date.now() * 1000), topic, type, data, json };
    this.seen(event);
    this.listeners.deliver(event);
    return event;
  }

  subscribe<T>(topic: string, listener: LiveListener<T>): () => void {
    return this.listeners.add(topic, listener as LiveListener);
  }

  async eventsAfter(topic: string, after: number): Promise<LiveEvent[] | null> {
    if (!Number.isSafeInteger(after) || !this.usable()) return null;
    try {
      const [[, first], [, last], [, trimmed], [, entries]] = (await this.redis
        .multi()
        .get(this.key("first-id"))
        .get(this.key("last-id"))
        .hget(this.key("trimmed"), topic)
        .xrange(this.topicKey(topic), `(${after}-0`, "+")
        .exec()) as [
        [Error | null, string | null],
        [Error | null, string | null],
        [Error | null, string | null],
        [Error | null, Array<[string, string[]]>],
      ];
      if (first === null || last === null || after < Number(first) - 1 || after > Number(last)) return null;
      if (trimmed !== null && after < streamId(trimmed)) return null;
      return entries.map(([id, fields]) => this.eventOf(topic, id, fields));
    } catch {
      return null;
    }
  }

  private eventOf(topic: string, id: string, fields: string[]): LiveEvent {
    const values = new Map<string, string>();
    for (let n = 0; n + 1 < fields.length; n += 2) values.set(fields[n], fields[n + 1]);
    const json = values.get("d") ?? "null";
    return { id: streamId(id), topic, type: values.get("t") ?? "message", data: JSON.parse(json), json };
  }

  async forget(topic: string, test: (event: LiveEvent) => boolean): Promise<number> {
    if (this.usable()) {
      try {
        const entries = await this.redis.xrange(this.topicKey(topic), "-", "+");
        const dropped = entries.filter(([id, fields]) => test(this.eventOf(topic, id, fields))).map(([id]) => id);
        if (dropped.length) await this.redis.xdel(this.topicKey(topic), ...dropped);
        return dropped.length;
      } catch (error) {
        console.error(`live: forgetting events of ${topic} failed; retried when Redis is back`, error);
      }
    }
    // Nothing is replayed while Redis is away (eventsAfter answers null); this is done before it is again.
    this.pendingForgets.push({ topic, test });
    return 0;
  }

  async lastEventId(): Promise<number> {
    if (this.usable()) {
      try {
        const last = (await this.redis.eval(
          LAST_ID_SCRIPT,
          2,
          this.key("last-id"),
          this.key("first-id"),
          String(Date.now() * 1000),
          String(this.lastSeen),
        )) as string;
        return Math.max(Number(last), this.lastSeen);
      } catch {
        // as without Redis
      }
    }
    return this.lastSeen;
  }

  async lastEventIdOn(topic: string): Promise<number> {
    if (this.usable()) {
      try {
        const [newest] = await this.redis.xrevrange(this.topicKey(topic), "+", "-", "COUNT", 1);
        return newest ? streamId(newest[0]) : 0;
      } catch {
        // as without Redis
      }
    }
    return this.lastSeenOn.get(topic) ?? 0;
  }

  listenerCount(topic: string): number {
    return this.listeners.count(topic);
  }

  onResync(listener: () => void): () => void {
    return this.listeners.onResync(listener);
  }

  status() {
    return { shared: true, connected: this.usable() && this.subscriber.status === "ready" };
  }

  /**
   * Records this instance's viewers per topic and returns the forum's, for the given topics
   * (null when Redis cannot be asked: the caller shows its own). Each instance's counts expire
   * unless renewed, so a stopped instance's viewers vanish.
   */
  async viewerCounts(own: ReadonlyMap<string, number>, topics: readonly string[]): Promise<Map<string, number> | null> {
    if (!this.usable()) return null;
    try {
      const now = Date.now();
      const mine = this.key(`viewers:${this.instance}`);
      const instancesKey = this.key("viewer-instances");
      const write = this.redis.multi().del(mine);
      const counts = [...own].filter(([, count]) => count > 0).flat();
      if (counts.length) write.hset(mine, ...counts).pexpire(mine, VIEWERS_TTL_MS);
      const [, , , [, instances]] = (await write
        .zadd(instancesKey, now, this.instance)
        .zremrangebyscore(instancesKey, "-inf", now - VIEWERS_TTL_MS)
        .zrange(instancesKey, 0, -1)
        .exec()
        .then((results) => results!.slice(-4))) as [unknown, unknown, unknown, [Error | null, string[]]];
      const totals = new Map(topics.map((topic) => [topic, 0]));
      if (!topics.length) return totals;
      const read = this.redis.multi();
      for (const instance of instances) read.hmget(this.key(`viewers:${instance}`), ...topics);
      for (const [, values] of (await read.exec()) as Array<[Error | null, Array<string | null>]>)
        values.forEach((value, n) => totals.set(topics[n], totals.get(topics[n])! + Number(value ?? 0)));
      return totals;
    } catch {
      return null;
    }
  }

  async close() {
    this.closed = true;
    await Promise.allSettled([this.redis.quit(), this.subscriber.quit()]);
  }
}
