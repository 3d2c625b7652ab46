import { createHash, randomBytes } from "node:crypto";
import type { EntryContext } from "@remix-run/node";

// When a live interview starts, thousands of people who are not signed in open the same page
// within a minute or two, and rendering it is most of what each request costs (docs/decisions/0006). A page
// rendered for one such visitor is reused for the next one who would get exactly the same HTML:
// the key is the address, the language, the status and every loader's data, which hold all a
// page is rendered from (the root loader's data carries the language, text size, time zone and
// a one-time confirmation message). Only pages for visitors without an account are shared
// (the root loader's `user` is null), so nothing personal is ever in one. The per-request CSP
// nonce is rendered as a secret placeholder and put in afterwards, so each response still
// carries its own. Entries live one second, for what a render reads from the clock.

const MAX_AGE_MS = 1000;
const MAX_ENTRIES = 500;
/** Unguessable, so no text a resident writes can contain it. */
export const NONCE_PLACEHOLDER = randomBytes(18).toString("base64url");

const renders = new Map<string, { html: string; at: number }>();

/** The key of a page anyone in the same situation would get, or null when it must be rendered for this request. */
export function sharedRenderKey(
  request: Request,
  status: number,
  context: EntryContext,
  language: string,
): string | null {
  const { loaderData, actionData, errors } = context.staticHandlerContext;
  if (request.method !== "GET" || status !== 200 || actionData || errors) return null;
  const root = loaderData.root as { user?: unknown } | undefined;
  if (!root || root.user !== null) return null;
  return createHash("sha256")
    .update(request.url)
    .update("\0")
    .update(language)
    .update("\0")
    .update(JSON.stringify(loaderData))
    .digest("base64url");
}

export function sharedRender(key: string, nonce: string): string | null {
  const entry = renders.get(key);
  if (!entry) return null;
  if (Date.now() - entry.at >= MAX_AGE_MS) {
    renders.delete(key);
    return null;
  }
  return withNonce(entry.html, nonce);
}

/** Keeps a render made with the placeholder, and gives it back with this request's nonce. */
export function keepSharedRender(key: string, html: string, nonce: string): string {
  renders.delete(key);
  renders.set(key, { html, at: Date.now() });
  if (renders.size > MAX_ENTRIES) renders.delete(renders.keys().next().value!);
  return withNonce(html, nonce);
}

export const withNonce = (html: string, nonce: string) => html.replaceAll(NONCE_PLACEHOLDER, nonce);
