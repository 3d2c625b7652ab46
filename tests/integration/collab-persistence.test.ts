// Durability of co-edited documents: every change is stored, with its author, before anyone
// else sees it; a crash loses nothing anyone has seen; unloading and reopening never loses or
// doubles a document; compaction keeps the document and who wrote what.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { db } from "~/db.server";
import { compactDocument, loadUpdate, storeUpdates } from "~/features/collab/store.server";
import { EDITABLE, EDITING_PAUSE_MS, type DocumentName } from "~/shared/collab";
import { CollabServer, type CollabHooks } from "../../collab-server/core";
import { storeHooks } from "../../collab-server/forum";
import * as http from "./http";
import {
  deferred,
  fakeConnection,
  isAnswer,
  isRelay,
  rawClient,
  readSync,
  requestMessage,
  serverText,
  signedInResident,
  startCollabServer,
  syncMessage,
  updateMessage,
  whenDocs,
  type CollabTestServer,
} from "./collab";
import { newResident } from "./helpers";
import { freePort, startCollabProcess } from "../processes";
import { draftParagraph, draftTextOf } from "../protocol";

interface Author {
  userId: string;
}

/** The core with the forum's store, and whatever hooks a test puts in front of it. */
const coreWith = (hooks: Partial<CollabHooks<Author>> = {}) =>
  new CollabServer<Author>({ onAuthenticate: async () => null, ...storeHooks, ...hooks });

const draft = (id: string): DocumentName => ({ kind: "policy-draft", id });
const textOf = (update: Uint8Array | null) => {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText("body").toString();
};
const storedText = async (documentName: string) => textOf(await loadUpdate(documentName));
/** The stored text of a draft served by the forum's hooks, which hold a policy text (paragraphs). */
const storedDraftText = async (documentName: string) => {
  const doc = new Y.Doc();
  const update = await loadUpdate(documentName);
  if (update) Y.applyUpdate(doc, update);
  return draftTextOf(doc);
};

/** A client document whose every change is sent through `send` as the y-websocket client does. */
function clientDoc(send: (message: Uint8Array) => void) {
  const doc = new Y.Doc();
  doc.on("update", (update: Uint8Array) => send(updateMessage(update)));
  return doc;
}

describe("storing before relaying", () => {
  it("a change reaches the others only once the store has finished", async () => {
    const [alice, bob] = await Promise.all([newResident(), newResident()]);
    const storing = deferred();
    const gate = deferred();
    const core = coreWith({
      async onStoreUpdates(name, changes) {
        storing.resolve();
        await gate.promise;
        await storeHooks.onStoreUpdates(name, changes);
      },
    });
    const [a, b] = [fakeConnection(), fakeConnection()];
    const fromA = await core.connect(a, draft("relay-order"), "write", alice);
    await core.connect(b, draft("relay-order"), "write", bob);
    const relayed = b.inbox.next(isRelay);

    clientDoc(fromA.message).getText("body").insert(0, "第一条 stored first");
    await storing.promise;
    expect(b.inbox.received.filter(isRelay)).toEqual([]);
    expect(await loadUpdate("policy-draft.relay-order")).toBeNull();

    gate.resolve();
    expect(textOf(readSync(await relayed)!.payload)).toBe("第一条 stored first");
    const rows = await db.documentUpdate.findMany({ where: { documentName: "policy-draft.relay-order" } });
    expect(rows.map((row) => row.authorId)).toEqual([alice.userId]);
    expect(rows[0].createdAt.getTime()).toBe(rows[0].lastAt.getTime());
  });

  it("a store that fails disconnects everyone (1011) without relaying, and reconnecting recovers the change from its author", async () => {
    const [alice, bob] = await Promise.all([newResident(), newResident()]);
    let failures = 1;
    const core = coreWith({
      async onStoreUpdates(name, changes) {
        if (failures-- > 0) throw new Error("the database is unavailable");
        await storeHooks.onStoreUpdates(name, changes);
      },
    });
    const name = draft("store-fails");
    const [a, b] = [fakeConnection(), fakeConnection()];
    const fromA = await core.connect(a, name, "write", alice);
    await core.connect(b, name, "write", bob);
    const aliceDoc = clientDoc(fromA.message);
    aliceDoc.getText("body").insert(0, "kept by its author");
    expect(await Promise.all([a.closed, b.closed])).toEqual([1011, 1011]);
    expect(b.inbox.received.filter(isRelay)).toEqual([]);
    expect(await loadUpdate("policy-draft.store-fails")).toBeNull();
    await core.settled();

    // The y-websocket client answers the server's sync request with everything it has.
    const [a2, b2] = [fakeConnection(), fakeConnection()];
    const again = await core.connect(a2, name, "write", alice);
    const stored = a2.inbox.next(isAnswer);
    again.message(syncMessage(1, Y.encodeStateAsUpdate(aliceDoc)));
    again.message(requestMessage(aliceDoc));
    await stored;
    expect(await storedText("policy-draft.store-fails")).toBe("kept by its author");
    const fromB = await core.connect(b2, name, "write", bob);
    const answer = b2.inbox.next(isAnswer);
    fromB.message(requestMessage());
    expect(textOf(readSync(await answer)!.payload)).toBe("kept by its author");
  });
});

