// The WebSocket transport for the collaboration core. It shares an HTTP server's port: the
// app mounts it on its own server, and main.ts runs it on a server of its own. It owns every
// upgrade request on that server, so that none is left unanswered.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { COLLAB_PATH, type DocumentAccess, type DocumentName } from "../app/shared/collab";
import { CLOSE_CODES, type CollabServer } from "./core";

export interface TransportOptions {
  /** Largest message a client may send; a larger one closes its connection with 1009. */
  maxPayload?: number;
  /**
   * How many messages a second one connection may send on average, with bursts of five
   * seconds' worth (typing, caret moves and a paste); more closes it with 4429.
   */
  messagesPerSecond?: number;
  /** How many bytes a second one connection may send on average; bursts up to twice maxPayload. */
  bytesPerSecond?: number;
  /**
   * Origins of pages, besides this server's own, that may open collaboration sockets: the app's
   * origin when the collaboration server runs on a port of its own (npm run collab).
   */
  allowedOrigins?: readonly string[];
  /** How long the session check before the handshake may take before the visitor is refused. */
  authenticateTimeoutMs?: number;
  /** How often every open socket is pinged; one that has not answered the previous ping is dropped. */
  heartbeatMs?: number;
  /** How often open connections are checked against their session and rights (onCheckAccess). */
  accessCheckMs?: number;
}

const defaults = (): Required<TransportOptions> => ({
  maxPayload: Number(process.env.COLLAB_MAX_MESSAGE_BYTES ?? 2 * 1024 * 1024),
  messagesPerSecond: Number(process.env.COLLAB_MESSAGES_PER_SECOND ?? 100),
  bytesPerSecond: 1024 * 1024,
  allowedOrigins: parseOrigins(process.env.COLLAB_ALLOWED_ORIGINS ?? ""),
  authenticateTimeoutMs: 10_000,
  heartbeatMs: 30_000,
  accessCheckMs: Number(process.env.COLLAB_ACCESS_CHECK_SECONDS ?? 15) * 1000,
});

export function attachCollabServer<Context>(
  server: Server,
  collab: CollabServer<Context>,
  options: TransportOptions = {},
) {
  const settings = { ...defaults(), ...options };
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayload });
  // Errors of the server object itself (not of one socket) are logged; they must not stop the process.
  wss.on("error", (error) => console.error("collab: websocket server error", error));

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A socket error before or during the handshake (a reset, a malformed frame) concerns that
    // visitor only; without a listener Node would treat it as fatal for the whole process.
    socket.on("error", () => socket.destroy());
    // The request target is the visitor's to write: "//[" is no URL, and must not be fatal.
    const url = URL.parse(request.url ?? "/", "http://localhost");
    if (!url) return refuse(socket, 400, "Bad Request");
    if (!url.pathname.startsWith(`${COLLAB_PATH}/`)) return refuse(socket, 404, "Not Found");
    // Browsers send Origin on every WebSocket handshake; one from another site is refused even
    // though SameSite=Lax already keeps our cookie off it (defence in depth).
    if (!allowedOrigin(request, settings.allowedOrigins)) return refuse(socket, 403, "Forbidden");
    let rawName: string;
    try {
      rawName = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length + 1));
    } catch {
      return refuse(socket, 400, "Bad Request");
    }
    // Authenticate before the handshake: a refused visitor never gets an open socket.
    withTimeout(collab.authenticate(rawName, request.headers), settings.authenticateTimeoutMs)
      .then((result) => {
        if (socket.destroyed) return;
        if (result === "unknown") return refuse(socket, 404, "Not Found");
        if (!result) return refuse(socket, 401, "Unauthorized");
        if (result.access === "none") return refuse(socket, 403, "Forbidden");
        wss.handleUpgrade(request, socket, head, (ws) => {
          serve(ws, collab, result.documentName, result.access, result.context, settings).catch((error: unknown) => {
            console.error("collab: opening a document failed", error);
            ws.close(1011, "Document unavailable");
          });
        });
      })
      .catch(() => refuse(socket, 503, "Service Unavailable"));
  });

  // Dead peers (a phone that lost its network) never send a close frame: ping them out.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, settings.heartbeatMs);
  // Sessions end and rights change while sockets stay open: check them all now and then.
  const accessCheck = setInterval(() => void checkAccess(collab), settings.accessCheckMs);
  heartbeat.unref();
  accessCheck.unref();
  server.once("close", () => {
    clearInterval(heartbeat);
    clearInterval(accessCheck);
    for (const ws of wss.clients) ws.terminate();
  });

  return { wss, checkAccess: () => checkAccess(collab) };
}

