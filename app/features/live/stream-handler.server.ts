// GET /live: the Express handler that opens a page's event stream. It runs before Remix
// (server.ts) so that a stream costs no Remix request and each event is one `res.write` of a
// shared Buffer (docs/decisions/0011). It authenticates with the forum's session code and asks
// each topic's family (topics.server.ts) whether the person may watch it.
import type { RequestHandler } from "express";
import { sessionFromCookieHeader } from "~/features/accounts/auth.server";
import { eventStreams, eventStreamSettingsFromEnv, type EventStreamSettings } from "./event-stream.server";
import { liveStreamRequestSchema } from "./schemas";
import { authoriseTopics } from "./topics.server";

const REFUSALS = {
  400: "Bad request. 请求无效。",
  403: "You may not follow this. 您无权查看。",
  404: "Not found. 未找到。",
} as const;

export function createLiveStreamHandler(settings: EventStreamSettings = eventStreamSettingsFromEnv()): RequestHandler {
  const streams = eventStreams(settings);
  const openByVisitor = new Map<string, number>();
  const countVisitor = (visitor: string, change: 1 | -1) => {
    const count = (openByVisitor.get(visitor) ?? 0) + change;
    if (count > 0) openByVisitor.set(visitor, count);
    else openByVisitor.delete(visitor);
  };
  return (req, res, next) => {
    if (req.method !== "GET") return next();
    // Refused before any work: the database is not asked for a stream that cannot open.
    if (streams.isFull()) return streams.refuseFull(res);
    const visitor = req.ip ?? req.socket.remoteAddress ?? "";
    if ((openByVisitor.get(visitor) ?? 0) >= settings.maxStreamsPerVisitor) return streams.refuseFull(res);
    // Counted from now, also while authorising, and released when the connection closes.
    countVisitor(visitor, 1);
    res.once("close", () => countVisitor(visitor, -1));
    const refuse = (status: keyof typeof REFUSALS) =>
      res.status(status).type("text/plain; charset=utf-8").set("Cache-Control", "no-store").end(REFUSALS[status]);
    const query = new URL(req.originalUrl, "http://localhost").searchParams;
    // EventSource sends Last-Event-ID when it reconnects by itself; it is newer than the
    // ?after= the page was opened with, which stays in the URL.
    const parsed = liveStreamRequestSchema.safeParse({
      topics: query.getAll("topic"),
      after: req.get("last-event-id") || query.get("after") || undefined,
    });
    if (!parsed.success) return refuse(400);
    const { topics, after } = parsed.data;
    const cookie = req.headers.cookie ?? null;
    const lookUpViewer = async () => (await sessionFromCookieHeader(cookie))?.user ?? null;
    authoriseTopics(topics, lookUpViewer)
      .then((authorisation) => {
        if (authorisation.status !== 200) return refuse(authorisation.status);
        streams.open(res, {
          topics,
          after,
          personalFor: authorisation.personal ? (authorisation.viewer?.id ?? null) : null,
          counted: authorisation.counted,
          stillAllowed: async () => (await authoriseTopics(topics, lookUpViewer)).status === 200,
        });
      })
      .catch((error: unknown) => {
        // The database may be briefly unavailable: the page tries again later.
        console.error("live: authorising a stream failed", error);
        if (!res.headersSent)
          res
            .status(503)
            .set({ "Retry-After": "10", "Cache-Control": "no-store" })
            .type("text/plain; charset=utf-8")
            .end("Unavailable. 暂时不可用。");
      });
  };
}
