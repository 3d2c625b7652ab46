// Headers that every response carries: the Content Security Policy with a nonce per response,
// and no caching of pages that signed-in people see.
import { randomBytes } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import { SESSION_COOKIE } from "./session-cookie";

// The Host header is the visitor's to write: one that is no host name must neither become a 500
// nor write anything into a header.
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function requestHost(req: Request): string {
  const host = req.get("host") ?? "";
  return HOST.test(host) ? host : "localhost";
}

export const nonceForEachResponse: RequestHandler = (_req, res, next) => {
  res.locals.nonce = randomBytes(16).toString("base64");
  next();
};

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.nonce}'`],
      // Live updates and co-editing connect back to this host only. 'self' covers ws: and wss:
      // in current browsers; the explicit entry serves older ones.
      "connect-src": ["'self'", (req) => `${(req as Request).secure ? "wss" : "ws"}://${requestHost(req as Request)}`],
      "img-src": ["'self'", "data:"],
      "style-src": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      "upgrade-insecure-requests": null,
    },
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: "same-origin" },
});

/**
 * A page seen while signed in may hold other people's data (the admin's list of residents): it
 * must not stay in the browser's cache, where Back would show it after logout, nor in a shared one.
 */
export const noStoreWhenSignedIn: RequestHandler = (req, res, next) => {
  if (carriesSession(req)) res.setHeader("Cache-Control", "private, no-store");
  next();
};

/** Whether the request carries a session cookie (valid or not: that is for the app to check). */
export const carriesSession = (req: Request) => !!req.headers.cookie?.includes(`${SESSION_COOKIE}=`);
