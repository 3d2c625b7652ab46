// When the database cannot keep up (more requests than pooled connections, a lock held longer
// than a transaction may wait), a request fails through no fault of its own and would succeed a
// moment later. It answers 503 with Retry-After, not 500: the visitor is told to try again, a
// load balancer or client that honours Retry-After backs off, and the operator's 5xx alert can
// tell overload from defects. Its transaction was rolled back, so nothing was half written.

/**
 * Prisma's codes for waiting too long: P2028 (an interactive transaction could not start within
 * maxWait, or ran past its timeout), P2024 (no pooled connection in time), P1008 (an operation
 * timed out; SQLite's busy timeout arrives as this).
 */
const OVERLOAD_CODES = new Set(["P2028", "P2024", "P1008"]);

/** How long a visitor is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

export function isOverload(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && OVERLOAD_CODES.has(code);
}

/** Set by the error handler when a loader or action of this request failed from overload. */
export interface OverloadMark {
  seen: boolean;
}

export const newOverloadMark = (): OverloadMark => ({ seen: false });

/** What the route error boundary receives instead of the failure: a 503 it can name. */
export const OVERLOAD_ERROR = { status: 503, statusText: "Service Unavailable", internal: false, data: null } as const;
