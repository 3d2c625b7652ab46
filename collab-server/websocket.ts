// The WebSocket transport for the collaboration core. It shares an HTTP server's port: the
// app mounts it on its own server, and main.ts runs it on a server of its own.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { COLLAB_PATH, type DocumentAccess, type DocumentName } from "../app/shared/collab";
import type { CollabServer } from "./core";

export function attachCollabServer(server: Server, collab: CollabServer<unknown>) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 10 * 1024 * 1024 });

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(`${COLLAB_PATH}/`)) return; // another upgrade handler's business
    // Browsers send Origin on every WebSocket handshake; one from another site is refused even
    // though SameSite=Lax already keeps our cookie off it (defence in depth).
    if (!sameOrigin(request)) return refuse(socket, 403, "Forbidden");
    let rawName: string;
    try {
      rawName = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length + 1));
    } catch {
      return refuse(socket, 400, "Bad Request");
    }
    // Authenticate before the handshake: a refused visitor never gets an open socket.
    collab
      .authenticate(rawName, request.headers)
      .then((result) => {
        if (!result) return refuse(socket, 401, "Unauthorized");
        wss.handleUpgrade(request, socket, head, (ws) => {
          serve(ws, collab, result.documentName, result.access).catch((error: unknown) => {
            console.error("collab: opening a document failed", error);
            ws.close(1011, "Document unavailable");
          });
        });
      })
      .catch(() => refuse(socket, 500, "Internal Server Error"));
  });

  return wss;
}

type Handlers = Awaited<ReturnType<CollabServer["connect"]>>;

async function serve(ws: WebSocket, collab: CollabServer<unknown>, name: DocumentName, access: DocumentAccess) {
  ws.binaryType = "arraybuffer";
  // Messages that arrive while the document is still loading wait here, in order.
  const queued: Uint8Array[] = [];
  const live: { handlers?: Handlers } = {};
  const receive = (handlers: Handlers, message: Uint8Array) => {
    try {
      handlers.message(message);
    } catch {
      ws.close(1007, "Malformed message"); // a broken client must not take the server down
    }
  };
  ws.on("message", (data: ArrayBuffer) => {
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
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      close: (code, reason) => ws.close(code, reason),
    },
    name,
    access,
  );
  live.handlers = handlers;
  if (ws.readyState !== ws.OPEN) return void handlers.close().catch(() => {});
  for (const message of queued.splice(0)) receive(handlers, message);
}

function sameOrigin(request: IncomingMessage) {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
