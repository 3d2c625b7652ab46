/** Thrown when an attempt may not be tried now: the form helpers of app/ui turn it into a 429 with the wait. */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("rate limited");
  }
}
