// What the server answers when a request goes wrong before or outside Remix: a refused body, a
// request target that is no URL, an unsupported method, a malformed percent-encoding. The
// visitor gets a page in their language with the right status; the log gets one line, not a
// stack trace, because these are the visitor's mistakes (or attacks), not the forum's.
import type { ErrorRequestHandler, Request, RequestHandler, Response as ExpressResponse } from "express";

/** A request the server refuses with this status. */
export class RequestRefused extends Error {
  constructor(readonly status: number) {
    super(`request refused with ${status}`);
  }
}

/** The HTTP status for an error that is the visitor's doing, or null for the forum's own failures. */
export function visitorErrorStatus(error: unknown): number | null {
  if (error instanceof RequestRefused) return error.status;
  // raw-body (413 too large, 400 aborted), serve-static and Express (400 for a malformed
  // %-encoding) put the status on the error.
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : null;
}

const METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);

/** Remix serves GET and POST (forms); other methods (TRACE, PROPFIND…) are refused plainly. */
export const refuseOtherMethods: RequestHandler = (req, _res, next) =>
  next(METHODS.has(req.method) ? undefined : new RequestRefused(405));

export function handleRequestErrors(
  renderStatusPage: (req: Request, res: ExpressResponse, status: number) => Promise<Response>,
): ErrorRequestHandler {
  return (error, req, res, next) => {
    const status = visitorErrorStatus(error);
    if (status === null || res.headersSent) return next(error);
    if (status === 413) {
      // The rest of an oversized body is never read: the connection closes after the answer,
      // and what was not read waits in the visitor's own buffers until then.
      res.set("Connection", "close");
      res.on("finish", () => setTimeout(() => req.socket.destroy(), 2_000).unref());
    }
    if (status === 405) res.set("Allow", [...METHODS].join(", "));
    renderStatusPage(req, res, status)
      .then(async (page) => {
        res.status(status);
        page.headers.forEach((value, key) => res.setHeader(key, value));
        res.end(Buffer.from(await page.arrayBuffer()));
      })
      .catch(() => res.status(status).type("text/plain; charset=utf-8").end(`${status}`));
  };
}
