// Work done once per HTTP request, however many loaders ask for it. A page runs the root
// loader, a layout's and its own, and each checked the session again: three lookups of the same
// row for one page. The scope lives for one request only; nothing in it reaches another visitor.
//
// It travels in Remix's load context (server.ts's getLoadContext makes one per request, and every
// loader and action of that request receives the same context). An AsyncLocalStorage did this
// before, but enabling one makes Node run a hook for every promise the process creates, on every
// page: a few per cent of a signed-in page's CPU (docs/decisions/0006).
import type { Request as ExpressRequest } from "express";
import { carriesSession } from "./security-headers.server";

export interface RequestScope {
  /** The result of `compute` for `key`, computed once in this request when results are shared. */
  once<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/** Computes every time: for requests whose lookups must not be shared. */
const UNSHARED: RequestScope = { once: (_key, compute) => compute() };

/**
 * A fresh scope for one request. Only signed-in reads share results: a form post may change
 * what a lookup would find (log out, end a session) before its page is rendered, and an
 * anonymous page has nothing to share (the scope's bookkeeping would be pure cost there).
 */
export function newRequestScope(req: ExpressRequest): RequestScope {
  if (!carriesSession(req) || (req.method !== "GET" && req.method !== "HEAD")) return UNSHARED;
  const results = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, compute: () => Promise<T>) {
      let result = results.get(key) as Promise<T> | undefined;
      if (!result) {
        result = compute();
        results.set(key, result);
      }
      return result;
    },
  };
}
