// Serves the Remix build from Express. It is @remix-run/express's handler with one change: the
// body handed to Remix is the one already read within its limit (request-body.server.ts),
// never the raw socket stream.
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { IncomingHttpHeaders } from "node:http";
import {
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { RequestRefused } from "./errors.server";
import { RETRY_AFTER_SECONDS } from "./overload.server";
import { bufferedBody } from "./request-body.server";
import { requestHost } from "./security-headers.server";
import { wholeBodyOf, withStatus } from "./whole-response.server";

/** The statuses the app renders a page for on behalf of the server (see routes/errors.$status.tsx). */
export const STATUS_PAGES = [400, 404, 405, 413, 415, 429, 503] as const;

export function createRemixHandler(
  build: ServerBuild,
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext,
) {
  const handle = createRequestHandler(build, "production");

  const handler: RequestHandler = async (req, res, next) => {
    try {
      const request = toFetchRequest(req, res);
      const context = getLoadContext(req, res);
      let response = await handle(request, context);
      // A form, navigation (?_data=) or download whose database work waited too long: the
      // document's own answer is already 503 (entry.server.tsx), these are made so here.
      if (context.overload.seen && response.status === 500) {
        response = withStatus(response, 503);
        response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
      }
      // A resource route (a download, a calendar file) that names nothing answers a bare 404; a
      // person who followed a link there in a browser gets the site's "page not found" instead.
      if (response.status === 404 && wantsPage(req) && !response.headers.get("Content-Type")?.startsWith("text/html")) {
        await sendRemixResponse(res, await renderStatusPage(req, res, 404));
        return;
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };

  /**
   * A page for a request the server refused before Remix saw it, in the visitor's language and
   * the site's layout. Client-side navigations (?_data=) get a "caught" response instead, so
   * that Remix shows the same message in its error boundary rather than a blank form.
   */
  async function renderStatusPage(req: ExpressRequest, res: ExpressResponse, status: number): Promise<Response> {
    if ("_data" in req.query) {
      return new Response("null", { status, headers: { "Content-Type": "application/json", "X-Remix-Catch": "yes" } });
    }
    const url = new URL(`/errors/${status}`, origin(req));
    const page = await handle(new Request(url, { headers: fetchHeaders(req.headers) }), getLoadContext(req, res));
    return withStatus(page, status);
  }

  return { handler, renderStatusPage };
}

function wantsPage(req: ExpressRequest) {
  return req.method === "GET" && !("_data" in req.query) && (req.get("accept") ?? "").includes("text/html");
}

function origin(req: ExpressRequest) {
  return `${req.protocol}://${requestHost(req)}`;
}

function toFetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // "//a:99999" is a request target but no URL: the visitor's mistake, answered with a 400.
  const url = URL.parse(req.originalUrl, origin(req));
  if (!url) throw new RequestRefused(400);
  const controller = new AbortController();
  // Loaders and actions stop when the visitor goes away before the response is written.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const body = bufferedBody(req);
  return new Request(url, {
    method: req.method,
    headers: fetchHeaders(req.headers),
    signal: controller.signal,
    body: body && req.method !== "GET" && req.method !== "HEAD" ? new Uint8Array(body) : undefined,
  });
}

function fetchHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value !== undefined) headers.set(key, value);
  }
  return headers;
}

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  const whole = wholeBodyOf(response);
  if (whole !== undefined) res.end(whole);
  else if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
