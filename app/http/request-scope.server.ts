// Work done once per HTTP request, however many loaders ask for it. A page runs the root
// loader, a layout's and its own, and each checked the session again: three lookups of the same
// row for one page. The scope lives for one request only; nothing in it reaches another visitor.
import { AsyncLocalStorage } from "node:async_hooks";

// server.ts and the Remix build load this module separately; the one scope lives on globalThis.
const holder = globalThis as typeof globalThis & { __forumRequestScope?: AsyncLocalStorage<Map<string, Promise<unknown>>> };
const scope = (holder.__forumRequestScope ??= new AsyncLocalStorage());

/**
 * Runs a request's handling with a fresh scope. Only signed-in reads share results: a form post
 * may change what a lookup would find (log out, end a session) before its page is rendered, and
 * an anonymous page has nothing to share (the scope's bookkeeping would be pure cost there).
 */
export function withRequestScope<T>(request: { method: string; signedIn: boolean }, handle: () => Promise<T>): Promise<T> {
  return request.signedIn && (request.method === "GET" || request.method === "HEAD") ? scope.run(new Map(), handle) : handle();
}

export function oncePerRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const store = scope.getStore();
  if (!store) return compute();
  let result = store.get(key) as Promise<T> | undefined;
  if (!result) {
    result = compute();
    store.set(key, result);
  }
  return result;
}
