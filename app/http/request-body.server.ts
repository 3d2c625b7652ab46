// Request bodies are read into memory with a hard limit *before* Remix sees them: a 400 MiB
// POST to /login once took the process from 239 MB to 5 GB. body-parser (Express's own) checks
// Content-Length up front, counts the bytes of chunked bodies as they arrive, and applies the
// limit after decompression, so a small gzip bomb is refused too.
import express, { type ErrorRequestHandler, type Request, type Response as ExpressResponse } from "express";

const KIB = 1024;

/**
 * The limit per route kind. Forms carry short text (a question, a comment, a name), so 64 KiB
 * is ample even percent-encoded; a feature that posts long text (an official version of a
 * regulation) adds its path here with a larger limit. Co-editing goes over /collab, not here.
 */
export const BODY_LIMITS: ReadonlyArray<{ kind: string; matches: (path: string) => boolean; bytes: number }> = [
  { kind: "form", matches: () => true, bytes: 64 * KIB },
];

export function bodyLimitFor(path: string): number {
  return (BODY_LIMITS.find((limit) => limit.matches(path)) ?? BODY_LIMITS[BODY_LIMITS.length - 1]).bytes;
}

const readers = new Map(BODY_LIMITS.map((limit) => [limit.bytes, express.raw({ type: () => true, limit: limit.bytes })]));

/** Reads the body of a POST (or any method with a body) into req.body as a Buffer, within its route's limit. */
export const readBoundedBody: express.RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  readers.get(bodyLimitFor(req.path))!(req, res, next);
};

export function bufferedBody(req: Request): Buffer | undefined {
  return Buffer.isBuffer(req.body) ? req.body : undefined;
}

/** What body-parser reports for a body it refuses, as the HTTP status the visitor gets. */
export function bodyErrorStatus(error: unknown): number | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.too.large") return 413;
  if (type === "encoding.unsupported" || type === "charset.unsupported") return 415;
  if (typeof type === "string" && /^(request\.|entity\.)/.test(type)) return 400;
  return null;
}

/**
 * Turns a refused body into a page in the visitor's language (rendered by the app itself, see
 * renderStatusPage) instead of Express's default stack-trace page. The connection is closed
 * afterwards, so that the rest of an oversized body is never read.
 */
export function handleBodyErrors(
  renderStatusPage: (req: Request, res: ExpressResponse, status: number) => Promise<Response>,
): ErrorRequestHandler {
  return (error, req, res, next) => {
    const status = bodyErrorStatus(error);
    if (status === null || res.headersSent) return next(error);
    res.set("Connection", "close");
    renderStatusPage(req, res, status)
      .then(async (page) => {
        res.status(status);
        page.headers.forEach((value, key) => res.setHeader(key, value));
        res.end(Buffer.from(await page.arrayBuffer()));
      })
      .catch(next);
  };
}