const alive = new WeakMap<WebSocket, boolean>();

/** What may wait unread for one client: a large regulation's full state twice over. */
const MAX_UNREAD_BYTES = 16 * 1024 * 1024;

async function checkAccess<Context>(collab: CollabServer<Context>) {
  try {
    await collab.checkAccess();
  } catch (error) {
    // The database may be briefly unavailable; the next round tries again.
    console.error("collab: checking open connections failed", error);
  }
}

type Handlers = Awaited<ReturnType<CollabServer["connect"]>>;

async function serve<Context>(
  ws: WebSocket,
  collab: CollabServer<Context>,
  name: DocumentName,
  access: DocumentAccess,
  context: Context,
  settings: Required<TransportOptions>,
) {
  ws.binaryType = "arraybuffer";
  alive.set(ws, true);
  ws.on("pong", () => alive.set(ws, true));
  // ws reports a broken frame (RSV bits, an oversized length, bad UTF-8) as an error and then
  // closes that socket with the matching code. Listening is what keeps it from being fatal.
  ws.on("error", () => {});
  // Messages that arrive while the document is still loading wait here, in order.
  const queued: Uint8Array[] = [];
  const live: { handlers?: Handlers } = {};
  const receive = (handlers: Handlers, message: Uint8Array) => {
    try {
      handlers.message(message);
    } catch {
      ws.close(CLOSE_CODES.malformed, "Malformed message"); // a broken client must not take the server down
    }
  };
  const messages = new TokenBucket(settings.messagesPerSecond * 5, settings.messagesPerSecond);
  const bytes = new TokenBucket(settings.maxPayload * 2, settings.bytesPerSecond);
  ws.on("message", (data: ArrayBuffer, isBinary: boolean) => {
    if (ws.readyState !== ws.OPEN) return; // closing already: the rest is not read
    // One connection sending more than anyone editing would is closed, before its messages
    // cost the document's queue and the database anything.
    if (!messages.take(1) || !bytes.take(data.byteLength))
      return ws.close(CLOSE_CODES.tooManyMessages, "Too many messages");
    // The y-websocket protocol is binary only.
    if (!isBinary) return ws.close(CLOSE_CODES.malformed, "Malformed message");
    const message = new Uint8Array(data);
    if (live.handlers) receive(live.handlers, message);
    else queued.push(message);
  });
  ws.on("close", () => {
    // A failing store hook must not become an unhandled rejection that stops the whole forum.
    live.handlers?.close().catch((error: unknown) => console.error("collab: storing a document failed", error));
  });
  const handlers = await collab.connect(
    {
      send: (message) => {
        if (ws.readyState !== ws.OPEN) return;
        // A client that asks for the whole document again and again but reads nothing would
        // make the server hold every answer: past the bound, it is dropped instead.
        if (ws.bufferedAmount > MAX_UNREAD_BYTES) return void ws.terminate();
        ws.send(message);
      },
      close: (code, reason) => {
        ws.close(code, reason);
        // A peer that ignores the close frame is cut off rather than kept for ws's 30 s.
        setTimeout(() => ws.terminate(), 2_000).unref();
      },
    },
    name,
    access,
    context,
  );
  live.handlers = handlers;
  if (ws.readyState !== ws.OPEN) return void handlers.close().catch(() => {});
  for (const message of queued.splice(0)) receive(handlers, message);
}

/** A token bucket: `capacity` to spend at once, refilled at `perSecond`. */
class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.tokens = capacity;
  }

  take(count: number): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }
}

/** COLLAB_ALLOWED_ORIGINS: comma-separated origins such as `https://forum.example.gov.cn`. */
export function parseOrigins(value: string): string[] {
  return value
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      const url = new URL(origin); // a typo stops the start, rather than silently refusing every page
      return url.origin;
    });
}

function allowedOrigin(request: IncomingMessage, allowed: readonly string[]) {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser
  try {
    const url = new URL(origin);
    return url.host === request.headers.host || allowed.includes(url.origin);
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Answers an upgrade that will not become a WebSocket, then closes the socket for good. */
function refuse(socket: Duplex, status: number, text: string) {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.once("finish", () => socket.destroy());
  // A peer that reads nothing would keep the answer (and the descriptor) waiting for ever.
  setTimeout(() => socket.destroy(), 5_000).unref();
}
