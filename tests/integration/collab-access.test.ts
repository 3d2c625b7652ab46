// Who may connect to a collaborative document and what the server does with what they send:
// refusals before the handshake, read-only connections whose changes go nowhere, and bad
// input that closes one connection while the server and everyone else carry on.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { db } from "~/db.server";
import { formatDocumentName, type DocumentName, type DocumentState } from "~/shared/collab";
import * as http from "./http";
import { typeInDraft } from "../protocol";
import {
  isAnswer,
  isRelay,
  rawClient,
  serverText,
  signedInResident,
  startCollabServer,
  syncMessage,
  updateMessage,
  type CollabTestServer,
} from "./collab";

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

/** Two editors on a document, synced: they show that the server carries on. */
async function bystanders(documentName: string) {
  const resident = await signedInResident();
  const alice = http.openEditor(running.base, documentName, resident.cookie);
  const bob = http.openEditor(running.base, documentName, resident.cookie);
  await Promise.all([alice.synced, bob.synced]);
  return {
    async stillEditing(text: string) {
      const arrived = http.textArrives(bob, text);
      typeInDraft(alice.doc, text);
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
    const socket = new WebSocket(`${running.base.replace("http", "ws")}/collab/${documentName}`, {
      headers: cookie ? { cookie } : {},
      origin,
    });
    socket.on("error", () => {});
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.on("open", () => {
      socket.close();
      resolve(101);
    });
  });
}

describe("connecting", () => {
  it("without a session is a visitor's, who may read a document its feature knows (changes are dropped: tests/integration/policy-editing.test.ts)", async () => {
    expect(await handshake("policy-draft.open-1")).toBe(101);
    expect(await handshake("policy-draft.open-1", "forum_session=not-a-session")).toBe(101);
    expect(await handshake("policy-draft.gone-1")).toBe(403);
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
  /** A person who tries to change the document, and another who watches it. */
  async function writerAndObserver(documentName: string) {
    const [writer, watcher] = await Promise.all([signedInResident("Writer"), signedInResident("Observer")]);
    const writing = rawClient(running.base, documentName, writer.cookie);
    const observer = rawClient(running.base, documentName, watcher.cookie);
    await Promise.all([writing.opened, observer.opened]);
    return {
      stored: () => db.documentUpdate.count({ where: { documentName, authorId: writer.userId } }),
      /**
       * The writer sends a change and then asks for the document: the answer comes after the
       * change was handled. Then the observer asks for the whole document; had the change been
       * relayed, the relay would have reached the observer before that answer.
       */
      async write(text: string) {
        const doc = new Y.Doc();
        doc.on("update", (update: Uint8Array) => writing.send(updateMessage(update)));
        typeInDraft(doc, text);
        const handled = writing.inbox.next(isAnswer);
        writing.send(syncMessage(0, Y.encodeStateVector(doc)));
        await handled;
        const before = observer.inbox.received.length;
        const seen = await serverText(observer);
        const relays = observer.inbox.received.slice(before).filter((m) => isRelay(m));
        return { seen, relays };
      },
      close() {
        writing.socket.close();
        observer.socket.close();
      },
    };
  }

  it("may read a document, but its changes are neither stored nor relayed", async () => {
    const people = await writerAndObserver("policy-draft.closed-1");
    expect(await people.write("vandalism")).toEqual({ seen: "", relays: [] });
    expect(await people.stored()).toBe(0);
    people.close();
  });

  it("is what an editor's connection becomes when the document turns read-only while it is open", async () => {
    const people = await writerAndObserver("policy-draft.closing-1");
    expect((await people.write("before")).seen).toBe("before");
    expect(await people.stored()).toBe(1);

    readOnlyNow.add("policy-draft.closing-1");
    await running.collab.checkAccess();
    expect(await people.write("after")).toEqual({ seen: "before", relays: [] });
    expect(await people.stored()).toBe(1);
    people.close();
  });
});

describe("bad input", () => {
  /**
   * A signed-in sender joins two editors on a document and misbehaves; resolves with how the
   * server closed the sender's socket, once the two editors are seen to carry on.
   */
  async function closedAfter(documentName: string, misbehave: (sender: ReturnType<typeof rawClient>) => void) {
    const others = await bystanders(documentName);
    const { cookie } = await signedInResident();
    const sender = rawClient(running.base, documentName, cookie);
    await sender.opened;
    misbehave(sender);
    const closed = await sender.closed;
    await others.stillEditing(`after ${randomUUID()}`);
    others.stop();
    return closed;
  }

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

  it.each(Object.entries(malformed))(
    "%s closes that connection with 1007; the others carry on",
    async (_label, message) => {
      expect((await closedAfter("policy-draft.bad-input", (sender) => sender.send(message))).code).toBe(1007);
    },
  );

  it("a message over the size limit closes that connection with 1009; the others carry on", async () => {
    expect(
      (await closedAfter("policy-draft.too-large", (sender) => sender.send(new Uint8Array(MAX_PAYLOAD + 1)))).code,
    ).toBe(1009);
  });

  it("more messages than anyone typing sends closes that connection with 4429 and a reason; the others carry on", async () => {
    // 200 presence queries at once; the limit allows a burst of 25 and 5 a second.
    const closed = await closedAfter("policy-draft.too-many", (sender) => {
      for (let i = 0; i < 200; i++) sender.send(new Uint8Array([3]));
    });
    expect(closed).toEqual({ code: 4429, reason: "Too many messages" });
  });

  it("more bytes than the limit allows closes that connection with 4429; the others carry on", async () => {
    // Three presence queries padded to 60 KiB: each is under the size limit, together over
    // the burst of twice that limit, at 1 KiB a second.
    const padded = new Uint8Array(60 * 1024);
    padded[0] = 3;
    const closed = await closedAfter("policy-draft.too-many-bytes", (sender) => {
      for (let i = 0; i < 3; i++) sender.send(padded);
    });
    expect(closed.code).toBe(4429);
  });
});
