// Who serves a co-edited document when the forum runs as several instances (docs/decisions/0038):
// the instance that holds its lease, a Redis key `<prefix>collab-lease:<document>` whose value
// names the instance and which expires unless that instance renews it. Another instance that gets
// a socket for the document refuses it with a "try again" close; the client reconnects by itself,
// and the load balancer's consistent hash normally sends it to the holder. When the holder dies,
// its lease expires within COLLAB_LEASE_SECONDS and the next instance to get a socket takes it,
// loads the document from the database and serves it.
//
// A lease is taken and renewed by a check-and-set script and released by a check-and-delete one,
// so an instance never renews or deletes a lease another instance holds. One renewal round per
// third of the lease's life covers every document of the instance (one script call).
//
// Redis unreachable: the instance keeps serving the documents it has open, and opens others
// without a lease ("unleased"), as every instance keeps serving its own visitors then. As soon as
// Redis answers again, every document it could not renew in time and every unleased one is given
// up: its sockets are closed with the same "try again" close, and editors resync from the stored
// document on whichever instance takes the lease. What they typed meanwhile was stored before it
// was relayed, and their clients send whatever the store lacks.
//
// The embedded default (no REDIS_URL) has no leases: one process holds every document.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { redisKeyPrefix } from "~/shared/redis-keys.server";
import { NOT_USED } from "~/http/health.server";

// KEYS: the lease. ARGV: this instance's token, life in ms. Takes a free lease or renews one's own.
const ACQUIRE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

// KEYS: the leases held. ARGV: token, life in ms. Renews each that is still this instance's and
// returns the positions (1-based) of those that are not: expired (perhaps taken and released by
// another instance meanwhile) or taken. Such a lease is never taken back silently: the document
// in memory may lack what another instance stored, so it is given up and reloaded.
const RENEW_SCRIPT = `
local lost = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
  else
    lost[#lost + 1] = i
  end
end
return lost
`;

// KEYS: the lease. ARGV: token. Deletes it only if it is still this instance's.
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface DocumentLeases {
  /**
   * Takes the document's lease for this instance (again, if this instance holds it already:
   * each take is matched by one release). False: another live instance holds it.
   */
  acquire(document: string): Promise<boolean>;
  /** Gives one take back; the lease goes once the last is given back. */
  release(document: string): Promise<void>;
  /** Runs `work` while this instance holds the lease, taking it if it is free; null if it is not. */
  whileHeld<T>(document: string, work: () => Promise<T>): Promise<T | null>;
  /** Called with each document this instance held and lost (see above): its sockets must close. */
  onLost(listener: (document: string) => void): void;
  /** For /readyz: "ok", or why the lease store cannot be used. */
  status(): string;
  /** Releases every lease this instance holds and stops renewing (after its documents are stored). */
  close(): Promise<void>;
}

interface Held {
  /** Takes not yet given back (connections' document, compaction). */
  takes: number;
  /** False while served without a lease (Redis was unreachable when it was taken, or at a renewal). */
  leased: boolean;
}

export class RedisDocumentLeases implements DocumentLeases {
  /** The lease's value: the instance, readable by an operator (host and process id). */
  readonly token = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly redis: Redis;
  private readonly held = new Map<string, Held>();
  private readonly listeners: Array<(document: string) => void> = [];
  private readonly renewal: NodeJS.Timeout;
  private unreachable = false;
  private everReady = false;
  private closed = false;

  constructor(
    url: string,
    private readonly options: { prefix: string; lifeMs: number },
  ) {
    this.redis = new Redis(url, {
      // A command fails at once when Redis is away: a socket is not held up waiting for it.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(200 * attempt, 2000),
      connectionName: `forum-collab-leases-${process.pid}`,
    });
    this.redis.on("error", () => {}); // reported once per outage by unreachableNow
    this.redis.once("ready", () => (this.everReady = true));
    this.renewal = setInterval(() => void this.renew(), Math.max(100, Math.floor(options.lifeMs / 3)));
    this.renewal.unref();
  }

  private key(document: string) {
    return `${this.options.prefix}collab-lease:${document}`;
  }

  async acquire(document: string): Promise<boolean> {
    const held = this.held.get(document);
    if (held) {
      held.takes++;
      return true;
    }
    let leased = false;
    try {
      await this.connected();
      leased = (await this.redis.eval(ACQUIRE_SCRIPT, 1, this.key(document), this.token, this.options.lifeMs)) === 1;
      this.reachableNow();
      if (!leased) return false;
    } catch (error) {
      this.unreachableNow(error);
    }
    // Taken by a concurrent acquire meanwhile (the script renews one's own): one entry, two takes.
    const again = this.held.get(document);
    if (again) {
      again.takes++;
      again.leased ||= leased;
    } else this.held.set(document, { takes: 1, leased });
    return true;
  }

