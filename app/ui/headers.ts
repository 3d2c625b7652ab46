import type { HeadersFunction } from "@remix-run/node";

/**
 * Remix builds a page's headers from the route's `headers` export only. Forms that can be rate
 * limited pass the action's Retry-After on, so that clients and proxies can see when to retry.
 */
export const passRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
