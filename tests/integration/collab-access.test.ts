// Who may connect to a collaborative document and what the server does with what they send:
// refusals before the handshake, read-only connections whose changes go nowhere, and bad
// input that closes one connection while the server and everyone else carry on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { db } from "~/db.server";
import { formatDocumentName, type DocumentName, type DocumentState } from "~/shared/collab";
import * as http from "./http";
import { isAnswer, rawClient, serverText, signedInResident, startCollabServer, syncMessage, updateMessage, type CollabTestServer } from "./collab";

/** Documents whose name starts with "closed" are read-only; "gone" ones do not exist. */
const readOnlyNow = new Set<string>();
async function documentState(name: DocumentName): Promise<DocumentState | null> {
  if (name.id.startsWith("gone")) return null;
  return { readOnly: name.id.startsWith("closed") || readOnlyNow.has(formatDocumentName(name)) };
}

const MAX_PAYLOAD = 64 * 1024;
let running: CollabTestServer;
beforeAll(async () => {
  running = await startCollabServer({
    documentState,
    allowedOrigins: ["http://app.example:3000"],
    // Small limits, so that the tests reach them at once; well-behaved editors stay far below.
    maxPayload: MAX_PAYLOAD,
    messagesPerSecond: 5,
    bytesPerSecond: 1024,
  });
});
afterAll(() => running.stop());

const storedBy = (documentName: string, authorId: string) => db.documentUpdate.count({ where: { documentName, authorId } });

/** Two editors on a document, synced: they show that the server carries on. */
async function bystanders(documentName: string) {
  const resident = await signedInResident();
  const alice = http.openEditor(running.base, documentName, resident.cookie);
  const bob = http.openEditor(running.base, documentName, resident.cookie);
  await Promise.all([alice.synced, bob.synced]);
  return {
    async stillEditing(text: string) {
      const arrived = http.textArrives(bob, text);
      alice.doc.getText("body").insert(0, text);
      await arrived;
    },
    stop() {
      alice.provider.destroy();
      bob.provider.destroy();
    },
  };
}

function handshake(documentName: string, cookie?: string, origin?: string) {
  return new Promise<number>((resolve) => {
    const socket = new WebSocket(`${running.base.replace("http", "ws")}/collab/${documentName}`, { headers: cookie ? { cookie } : {}, origin });
    socket.on("error", () => {});
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.on("open", () => {
      socket.close();
      resolve(101);
    });
  });
}

describe("connecting", () => {
  it("without a session is refused (401), before any socket is opened", async () => {
    expect(await handshake("policy-draft.open-1")).toBe(401);
    expect(await handshake("policy-draft.open-1", "forum_session=not-a-session")).toBe(401);
  });

  it("to a document of an unknown kind, or one its feature does not know, is refused", async () => {
    const { cookie } = await signedInResident();
    expect(await handshake("secret.open-1", cookie)).toBe(404);
    expect(await handshake("policy-draft.a%20b", cookie)).toBe(404);
    expect(await handshake("policy-draft.gone-1", cookie)).toBe(403);
    expect(await handshake("policy-draft.open-1", cookie)).toBe(101);
  });

  it("from the app's pages on another origin is allowed by COLLAB_ALLOWED_ORIGINS; other sites stay refused", async () => {
    const { cookie } = await signedInResident();
    expect(await handshake("policy-draft.open-1", cookie, "http://app.example:3000")).toBe(101);
    expect(await handshake("policy-draft.open-1", cookie, "http://app.example:3001")).toBe(403);
    expect(await handshake("policy-draft.open-1", cookie, "https://evil.example")).toBe(403);
  });
});

