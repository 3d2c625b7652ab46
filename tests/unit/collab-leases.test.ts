// Document leases against this machine's Redis (docs/decisions/0038): two collaboration cores,
// as two instances of the forum, never serve one document at once.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { afterAll, describe, expect, it } from "vitest";
import { RedisDocumentLeases } from "~/features/collab/leases.server";
import { formatDocumentName, type DocumentName } from "~/shared/collab";
import { CLOSE_CODES, CollabServer, type CollabHooks } from "../../collab-server/core";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-leases-${randomBytes(6).toString("hex")}`;
const made: RedisDocumentLeases[] = [];

function instance(lifeMs = 3000) {
  const leases = new RedisDocumentLeases(REDIS_URL, { prefix, lifeMs });
  made.push(leases);
  const stored: Uint8Array[] = [];
  const hooks: CollabHooks<string> = {
    onAuthenticate: async () => null,
    onLoadDocument: async () => {},
    onStoreUpdates: async (_name, changes) => void stored.push(...changes.map(({ update }) => update)),
    onAcquire: (name) => leases.acquire(formatDocumentName(name)),
    onRelease: (name) => leases.release(formatDocumentName(name)),
  };
  const collab = new CollabServer(hooks);
  leases.onLost(() => collab.giveUp(name));
  return { leases, collab, stored };
}

const name: DocumentName = { kind: "policy-draft", id: `lease${randomBytes(4).toString("hex")}` };

async function connect(collab: CollabServer<string>) {
  const closed: number[] = [];
  const sent: Uint8Array[] = [];
  const handlers = await collab.connect(
    { send: (message) => sent.push(message), close: (code) => closed.push(code ?? 1000) },
    name,
    "write",
    "someone",
  );
  return { handlers, closed, sent };
}

function change(text: string) {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(encoder);
}

const redis = new Redis(REDIS_URL);
const leaseKey = `${prefix}collab-lease:${formatDocumentName(name)}`;

afterAll(async () => {
  await Promise.all(made.map((leases) => leases.close()));
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe("document leases across instances", () => {
  it("let a second instance refuse a document's sockets while the first serves it, and take it once the first lets go", async () => {
    const [a, b] = [instance(), instance()];
    const onA = await connect(a.collab);
    expect(onA.closed).toEqual([]);
    expect(await redis.get(leaseKey)).toBe(a.leases.token);

    const onB = await connect(b.collab);
    expect(onB.closed).toEqual([CLOSE_CODES.heldElsewhere]);
    expect(b.collab.openDocumentCount).toBe(0);
    // Two sockets at once on the second instance: both refused, and nothing loaded there.
    const both = await Promise.all([connect(b.collab), connect(b.collab)]);
    expect(both.map(({ closed }) => closed)).toEqual([[CLOSE_CODES.heldElsewhere], [CLOSE_CODES.heldElsewhere]]);

    // A compaction on the second instance leaves the served document alone.
    expect(await b.leases.whileHeld(formatDocumentName(name), async () => "compacted")).toBeNull();

    await onA.handlers.close();
    await a.collab.settled();
    expect(await redis.get(leaseKey)).toBeNull();
    const again = await connect(b.collab);
    expect(again.closed).toEqual([]);
    expect(await redis.get(leaseKey)).toBe(b.leases.token);
    await again.handlers.close();
    await b.collab.settled();
  });

  it("close every socket of a document whose lease was lost, with the reconnect code, after storing what it accepted", async () => {
    const a = instance(600);
    const onA = await connect(a.collab);
    onA.handlers.message(change("kept"));
    await expect.poll(() => a.stored.length).toBe(1);
    // Another instance holds it now (as after a long pause of this one): this one must let go.
    await redis.set(leaseKey, "another-instance", "PX", 10_000);
    await expect.poll(() => onA.closed, { timeout: 5000 }).toEqual([CLOSE_CODES.heldElsewhere]);
    expect(a.collab.openDocumentCount).toBe(0);
    // And its unload does not delete the other instance's lease.
    await a.collab.settled();
    expect(await redis.get(leaseKey)).toBe("another-instance");
    await redis.del(leaseKey);
  });

  it("keep renewing a lease while its document is served, past the lease's life", async () => {
    const [a, b] = [instance(300), instance(300)];
    const onA = await connect(a.collab);
    // Three lives later the first still holds it (renewed, not set again): the second is still refused.
    const start = Date.now();
    await expect
      .poll(async () => Date.now() - start > 900 && (await redis.get(leaseKey)) === a.leases.token, { timeout: 5000 })
      .toBe(true);
    expect((await connect(b.collab)).closed).toEqual([CLOSE_CODES.heldElsewhere]);
    expect(onA.closed).toEqual([]);
    await onA.handlers.close();
    await a.collab.settled();
  });
});
