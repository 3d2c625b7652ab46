// The collaboration server on its own (no Remix), and clients that speak the y-websocket
// protocol at the level of single messages, for what the collaboration tests check.
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { lucia, SESSION_COOKIE } from "~/features/accounts/auth.server";
import { COLLAB_PATH } from "~/shared/collab";
import { createForumCollabServer, type ForumCollabOptions } from "../../collab-server/forum";
import { attachCollabServer, type TransportOptions } from "../../collab-server/websocket";
import type { Connection } from "../../collab-server/core";
import { newResident } from "./helpers";
import { draftTextOf, readSync, syncMessage } from "../protocol";

export { readSync, syncMessage };

export interface CollabTestServer {
  server: Server;
  collab: ReturnType<typeof createForumCollabServer>;
  /** http://127.0.0.1:port, as http.openEditor and http.openSocket take it. */
  base: string;
  stop(): Promise<void>;
}

/** The forum's collaboration server (hooks, store, transport) on a free port of its own. */
export async function startCollabServer(
  options: ForumCollabOptions & TransportOptions = {},
): Promise<CollabTestServer> {
  const server = createHttpServer((_request, response) => response.writeHead(426).end());
  const collab = createForumCollabServer({ compactionMs: 0, ...options });
  const { wss } = attachCollabServer(server, collab, options);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    collab,
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        // A failed test may leave sockets open; the server's close waits for every one.
        for (const ws of wss.clients) ws.terminate();
        server.close(() => done());
      }),
  };
}

/** A resident with a session, and the cookie a browser would send. */
export async function signedInResident(displayName = "Test Resident") {
  const resident = await newResident({ displayName });
  const session = await lucia.createSession(resident.userId, { userAgent: "collab test" });
  return { ...resident, cookie: `${SESSION_COOKIE}=${session.id}` };
}

/** Sync step 1: "send me what I lack"; with an empty state vector, the whole document. */
export const requestMessage = (doc?: Y.Doc) =>
  syncMessage(syncProtocol.messageYjsSyncStep1, doc ? Y.encodeStateVector(doc) : new Uint8Array([0]));
export const updateMessage = (update: Uint8Array) => syncMessage(syncProtocol.messageYjsUpdate, update);

/** Messages as they arrive, and a way to wait for the next one that matches. */
class Inbox {
  readonly received: Uint8Array[] = [];
  private waiters: Array<{ matches: (m: Uint8Array) => boolean; resolve: (m: Uint8Array) => void }> = [];

  push(message: Uint8Array) {
    this.received.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.matches(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  /** The first message from now on that matches. */
  next(matches: (message: Uint8Array) => boolean = () => true): Promise<Uint8Array> {
    return new Promise((resolve) => this.waiters.push({ matches, resolve }));
  }
}

export const isAnswer = (message: Uint8Array) => readSync(message)?.type === syncProtocol.messageYjsSyncStep2;
export const isRelay = (message: Uint8Array) => readSync(message)?.type === syncProtocol.messageYjsUpdate;

/** A raw WebSocket client that records what it receives. */
export function rawClient(base: string, documentName: string, cookie: string, origin?: string) {
  const socket = new WebSocket(`${base.replace("http", "ws")}${COLLAB_PATH}/${documentName}`, {
    headers: { cookie },
    origin,
  });
  socket.binaryType = "arraybuffer";
  const inbox = new Inbox();
  socket.on("message", (data: ArrayBuffer) => inbox.push(new Uint8Array(data)));
  socket.on("error", () => {});
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_request, response) =>
      reject(new Error(`refused with ${response.statusCode}`)),
    );
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { socket, inbox, opened, closed, send: (message: Uint8Array | string) => socket.send(message) };
}

/** The document as the server holds it: asks with an empty state vector and reads the answer. */
export async function serverText(client: ReturnType<typeof rawClient>) {
  const answer = client.inbox.next(isAnswer);
  client.send(requestMessage());
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readSync(await answer)!.payload);
  return draftTextOf(doc);
}

/** A Connection for driving the core directly, without a transport. */
export function fakeConnection() {
  const inbox = new Inbox();
  const closing = deferred<number>();
  const connection: Connection & { inbox: Inbox; closed: Promise<number> } = {
    inbox,
    closed: closing.promise,
    send: (message) => inbox.push(message),
    close: (code) => closing.resolve(code ?? 1000),
  };
  return connection;
}

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves once the condition holds, checked after every update of any of the documents. */
export function whenDocs(docs: readonly Y.Doc[], condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!condition()) return;
      for (const doc of docs) doc.off("update", check);
      resolve();
    };
    for (const doc of docs) doc.on("update", check);
    check();
  });
}