describe("a change made on the server", () => {
  const serverUpdate = (text: string) => {
    const doc = new Y.Doc();
    doc.getText("body").insert(0, text);
    return Y.encodeStateAsUpdate(doc);
  };

  it("reaches everyone on an open document and is stored with its author", async () => {
    const [moderator, reader] = await Promise.all([newResident(), newResident()]);
    const core = coreWith();
    const watching = fakeConnection();
    await core.connect(watching, draft("server-change"), "write", reader);
    const relayed = watching.inbox.next(isRelay);
    await core.applyChange(draft("server-change"), serverUpdate("restored text"), moderator);
    expect(textOf(readSync(await relayed)!.payload)).toBe("restored text");
    const rows = await db.documentUpdate.findMany({ where: { documentName: "policy-draft.server-change" } });
    expect(rows.map((row) => row.authorId)).toEqual([moderator.userId]);
    expect(core.openDocumentCount).toBe(1);
  });

  it("is stored for a document nobody has open, which leaves memory again", async () => {
    const official = await newResident();
    const core = coreWith();
    await core.applyChange(draft("server-change-closed"), serverUpdate("第一版"), official);
    await core.settled();
    expect(core.openDocumentCount).toBe(0);
    expect(await storedText("policy-draft.server-change-closed")).toBe("第一版");
  });

  it("that Yjs cannot read is refused, and nothing is stored", async () => {
    const official = await newResident();
    const core = coreWith();
    await expect(
      core.applyChange(draft("server-change-bad"), new Uint8Array([0xff, 0xff, 0xff]), official),
    ).rejects.toThrow();
    expect(await loadUpdate("policy-draft.server-change-bad")).toBeNull();
  });
});

describe("unloading while someone reconnects", () => {
  it("waits for the unload to store everything, then loads the document once", async () => {
    const alice = await newResident();
    let loads = 0;
    const storing = deferred();
    const gate = deferred();
    const core = coreWith({
      async onLoadDocument(name, doc) {
        loads++;
        await storeHooks.onLoadDocument(name, doc);
      },
      async onStoreUpdates(name, changes) {
        storing.resolve();
        await gate.promise;
        await storeHooks.onStoreUpdates(name, changes);
      },
    });
    const name = draft("unload-race");
    const first = fakeConnection();
    const handlers = await core.connect(first, name, "write", alice);
    clientDoc(handlers.message).getText("body").insert(0, "written just before leaving");
    await storing.promise;

    // The last person leaves while their change is still being stored...
    const leaving = handlers.close();
    expect(core.openDocumentCount).toBe(0);
    // ...and two people open the document at that moment. Neither may load it yet: the store
    // does not hold the change, and they must not get a document of their own each.
    const [second, third] = [fakeConnection(), fakeConnection()];
    const opening = [core.connect(second, name, "write", alice), core.connect(third, name, "write", alice)];
    expect(loads).toBe(1);

    gate.resolve();
    await leaving;
    const [fromSecond] = await Promise.all(opening);
    expect(loads).toBe(2);
    expect(core.openDocumentCount).toBe(1);

    // Both are on the same document, which holds the change.
    const answer = second.inbox.next(isAnswer);
    fromSecond.message(requestMessage());
    expect(textOf(readSync(await answer)!.payload)).toBe("written just before leaving");
    const relayed = third.inbox.next(isRelay);
    clientDoc(fromSecond.message).getText("body").insert(0, "together: ");
    expect(textOf(readSync(await relayed)!.payload)).toBe("together: ");
  });
});

