// Headers that every response carries: the Content Security Policy with a nonce per response,
// and no caching of pages that signed-in people see.
import { randomBytes } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import helmet from "helmet";
import { SCREEN_PATH, screenEmbedOrigins, streamEmbedOrigins } from "~/shared/embedding.server";
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
      // No page may be framed, except the hall screen: by the forum's own pages and the origins
      // the installation lists (decision 0040).
      "frame-ancestors": [
        (req) => (SCREEN_PATH.test((req as Request).path) ? ["'self'", ...screenEmbedOrigins()].join(" ") : "'none'"),
      ],
      // A session's stream player, from the services the installation allows.
      "frame-src": ["'self'", () => streamEmbedOrigins().join(" ")],
      "upgrade-insecure-requests": null,
    },
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: "same-origin" },
});

/**
 * X-Frame-Options cannot name other origins; where a page may be framed (the hall screen), the
 * CSP's frame-ancestors says by whom, and the older header would only refuse them.
 */
export const allowFramingOfScreen: RequestHandler = (req, res, next) => {
  if (SCREEN_PATH.test(req.path)) res.removeHeader("X-Frame-Options");
  next();
};

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
