import { setTimeout as sleep } from "node:timers/promises";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createRateLimiter } from "~/shared/rate-limiter.server";
import { RateLimited } from "~/shared/rate-limited";

// Limits on guessing and bulk sign-ups, counted for the whole forum (app/shared/rate-limiter.server.ts).
// The numbers can be raised for a crowded counter behind one NAT address.
const limit = (name: string, fallback: number) => Number(process.env[`RATE_LIMIT_${name}`] ?? fallback);
const MINUTE = 60;

const limiters = {
  registerByIp: createRateLimiter({
    keyPrefix: "register-ip",
    points: limit("REGISTER_PER_IP", 10),
    duration: 60 * MINUTE,
  }),
  passwordByIp: createRateLimiter({
    keyPrefix: "password-ip",
    points: limit("PASSWORD_PER_IP", 30),
    duration: 15 * MINUTE,
  }),
  passwordByAccount: createRateLimiter({
    keyPrefix: "password-account",
    points: limit("PASSWORD_PER_ACCOUNT", 10),
    duration: 15 * MINUTE,
  }),
  // Reset codes are counted per account *and* address, never per account alone: otherwise ten
  // wrong codes from anywhere would keep the owner from using the real one. Twelve digits valid
  // for an hour leave nothing to gain from guessing at ten tries per address.
  resetByAccountAndIp: createRateLimiter({
    keyPrefix: "reset-account-ip",
    points: limit("PASSWORD_PER_ACCOUNT", 10),
    duration: 15 * MINUTE,
  }),
  // A live session must stay readable: one account cannot flood it with questions or churn votes.
  askByAccount: createRateLimiter({
    keyPrefix: "ask-account",
    points: limit("QUESTIONS_PER_ACCOUNT", 10),
    duration: 10 * MINUTE,
  }),
  voteByAccount: createRateLimiter({
    keyPrefix: "vote-account",
    points: limit("VOTES_PER_ACCOUNT", 120),
    duration: 10 * MINUTE,
  }),
  // A consultation's comments must stay readable for the officials who answer them, and each
  // comment is anchored in the whole draft: one account cannot flood a policy with comments.
  commentByAccount: createRateLimiter({
    keyPrefix: "comment-account",
    points: limit("COMMENTS_PER_ACCOUNT", 30),
    duration: 10 * MINUTE,
  }),
};
export type LimiterName = keyof typeof limiters;

export { RateLimited };

/** How many attempts a limiter allows in its period. */
export const attemptsAllowed = (name: LimiterName) => limiters[name].points;

/** Counts one attempt per key; throws RateLimited when any key has used up its allowance. */
export async function consumeAttempt(checks: Array<[LimiterName, string]>): Promise<void> {
  for (const [name, key] of checks) {
    try {
      await limiters[name].consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimited(Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }
}

/** A successful check clears the account's count, so a typo yesterday does not lock anyone out. */
export async function forgetAttempts(name: LimiterName, key: string): Promise<void> {
  await limiters[name].delete(key);
}

// Logging in. Counting failures per account alone let anyone lock any account (an official's,
// during their live interview) by sending wrong passwords from a few addresses. So:
// - failures count per address, and per account *and* address: a stranger's guesses block the
//   stranger, not the owner coming from elsewhere;
// - a browser the owner signed in from before (a known device) is never blocked by anyone else's
//   failures; it has a count of its own, so a stolen device cookie cannot guess for ever either;
// - failures for one account from many addresses slow every unknown device down, and past a
//   high ceiling block unknown devices only (the owner's known devices still get in).
const login = {
  byIp: createRateLimiter({ keyPrefix: "login-ip", points: limit("LOGIN_PER_IP", 30), duration: 15 * MINUTE }),
  byAccountAndIp: createRateLimiter({
    keyPrefix: "login-account-ip",
    points: limit("LOGIN_PER_ACCOUNT", 10),
    duration: 15 * MINUTE,
  }),
  byAccount: createRateLimiter({
    keyPrefix: "login-account",
    points: limit("LOGIN_PER_ACCOUNT_ANY_ADDRESS", 100),
    duration: 60 * MINUTE,
  }),
  byDevice: createRateLimiter({
    keyPrefix: "login-device",
    points: limit("LOGIN_PER_DEVICE", 10),
    duration: 15 * MINUTE,
  }),
};
/** Account-wide failures after which unknown devices wait before each try, up to the maximum. */
const SLOW_DOWN_AFTER = 10;
const SLOW_DOWN_STEP_MS = 250;
const slowDownMaxMs = () => limit("LOGIN_SLOW_DOWN_MAX_MS", 3000);

export interface LoginAttempt {
  /** The email address as normalised by the form (lower case). */
  account: string;
  ip: string;
  /** The hash of this browser's known-device token, when it belongs to this account. */
  knownDevice: string | null;
}

function countersFor({ account, ip, knownDevice }: LoginAttempt): Array<[RateLimiterAbstract, string]> {
  if (knownDevice) return [[login.byDevice, knownDevice]];
  return [
    [login.byIp, ip],
    [login.byAccountAndIp, `${account}|${ip}`],
    [login.byAccount, account],
  ];
}

/** Throws RateLimited when this attempt may not be tried now; waits first when the account is under attack. */
export async function admitLoginAttempt(attempt: LoginAttempt): Promise<void> {
  for (const [limiter, key] of countersFor(attempt)) {
    const used = await limiter.get(key);
    if (used && used.consumedPoints >= limiter.points) throw new RateLimited(Math.ceil(used.msBeforeNext / 1000));
  }
  if (attempt.knownDevice) return;
  const accountFailures = (await login.byAccount.get(attempt.account))?.consumedPoints ?? 0;
  if (accountFailures > SLOW_DOWN_AFTER)
    await sleep(Math.min((accountFailures - SLOW_DOWN_AFTER) * SLOW_DOWN_STEP_MS, slowDownMaxMs()));
}

export async function recordLoginFailure(attempt: LoginAttempt): Promise<void> {
  await Promise.all(countersFor(attempt).map(([limiter, key]) => limiter.penalty(key, 1)));
}

/** The owner got in: their own address and device start afresh. */
export async function recordLoginSuccess(attempt: LoginAttempt): Promise<void> {
  await Promise.all([
    login.byAccountAndIp.delete(`${attempt.account}|${attempt.ip}`),
    attempt.knownDevice && login.byDevice.delete(attempt.knownDevice),
  ]);
}