describe("many people editing at once", () => {
  let running: CollabTestServer;
  beforeAll(async () => {
    // Documents without a policy behind them: editable by every signed-in person.
    running = await startCollabServer({ documentState: async () => EDITABLE });
  });
  afterAll(() => running.stop());

  const sameState = (docs: Y.Doc[]) => {
    const vectors = docs.map((doc) =>
      JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b)),
    );
    const texts = docs.map((doc) => draftTextOf(doc));
    return vectors.every((v) => v === vectors[0]) && texts.every((t) => t === texts[0]);
  };

  it("converge, and the store holds exactly what they converged on, with every author", async () => {
    const documentName = "policy-draft.convergence";
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => signedInResident(`Editor ${i}`)));
    const editors = people.map((person) => http.openEditor(running.base, documentName, person.cookie));
    await Promise.all(editors.map((editor) => editor.synced));
    // One paragraph, made by the first editor before the others start typing into it.
    const docs = editors.map((editor) => editor.doc);
    draftParagraph(docs[0]);
    await whenDocs(docs, () => docs.every((doc) => doc.getXmlFragment("default").length === 1));

    const alphabet = "条例第一二三款项市民议事 abcdefgh,.";
    const random = (n: number) => Math.floor(Math.random() * n);
    await Promise.all(
      editors.map(async ({ doc }) => {
        const text = draftParagraph(doc);
        for (let i = 0; i < 80; i++) {
          if (text.length > 0 && random(4) === 0) {
            const at = random(text.length);
            text.delete(at, Math.min(1 + random(4), text.length - at));
          } else
            text.insert(
              random(text.length + 1),
              Array.from({ length: 1 + random(4) }, () => alphabet[random(alphabet.length)]).join(""),
            );
          // Yields to the event loop a random number of times, so that the editors' changes and
          // the server's messages interleave differently on every run.
          for (let turns = random(4); turns > 0; turns--) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    await whenDocs(docs, () => sameState(docs));
    const converged = draftTextOf(docs[0]);
    expect(converged.length).toBeGreaterThan(0);

    // Every change reached the others only after it was stored, so the store holds them all now.
    expect(await storedDraftText(documentName)).toBe(converged);
    const authors = await db.documentUpdate.groupBy({ by: ["authorId"], where: { documentName } });
    expect(authors.map((row) => row.authorId).sort()).toEqual(people.map((person) => person.userId).sort());

    // After everyone has left, the document is unloaded; a newcomer loads the same text.
    for (const editor of editors) editor.provider.destroy();
    await vi.waitFor(() => expect(running.collab.openDocumentCount).toBe(0), { timeout: 10_000, interval: 20 });
    await running.collab.settled();
    const newcomer = await signedInResident("Newcomer");
    const reader = rawClient(running.base, documentName, newcomer.cookie);
    await reader.opened;
    expect(await serverText(reader)).toBe(converged);
    reader.socket.close();

    // Compaction leaves one row per author (all in one editing period) and the same text.
    await compactDocument(documentName, new Date(Date.now() + 1000));
    const compacted = await db.documentUpdate.findMany({ where: { documentName } });
    expect(compacted.map((row) => row.authorId).sort()).toEqual(people.map((person) => person.userId).sort());
    expect(await storedDraftText(documentName)).toBe(converged);
  });
});