  /**
   * Fails at once when Redis is away; only right after the start does it wait (briefly) for the
   * first connection, so that the first sockets are not served without a lease for nothing.
   */
  private async connected() {
    if (this.redis.status === "ready") return;
    if (this.everReady || this.closed) throw new Error(`Redis connection ${this.redis.status}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off("ready", ready);
        reject(new Error("Redis did not answer within a second of the start"));
      }, 1000);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once("ready", ready);
    });
  }

  async release(document: string): Promise<void> {
    const held = this.held.get(document);
    if (!held) return;
    if (--held.takes > 0) return;
    this.held.delete(document);
    if (!held.leased) return;
    try {
      await this.redis.eval(RELEASE_SCRIPT, 1, this.key(document), this.token);
    } catch {
      // It expires by itself within its life.
    }
  }

  async whileHeld<T>(document: string, work: () => Promise<T>): Promise<T | null> {
    if (!this.held.get(document)?.leased) {
      // Work on a document nobody may serve without a lease: when Redis is away, it waits.
      if (!(await this.acquire(document))) return null;
      if (!this.held.get(document)?.leased) {
        await this.release(document);
        return null;
      }
    } else this.held.get(document)!.takes++;
    try {
      return await work();
    } finally {
      await this.release(document);
    }
  }

  onLost(listener: (document: string) => void) {
    this.listeners.push(listener);
  }

  status() {
    if (this.closed) return "closed";
    return this.redis.status === "ready" ? "ok" : "unreachable: co-edited documents are served without leases";
  }

  /** One round: renews every lease held; what was lost, or served without a lease, is given up. */
  private async renew() {
    if (this.closed || this.held.size === 0) return;
    const documents = [...this.held.keys()];
    let lost: number[];
    try {
      if (this.redis.status !== "ready") throw new Error(`Redis connection ${this.redis.status}`);
      const leased = documents.filter((document) => this.held.get(document)?.leased);
      const positions = leased.length
        ? ((await this.redis.eval(
            RENEW_SCRIPT,
            leased.length,
            ...leased.map((document) => this.key(document)),
            this.token,
            this.options.lifeMs,
          )) as number[])
        : [];
      this.reachableNow();
      lost = positions.map((position) => documents.indexOf(leased[position - 1]!));
      // Served without a lease while Redis was away: another instance may have served it too.
      documents.forEach((document, index) => {
        if (!this.held.get(document)?.leased) lost.push(index);
      });
    } catch (error) {
      // The next round tries again; a lease that expires meanwhile is found lost then.
      this.unreachableNow(error);
      return;
    }
    for (const index of lost) {
      const document = documents[index]!;
      // Given back meanwhile: nothing to give up.
      if (!this.held.has(document)) continue;
      console.error(`collab: the lease of ${document} was lost; its editors reconnect and resync`);
      this.held.delete(document);
      for (const listener of this.listeners) listener(document);
    }
  }

  private unreachableNow(error: unknown) {
    if (this.unreachable) return;
    this.unreachable = true;
    console.error(
      `collab: Redis is unreachable (${(error as Error)?.message ?? String(error)}); co-edited documents are served without leases until it is back`,
    );
  }

  private reachableNow() {
    if (!this.unreachable) return;
    this.unreachable = false;
    console.log("collab: Redis is reachable again; documents served without a lease are given up and reloaded");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.renewal);
    const leased = [...this.held].filter(([, held]) => held.leased).map(([document]) => document);
    this.held.clear();
    await Promise.allSettled(
      leased.map((document) => this.redis.eval(RELEASE_SCRIPT, 1, this.key(document), this.token)),
    );
    this.redis.disconnect();
  }
}

/** How long a lease lives without renewal: how long a crashed instance's documents wait for another. */
export const leaseLifeMsFromEnv = () => Number(process.env.COLLAB_LEASE_SECONDS ?? 10) * 1000;

/** The leases of this process's collaboration server, for /readyz. */
let serving: DocumentLeases | null = null;

/** The forum's leases: with REDIS_URL, in Redis; without, none (one process holds everything). */
export function documentLeasesFromEnv(): DocumentLeases | null {
  const url = process.env.REDIS_URL;
  if (!url) return null;
  serving = new RedisDocumentLeases(url, { prefix: redisKeyPrefix(), lifeMs: leaseLifeMsFromEnv() });
  return serving;
}

/** For /readyz: whether the lease store can be used ("ok" without one: nothing to lease). */
export const leaseStoreStatus = () => serving?.status() ?? NOT_USED;