describe("a read-only connection", () => {
  /**
   * The reader sends a change and then asks for the document: the answer comes after the
   * change was handled. Then the observer asks for the whole document; had the change been
   * relayed, the relay would have reached the observer before that answer.
   */
  async function sendAndObserve(documentName: string, reader: ReturnType<typeof rawClient>, observer: ReturnType<typeof rawClient>, text: string) {
    const readerDoc = new Y.Doc();
    readerDoc.on("update", (update: Uint8Array) => reader.send(updateMessage(update)));
    readerDoc.getText("body").insert(0, text);
    const handled = reader.inbox.next(isAnswer);
    reader.send(syncMessage(0, Y.encodeStateVector(readerDoc)));
    await handled;
    const relayedBefore = observer.inbox.received.length;
    const seen = await serverText(observer);
    const relays = observer.inbox.received.slice(relayedBefore).filter((m) => !isAnswer(m));
    return { seen, relays };
  }

  it("may read a document, but its changes are neither stored nor relayed", async () => {
    const documentName = "policy-draft.closed-1";
    const reader = await signedInResident("Reader");
    const other = await signedInResident("Observer");
    const readerSocket = rawClient(running.base, documentName, reader.cookie);
    const observer = rawClient(running.base, documentName, other.cookie);
    await Promise.all([readerSocket.opened, observer.opened]);

    const { seen, relays } = await sendAndObserve(documentName, readerSocket, observer, "vandalism");
    expect(seen).not.toContain("vandalism");
    expect(relays.filter((m) => m[0] === 0)).toEqual([]);
    expect(await storedBy(documentName, reader.userId)).toBe(0);
    readerSocket.socket.close();
    observer.socket.close();
  });

  it("is what an editor's connection becomes when the document turns read-only while it is open", async () => {
    const documentName = "policy-draft.closing-1";
    const editor = await signedInResident("Editor");
    const other = await signedInResident("Observer");
    const editorSocket = rawClient(running.base, documentName, editor.cookie);
    const observer = rawClient(running.base, documentName, other.cookie);
    await Promise.all([editorSocket.opened, observer.opened]);

    expect((await sendAndObserve(documentName, editorSocket, observer, "before")).seen).toBe("before");
    expect(await storedBy(documentName, editor.userId)).toBe(1);

    readOnlyNow.add(documentName);
    await running.collab.checkAccess();
    const { seen, relays } = await sendAndObserve(documentName, editorSocket, observer, "after");
    expect(seen).toBe("before");
    expect(relays.filter((m) => m[0] === 0)).toEqual([]);
    expect(await storedBy(documentName, editor.userId)).toBe(1);
    editorSocket.socket.close();
    observer.socket.close();
  });
});

describe("bad input", () => {
  const malformed: Record<string, Uint8Array | string> = {
    "a truncated message": new Uint8Array([0xff, 0xff, 0xff]),
    "an unknown message type": new Uint8Array([7, 0]),
    "an unknown sync message": syncMessage(9, new Uint8Array([0])),
    "an update Yjs cannot read": updateMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])),
    "a sync request with a broken state vector": syncMessage(0, new Uint8Array([5, 1])),
    "presence that is not JSON": (() => {
      const state = new TextEncoder().encode("{not json");
      return new Uint8Array([1, state.length + 4, 1, 42, 1, state.length, ...state]);
    })(),
    "a text frame": "hello",
  };

  it.each(Object.entries(malformed))("%s closes that connection with 1007; the others carry on", async (_label, message) => {
    const documentName = "policy-draft.bad-input";
    const others = await bystanders(documentName);
    const { cookie } = await signedInResident();
    const sender = rawClient(running.base, documentName, cookie);
    await sender.opened;
    sender.send(message);
    expect((await sender.closed).code).toBe(1007);
    await others.stillEditing(`after ${_label}`);
    others.stop();
  });

  it("a message over the size limit closes that connection with 1009; the others carry on", async () => {
    const documentName = "policy-draft.too-large";
    const others = await bystanders(documentName);
    const { cookie } = await signedInResident();
    const sender = rawClient(running.base, documentName, cookie);
    await sender.opened;
    sender.send(new Uint8Array(MAX_PAYLOAD + 1));
    expect((await sender.closed).code).toBe(1009);
    await others.stillEditing("after a large message");
    others.stop();
  });

  it("more messages than anyone typing sends closes that connection with 4429 and a reason", async () => {
    const documentName = "policy-draft.too-many";
    const others = await bystanders(documentName);
    const { cookie } = await signedInResident();
    const sender = rawClient(running.base, documentName, cookie);
    await sender.opened;
    // 200 presence queries at once; the limit allows a burst of 25 and 5 a second.
    for (let i = 0; i < 200; i++) sender.send(new Uint8Array([3]));
    expect(await sender.closed).toEqual({ code: 4429, reason: "Too many messages" });
    await others.stillEditing("after a flood");
    others.stop();
  });

  it("more bytes than the limit allows closes that connection with 4429", async () => {
    const documentName = "policy-draft.too-many-bytes";
    const { cookie } = await signedInResident();
    const sender = rawClient(running.base, documentName, cookie);
    await sender.opened;
    // Three presence queries padded to 60 KiB: each is under the size limit, together over
    // the burst of twice that limit, at 1 KiB a second.
    const padded = new Uint8Array(60 * 1024);
    padded[0] = 3;
    for (let i = 0; i < 3; i++) sender.send(padded);
    expect((await sender.closed).code).toBe(4429);
  });
});