describe("compaction", () => {
  it("merges each author's changes within an editing period, keeping the text at every pause, the authors and their times", async () => {
    const documentName = "policy-draft.compaction";
    const [alice, bob] = await Promise.all([newResident(), newResident()]);
    // Alice and Bob edit together for a minute; after a pause Alice edits alone.
    const start = new Date("2026-01-05T09:00:00Z").getTime();
    const edits: Array<{ author: string; second: number; text: string }> = [
      ...Array.from({ length: 30 }, (_, i) => ({
        author: i % 3 === 0 ? bob.userId : alice.userId,
        second: i * 2,
        text: `${i % 10}`,
      })),
      ...Array.from({ length: 10 }, (_, i) => ({
        author: alice.userId,
        second: 60 + EDITING_PAUSE_MS / 1000 + 5 + i,
        text: "x",
      })),
    ];
    const docs = new Map([alice.userId, bob.userId].map((id) => [id, new Y.Doc()]));
    const shared = new Y.Doc();
    let afterFirstPeriod = "";
    for (const [index, edit] of edits.entries()) {
      const doc = docs.get(edit.author)!;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(shared));
      const before = Y.encodeStateVector(doc);
      doc.getText("body").insert(doc.getText("body").length, edit.text);
      const update = Y.encodeStateAsUpdate(doc, before);
      Y.applyUpdate(shared, update);
      await storeUpdates(documentName, [{ update, authorId: edit.author, at: new Date(start + edit.second * 1000) }]);
      if (index === 29) afterFirstPeriod = shared.getText("body").toString();
    }
    const final = shared.getText("body").toString();

    const removed = await compactDocument(documentName, new Date(start + 3_600_000));
    expect(removed).toBe(40 - 3);
    const rows = await db.documentUpdate.findMany({ where: { documentName }, orderBy: { id: "asc" } });
    expect(
      rows.map(({ authorId, changes, createdAt, lastAt }) => ({
        authorId,
        changes,
        from: createdAt.getTime() - start,
        to: lastAt.getTime() - start,
      })),
    ).toEqual([
      { authorId: bob.userId, changes: 10, from: 0, to: 54_000 },
      { authorId: alice.userId, changes: 20, from: 2_000, to: 58_000 },
      { authorId: alice.userId, changes: 10, from: 95_000, to: 104_000 },
    ]);
    expect(await storedText(documentName)).toBe(final);
    // The text at the pause is the rows up to the first period's last one.
    expect(textOf(Y.mergeUpdates(rows.slice(0, 2).map((row) => row.update)))).toBe(afterFirstPeriod);
    // A second pass finds nothing more to merge.
    expect(await compactDocument(documentName, new Date(start + 3_600_000))).toBe(0);
  });

  it("leaves changes newer than the cut-off alone", async () => {
    const documentName = "policy-draft.compaction-recent";
    const alice = await newResident();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    for (const letter of "abcd") doc.getText("body").insert(0, letter);
    const now = Date.now();
    await storeUpdates(
      documentName,
      updates.map((update, i) => ({ update, authorId: alice.userId, at: new Date(now - (i < 2 ? 120_000 : 0) + i) })),
    );
    expect(await compactDocument(documentName, new Date(now - 60_000))).toBe(1);
    expect(await db.documentUpdate.count({ where: { documentName } })).toBe(3);
    expect(await storedText(documentName)).toBe("dcba");
  });
});

describe("a crash", () => {
  it("(kill -9 of the collaboration server) loses nothing another client has seen", async () => {
    const documentName = "policy-draft.crash";
    // The process runs the forum's own hooks: the draft is a policy in open consultation.
    const department = await db.department.create({ data: { slug: "crash", nameZh: "测试局", nameEn: "Test Bureau" } });
    await db.policy.create({ data: { id: "crash", title: "Crash", departmentId: department.id, status: "open" } });
    const [writer, watcher, newcomer] = await Promise.all([
      signedInResident("Writer"),
      signedInResident("Watcher"),
      signedInResident("Newcomer"),
    ]);
    const port = await freePort();
    const child = await startCollabProcess(port);
    const base = `http://127.0.0.1:${port}`;
    try {
      const alice = http.openEditor(base, documentName, writer.cookie);
      const bob = http.openEditor(base, documentName, watcher.cookie);
      await Promise.all([alice.synced, bob.synced]);
      // Many small changes, as typing sends them; the process is killed the moment Bob has
      // seen the last one, while the server may still be busy with its own work.
      const text = draftParagraph(alice.doc);
      for (let i = 0; i < 200; i++) text.insert(text.length, i % 2 ? "议" : "a");
      const expected = draftTextOf(alice.doc);
      await http.textArrives(bob, expected);
      child.kill("SIGKILL");
      alice.provider.destroy();
      bob.provider.destroy();
      await new Promise((resolve) => child.once("exit", resolve));

      const restarted = await startCollabProcess(port);
      try {
        const reader = rawClient(base, documentName, newcomer.cookie);
        await reader.opened;
        expect(await serverText(reader)).toBe(expected);
        // A stop (SIGTERM) closes the sockets and exits cleanly.
        const exited = new Promise<number | null>((resolve) => restarted.once("exit", (code) => resolve(code)));
        restarted.kill("SIGTERM");
        expect(await exited).toBe(0);
        expect((await reader.closed).code).toBe(1006);
      } finally {
        restarted.kill("SIGKILL");
      }
    } finally {
      child.kill("SIGKILL");
    }
  });
});
