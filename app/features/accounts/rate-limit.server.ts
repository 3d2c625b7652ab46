import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Limits on guessing and bulk sign-ups. Each attempt counts against the visitor's IP and, where
// there is one, against the account, so that neither many accounts from one address nor one
// account from many addresses can be tried without end. Kept in memory: one app process
// handles all logins. The numbers can be raised for a crowded counter behind one NAT address.
const limit = (name: string, fallback: number) => Number(process.env[`RATE_LIMIT_${name}`] ?? fallback);

const limiters = {
  loginByIp: new RateLimiterMemory({ keyPrefix: "login-ip", points: limit("LOGIN_PER_IP", 30), duration: 15 * 60 }),
  loginByAccount: new RateLimiterMemory({ keyPrefix: "login-account", points: limit("LOGIN_PER_ACCOUNT", 10), duration: 15 * 60 }),
  registerByIp: new RateLimiterMemory({ keyPrefix: "register-ip", points: limit("REGISTER_PER_IP", 10), duration: 60 * 60 }),
  passwordByIp: new RateLimiterMemory({ keyPrefix: "password-ip", points: limit("PASSWORD_PER_IP", 30), duration: 15 * 60 }),
  passwordByAccount: new RateLimiterMemory({ keyPrefix: "password-account", points: limit("PASSWORD_PER_ACCOUNT", 10), duration: 15 * 60 }),
};
export type LimiterName = keyof typeof limiters;

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("rate limited");
  }
}

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

/** A successful login clears the account's count, so a typo yesterday does not lock anyone out. */
export async function forgetAttempts(name: LimiterName, key: string): Promise<void> {
  await limiters[name].delete(key);
}
