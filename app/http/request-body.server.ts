// Request bodies are read into memory with a hard limit *before* Remix sees them: a 400 MiB
// POST to /login once took the process from 239 MB to 5 GB. raw-body (from the Express
// project) refuses a body whose announced length is over the limit without reading it, and
// stops reading a chunked one as soon as it passes the limit. body-parser was not used: it
// reads the whole rest of a refused body before answering.
import type { Request, RequestHandler } from "express";
import getRawBody from "raw-body";
import { RequestRefused } from "./errors.server";

const KIB = 1024;

/**
 * The limit per route kind. Forms carry short text (a question, a comment, a name), so 64 KiB
 * is ample even percent-encoded; a feature that posts long text (an official version of a
 * regulation) adds its path here with a larger limit. Co-editing goes over /collab, not here.
 */
export const BODY_LIMITS: ReadonlyArray<{ kind: string; matches: (path: string) => boolean; bytes: number }> = [
  // An official version's text as Tiptap JSON (up to 300,000 characters, percent-encoded): the
  // editor pages that post a whole regulation. The text's own limits are checked after parsing.
  { kind: "policyText", matches: (path) => /^\/policies\/[^/]+\/(versions\/new|adopt)$/.test(path), bytes: 12 * KIB * KIB },
  // A batch of paper ballots (up to 200,000 characters, one ballot a line): a ballot box of a few
  // thousand lines is well over 64 KiB once percent-encoded, and a 413 would lose what was typed.
  // Full-width commas, which counter staff may type, take 9 bytes each when encoded.
  { kind: "paperBallots", matches: (path) => path === "/counter/paper-ballots", bytes: 2 * KIB * KIB },
  { kind: "form", matches: () => true, bytes: 64 * KIB },
];

export function bodyLimitFor(path: string): number {
  return (BODY_LIMITS.find((limit) => limit.matches(path)) ?? BODY_LIMITS[BODY_LIMITS.length - 1]).bytes;
}

/** Reads the body of a POST (or any request that has one) into req.body as a Buffer, within its route's limit. */
export const readBoundedBody: RequestHandler = (req, _res, next) => {
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) return next();
  // Browsers never compress what they send; a compressed body would slip past the limit.
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity") return next(new RequestRefused(415));
  getRawBody(req, { length: req.headers["content-length"], limit: bodyLimitFor(req.path) }, (error, body) => {
    if (error) return next(error);
    req.body = body;
    next();
  });
};

export function bufferedBody(req: Request): Buffer | undefined {
  return Buffer.isBuffer(req.body) ? req.body : undefined;
}
