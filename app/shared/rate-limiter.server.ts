// Every rate limit of the forum is made here, so that all of them count the same way.
// - Embedded default (no REDIS_URL): counts in this process's memory. One process serves the
//   forum, so that is the whole forum's count.
// - REDIS_URL set (several instances behind a load balancer): counts in Redis, shared by every
//   instance, so ten tries are ten across the cluster and not ten per instance.
// - Redis unreachable or slow (see redisClient): each limiter falls back to an in-memory "insurance" limiter with
//   the same allowance. The forum keeps serving and stays limited, per instance, until Redis is
//   back (then the Redis counts apply again). Refusing every login because Redis is down would
//   hand an attacker a way to lock everybody out.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { redisKeyPrefix } from "./redis-keys.server";

export interface RateLimit {
  /** Names this limiter's counters; unique within the forum. */
  keyPrefix: string;
  /** Attempts allowed per period. */
  points: number;
  /** The period, in seconds. */
  duration: number;
}

/** A Redis command not answered within this is counted by the insurance limiter instead. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

/** One connection per Redis server, shared by every limiter of the process. */
const clients = new Map<string, Redis>();

function redisClient(url: string): Redis {
  const open = clients.get(url);
  if (open) return open;
  const client = new Redis(url, {
    // While (re)connecting, a count waits in ioredis's queue: at start-up that is milliseconds,
    // and the count lands in Redis. When Redis is down, it fails after one reconnection attempt
    // or the timeout, whichever comes first, and the insurance limiter counts: a limited form
    // waits at most that long, and nothing else waits for Redis at all.
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
  });
  let reported = false;
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    console.error(`rate limits: Redis unreachable (${error.message}); counting per instance until it is back`);
  });
  client.on("ready", () => (reported = false));
  clients.set(url, client);
  return client;
}

/** A limiter counting in Redis when REDIS_URL is set, else in this process's memory. */
export function createRateLimiter({ keyPrefix, points, duration }: RateLimit): RateLimiterAbstract {
  const url = process.env.REDIS_URL;
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!url) return memory;
  return new RateLimiterRedis({
    storeClient: redisClient(url),
    keyPrefix: `${redisKeyPrefix()}:limit:${keyPrefix}`,
    points,
    duration,
    insuranceLimiter: memory,
  });
}

/** Closes the Redis connection of the limiters (scripts and tests that end their process). */
export async function closeRateLimiters(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  await Promise.all(open.map((client) => client.quit().catch(() => client.disconnect())));
}
