// Request bodies are read into memory with a hard limit *before* Remix sees them: a 400 MiB
// POST to /login once took the process from 239 MB to 5 GB. raw-body (from the Express
// project) refuses a body whose announced length is over the limit without reading it, and
// stops reading a chunked one as soon as it passes the limit. body-parser was not used: it
// reads the whole rest of a refused body before answering.
import type { Request, RequestHandler } from "express";
import getRawBody from "raw-body";
import { RequestRefused } from "./errors.server";

export const KIB = 1024;

export type BodyLimit = { kind: string; matches: (path: string) => boolean; bytes: number };

/**
 * Forms carry short text (a question, a comment, a name), so 64 KiB is ample even
 * percent-encoded. A feature that posts long text (an official version of a regulation) declares
 * its paths with a larger limit, and server.ts hands those to readBoundedBody. Co-editing goes
 * over /collab, not here.
 */
export const FORM_BODY_LIMIT: BodyLimit = { kind: "form", matches: () => true, bytes: 64 * KIB };

/** The first of the limits that matches the path, or the form limit. */
export function bodyLimitFor(path: string, limits: readonly BodyLimit[]): number {
  return (limits.find((limit) => limit.matches(path)) ?? FORM_BODY_LIMIT).bytes;
}

/**
 * Reads the body of a POST (or any request that has one) into req.body as a Buffer, within its
 * route's limit: the first of `limits` that matches the path, else the form limit.
 */
export const readBoundedBody =
  (limits: readonly BodyLimit[]): RequestHandler =>
  (req, _res, next) => {
    if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) return next();
    // Browsers never compress what they send; a compressed body would slip past the limit.
    const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
    if (encoding !== "identity") return next(new RequestRefused(415));
    getRawBody(req, { length: req.headers["content-length"], limit: bodyLimitFor(req.path, limits) }, (error, body) => {
      if (error) return next(error);
      req.body = body;
      next();
    });
  };

export function bufferedBody(req: Request): Buffer | undefined {
  return Buffer.isBuffer(req.body) ? req.body : undefined;
}
