// The limiter factory against this machine's Redis: two limiters made alike count together (as
// two instances of the forum do), and with Redis unreachable each still limits, in memory.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RateLimiterRes } from "rate-limiter-flexible";
import { closeRateLimiters, createRateLimiter } from "~/shared/rate-limiter.server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const limit = () => ({ keyPrefix: "test-login", points: 3, duration: 60 });

/** How many of `tries` consumptions were allowed before the limiter refused. */
async function allowed(limiter: ReturnType<typeof createRateLimiter>, key: string, tries: number) {
  let count = 0;
  for (let i = 0; i < tries; i++) {
    try {
      await limiter.consume(key);
      count++;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
    }
  }
  return count;
}

describe("rate limiters", () => {
  const previous = { url: process.env.REDIS_URL, prefix: process.env.REDIS_KEY_PREFIX };
  afterEach(() => {
    process.env.REDIS_URL = previous.url ?? "";
    process.env.REDIS_KEY_PREFIX = previous.prefix ?? "";
  });
  afterAll(closeRateLimiters);

  it("count in Redis when REDIS_URL is set: two limiters made alike share one allowance", async () => {
    process.env.REDIS_URL = REDIS_URL;
    process.env.REDIS_KEY_PREFIX = `test-${randomBytes(6).toString("hex")}`;
    const [first, second] = [createRateLimiter(limit()), createRateLimiter(limit())];
    expect((await allowed(first, "someone", 2)) + (await allowed(second, "someone", 2))).toBe(3);
  });

  it("count in this process's memory without REDIS_URL: another process's limiter starts afresh", async () => {
    process.env.REDIS_URL = "";
    const [first, second] = [createRateLimiter(limit()), createRateLimiter(limit())];
    expect(await allowed(first, "someone", 5)).toBe(3);
    expect(await allowed(second, "someone", 5)).toBe(3);
  });

  it("keep limiting, in memory, while Redis is unreachable", async () => {
    // A port nobody listens on: every connection is refused.
    process.env.REDIS_URL = "redis://127.0.0.1:9";
    const limiter = createRateLimiter(limit());
    expect(await allowed(limiter, "someone", 5)).toBe(3);
  });
});
