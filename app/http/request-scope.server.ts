// Work done once per HTTP request, however many loaders ask for it. A page runs the root
// loader, a layout's and its own, and each checked the session again: three lookups of the same
// row for one page. The scope lives for one request only; nothing in it reaches another visitor.
//
// The scope is found through a header that the forum's HTTP layer sets on the request it hands
// to Remix (Remix's copies of a request keep its headers). An AsyncLocalStorage did this before,
// but enabling one makes Node run a hook for every promise the process creates, on every page:
// a few per cent of a signed-in page's CPU (docs/decisions/0006).
const SCOPE_HEADER = "x-forum-request-scope";

type Scope = Map<string, Promise<unknown>>;
// server.ts and the Remix build load this module separately; the scopes live on globalThis.
const holder = globalThis as typeof globalThis & {
  __forumRequestScopes?: { scopes: Map<string, Scope>; next: number };
};
const state = (holder.__forumRequestScopes ??= { scopes: new Map(), next: 0 });

/**
 * Runs a request's handling with a fresh scope. Only signed-in reads share results: a form post
 * may change what a lookup would find (log out, end a session) before its page is rendered, and
 * an anonymous page has nothing to share (the scope's bookkeeping would be pure cost there).
 * Whatever the visitor sent under the scope header is dropped, so no one can join another's scope.
 */
export async function withRequestScope<T>(request: Request, signedIn: boolean, handle: () => Promise<T>): Promise<T> {
  request.headers.delete(SCOPE_HEADER);
  if (!signedIn || (request.method !== "GET" && request.method !== "HEAD")) return handle();
  const id = String(++state.next);
  state.scopes.set(id, new Map());
  request.headers.set(SCOPE_HEADER, id);
  try {
    return await handle();
  } finally {
    state.scopes.delete(id);
  }
}

export function oncePerRequest<T>(request: Request, key: string, compute: () => Promise<T>): Promise<T> {
  const id = request.headers.get(SCOPE_HEADER);
  const store = id === null ? undefined : state.scopes.get(id);
  if (!store) return compute();
  let result = store.get(key) as Promise<T> | undefined;
  if (!result) {
    result = compute();
    store.set(key, result);
  }
  return result;
}
