// What one visitor with bad intent can send the forum, and what must still hold afterwards:
// the process keeps serving everyone else and lets go of every socket it no longer needs.
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import { db } from "~/db.server";
import { deleteAccount, revokeAllSessions } from "~/features/accounts/accounts.server";
import * as http from "./http";
import { newAdministrator, newResident, uniqueEmail, uniqueIp } from "./helpers";
import { typeInDraft } from "../protocol";

const PER_ADDRESS = 30;
let running: http.TestServer;
let base: string;

beforeAll(async () => {
  // Connections from 127.0.0.1 count per address here (no trusted proxy in front), and a
  // request's headers must arrive within a second.
  process.env.TRUST_PROXY = "false";
  process.env.MAX_CONNECTIONS_PER_ADDRESS = String(PER_ADDRESS);
  process.env.HEADERS_TIMEOUT_MS = "1000";
  running = await http.startTestServer();
  base = running.base;
  // The drafts these tests open belong to policies in open consultation ("x" belongs to none).
  const department = await db.department.create({
    data: { slug: "hardening", nameZh: "测试局", nameEn: "Test Bureau" },
  });
  await db.policy.createMany({
    data: ["frames", "many", "presence", "sessions", "unread"].map((id) => ({
      id,
      title: id,
      departmentId: department.id,
      status: "open",
    })),
  });
});
afterAll(() => http.stopTestServer(running));

const openConnections = () =>
  new Promise<number>((resolve) => running.server.getConnections((_error, count) => resolve(count)));

/** Waits until the server holds no more sockets than before. */
async function connectionsSettle(atMost: number) {
  await vi.waitFor(async () => expect(await openConnections()).toBeLessThanOrEqual(atMost), {
    timeout: 15_000,
    interval: 50,
  });
}

/** Waits until what the observer's editor shows passes the check (presence travels through the server). */
const observed = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(running.port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Sends raw bytes and collects what comes back until the server closes the socket. */
async function exchange(bytes: string): Promise<string> {
  const socket = await rawSocket();
  socket.on("error", () => {});
  let received = "";
  socket.on("data", (chunk) => (received += chunk.toString("latin1")));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(bytes);
  await closed;
  return received;
}

const pageAnswers = async () => (await fetch(`${base}/`)).status;

describe("malformed WebSocket frames", () => {
  it("close only the sender's socket: the forum answers and other editors keep syncing", async () => {
    const resident = await newResident();
    const { cookie } = await http.logInOverHttp(base, resident.email, resident.password);
    const alice = http.openEditor(base, "policy-draft.frames", cookie);
    const bob = http.openEditor(base, "policy-draft.frames", cookie);
    await Promise.all([alice.synced, bob.synced]);

    const frames = {
      // FIN + RSV1 + binary, masked, empty: RSV1 without a negotiated extension.
      rsv1: Buffer.from([0xc2, 0x80, 1, 2, 3, 4]),
      // A binary frame announcing 2^40 bytes, far above the payload limit.
      oversized: Buffer.from([0x82, 0xff, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4]),
      // A reserved opcode.
      badOpcode: Buffer.from([0x83, 0x80, 1, 2, 3, 4]),
    };
    for (const frame of Object.values(frames)) {
      const attacker = http.openSocket(base, "policy-draft.frames", cookie);
      await attacker.opened;
      (attacker.socket as unknown as { _socket: Socket })._socket.write(frame);
      expect(await attacker.closed).toBeGreaterThanOrEqual(1002);
    }

    expect(await pageAnswers()).toBe(200);
    const arrived = http.textArrives(bob, "still here");
    typeInDraft(alice.doc, "still here");
    await arrived;
    alice.provider.destroy();
    bob.provider.destroy();
  });
});

describe("upgrade requests", () => {
  it("on paths the server does not serve are answered and closed, so no socket is left behind", async () => {
    const before = await openConnections();
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        exchange(
          "GET / HTTP/1.1\r\nHost: forum\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        ),
      ).slice(0, PER_ADDRESS - 5),
    );
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 404/);
    await connectionsSettle(before);
    expect(await pageAnswers()).toBe(200);
  });

  it("on the collaboration path for a draft of no policy are refused with 403 and closed", async () => {
    const answer = await exchange(
      "GET /collab/policy-draft.x HTTP/1.1\r\nHost: forum\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
  });

  it("that never finish their headers are timed out and closed", async () => {
    // The server closes these; the exchange only ends when it does.
    await exchange("GET / HTTP/1.1\r\nHost: forum\r\nUpgrade: websocket\r\n");
    await exchange("GET /collab/policy-draft.x HTTP/1.1\r\n");
    expect(await pageAnswers()).toBe(200);
  });
});

describe("request targets and methods no browser sends", () => {
  it("an upgrade to a target that is no URL is answered with 400 and the forum stays up", async () => {
    const answer = await exchange(
      "GET //[ HTTP/1.1\r\nHost: forum\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(await pageAnswers()).toBe(200);
  });

  it("odd targets and methods get a 4xx page, never a 500", async () => {
    for (const target of ["//a:99999", "//[::1", "//a:b/collab/x", "/%ff", "/%"]) {
      const answer = await exchange(`GET ${target} HTTP/1.1\r\nHost: forum\r\nConnection: close\r\n\r\n`);
      expect(answer, target).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    const trace = await exchange("TRACE / HTTP/1.1\r\nHost: forum\r\nConnection: close\r\n\r\n");
    expect(trace).toMatch(/^HTTP\/1\.1 405/);
  });

  it("a connection that pipelines hundreds of requests without reading is closed, not served them all", async () => {
    const socket = await rawSocket();
    socket.on("error", () => {});
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write("GET /data-policy HTTP/1.1\r\nHost: forum\r\n\r\n".repeat(500));
    await closed;
    expect(await pageAnswers()).toBe(200);
  });
});

describe("open sockets", () => {
  it("are bounded per address: one visitor cannot hold them all", async () => {
    const sockets = await Promise.all(Array.from({ length: PER_ADDRESS + 10 }, () => rawSocket()));
    // Each socket asks for a page; those over the bound are closed without an answer.
    const outcomes = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<"answered" | "closed">((resolve) => {
            socket.on("error", () => {});
            socket.once("data", () => resolve("answered"));
            socket.once("close", () => resolve("closed"));
            socket.write("GET /data-policy HTTP/1.1\r\nHost: forum\r\n\r\n");
          }),
      ),
    );
    expect(outcomes.filter((o) => o === "answered").length).toBeLessThanOrEqual(PER_ADDRESS);
    expect(outcomes.filter((o) => o === "closed").length).toBeGreaterThanOrEqual(10);
    for (const socket of sockets) socket.destroy();
    await connectionsSettle(0);
    expect(await pageAnswers()).toBe(200);
  });
});

describe("request bodies", () => {
  const tooLarge = (language: string) => ({ "Accept-Language": language });

  it("larger than a form's limit get a 413 page in the reader's language, and nothing is saved", async () => {
    const email = uniqueEmail();
    const fields = {
      email,
      displayName: "x".repeat(70_000),
      password: "long enough",
      passwordConfirmation: "long enough",
      consent: "on",
    };
    const zh = await http.post(base, "/register", fields, tooLarge("zh-CN"));
    expect(zh.status).toBe(413);
    expect(await zh.text()).toContain("提交的内容过多");
    const en = await http.post(base, "/register", fields, tooLarge("en"));
    expect(en.status).toBe(413);
    expect(await en.text()).toContain("Too much to send at once");
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("are refused from their announced length, before hundreds of megabytes are read", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${base}/login`,
        {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": String(400 * 1024 * 1024),
            "Accept-Language": "en",
          },
        },
        (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write("email=".padEnd(64 * 1024, "a"));
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("Too much to send at once");
  });

  it("sent in chunks without a length are cut off at the limit too", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${base}/login`,
        {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      const chunk = "a".repeat(16 * 1024);
      for (let i = 0; i < 8; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it("too large in a client-side submission come back as an error Remix shows, not as form data", async () => {
    const response = await http.post(base, "/register?_data=routes%2Fregister", { displayName: "x".repeat(70_000) });
    expect(response.status).toBe(413);
    expect(response.headers.get("x-remix-catch")).toBe("yes");
  });
});

describe("collaboration sockets", () => {
  async function editorSocket() {
    const resident = await newResident();
    const login = await http.logInOverHttp(base, resident.email, resident.password);
    const connection = http.openSocket(base, "policy-draft.sessions", login.cookie);
    await connection.opened;
    return { resident, ...login, ...connection };
  }

  it("close when the person logs out", async () => {
    const editor = await editorSocket();
    await http.post(base, "/logout", {}, { cookie: editor.cookie });
    expect(await editor.closed).toBe(4401);
  });

  it("close when an administrator signs the person out on all devices", async () => {
    const editor = await editorSocket();
    const admin = await newAdministrator();
    expect(await revokeAllSessions(admin.user, editor.resident.userId)).toMatchObject({ ok: true });
    expect(await editor.closed).toBe(4401);
  });

  it("close when the person deletes their account", async () => {
    const editor = await editorSocket();
    expect(await deleteAccount(editor.resident.user, editor.resident.password, uniqueIp())).toMatchObject({ ok: true });
    expect(await editor.closed).toBe(4401);
  });

  it("close when the session ends by any other way, at the next periodic check", async () => {
    const editor = await editorSocket();
    await db.session.deleteMany({ where: { userId: editor.resident.userId } });
    expect(await editor.closed).toBe(4401);
  });
});

describe("one person's collaboration sockets", () => {
  it("are bounded: past twenty open at once, the next is closed", async () => {
    const resident = await newResident();
    const { cookie } = await http.logInOverHttp(base, resident.email, resident.password);
    const sockets = Array.from({ length: 20 }, () => http.openSocket(base, "policy-draft.many", cookie));
    await Promise.all(sockets.map((s) => s.opened));
    const extra = http.openSocket(base, "policy-draft.many", cookie);
    expect(await extra.closed).toBe(4429);
    for (const s of sockets) s.socket.close();
  });

  it("that ask for the document again and again without reading are dropped, not buffered for ever", async () => {
    const resident = await newResident();
    const { cookie } = await http.logInOverHttp(base, resident.email, resident.password);
    const writer = http.openEditor(base, "policy-draft.unread", cookie);
    await writer.synced;
    typeInDraft(writer.doc, "条".repeat(300_000));
    const reader = http.openSocket(base, "policy-draft.unread", cookie);
    await reader.opened;
    const before = await openConnections();
    (reader.socket as unknown as { _socket: Socket })._socket.pause();
    for (let i = 0; i < 40; i++) reader.socket.send(new Uint8Array([0, 0, 1, 0]));
    // The server lets go of the reader's socket: one connection fewer on its side.
    await connectionsSettle(before - 1);
    expect(await pageAnswers()).toBe(200);
    writer.provider.destroy();
  });
});

describe("presence on a shared document", () => {
  it("cannot be published under another connection's client id, and shows the name from the session", async () => {
    const victim = await newResident({ displayName: "Li Na" });
    const attacker = await newResident({ displayName: "Zhang Wei" });
    const victimLogin = await http.logInOverHttp(base, victim.email, victim.password);
    const attackerLogin = await http.logInOverHttp(base, attacker.email, attacker.password);
    const victimEditor = http.openEditor(base, "policy-draft.presence", victimLogin.cookie);
    const observer = http.openEditor(base, "policy-draft.presence", victimLogin.cookie);
    await Promise.all([victimEditor.synced, observer.synced]);
    const victimId = victimEditor.doc.clientID;
    const seenByObserver = (id: number) =>
      observer.provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined;

    victimEditor.provider.awareness.setLocalStateField("user", { name: "Li Na", color: "#336699" });
    await observed(() => expect(seenByObserver(victimId)?.user?.name).toBe("Li Na"));

    // The attacker sends, first, presence under the victim's client id, then its own under a
    // name it made up; the server must drop the first and rename the second.
    const raw = http.openSocket(base, "policy-draft.presence", attackerLogin.cookie);
    await raw.opened;
    const forged = new Y.Doc();
    const forgedAwareness = new awarenessProtocol.Awareness(forged);
    const spoof = (clientId: number, name: string, clock: number) => {
      const states = new Map([[clientId, { user: { name, color: "#ff0000" } }]]);
      forgedAwareness.meta.set(clientId, { clock, lastUpdated: Date.now() });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(forgedAwareness, [clientId], states),
      );
      raw.socket.send(encoding.toUint8Array(encoder));
    };
    spoof(victimId, "Director Wang (I approve this edit)", 1000);
    spoof(forged.clientID, "Director Wang", 1);
    await observed(() => expect(seenByObserver(forged.clientID)).toBeDefined());

    expect(seenByObserver(forged.clientID)?.user?.name).toBe("Zhang Wei");
    expect(seenByObserver(victimId)?.user?.name).toBe("Li Na");

    // One connection cannot fill the room with presence: only a few ids are its own.
    for (let id = 1; id <= 10; id++) spoof(900_000 + id, `extra ${id}`, 1);
    spoof(forged.clientID, "Director Wang", 2); // a last message, to know the others arrived
    await observed(() => expect(seenByObserver(forged.clientID)?.user).toBeDefined());
    const extras = [...observer.provider.awareness.getStates().keys()].filter((id) => id > 900_000 && id <= 900_010);
    expect(extras.length).toBeLessThanOrEqual(3);

    // The victim's connection drops; for a while its id stays theirs, and they get it back.
    victimEditor.provider.disconnect();
    await observed(() => expect(seenByObserver(victimId)).toBeUndefined());
    spoof(victimId, "Director Wang (taken over)", 5000);
    victimEditor.provider.connect();
    victimEditor.provider.awareness.setLocalStateField("user", { name: "Li Na", color: "#336699" });
    await observed(() => expect(seenByObserver(victimId)?.user?.name).toBe("Li Na"));
    raw.socket.close();
    victimEditor.provider.destroy();
    observer.provider.destroy();
  });

  it("carries a name, a colour and a caret that is a position, and nothing else", async () => {
    const attacker = await newResident({ displayName: "Zhang Wei" });
    const reader = await newResident({ displayName: "Li Na" });
    const attackerLogin = await http.logInOverHttp(base, attacker.email, attacker.password);
    const readerLogin = await http.logInOverHttp(base, reader.email, reader.password);
    const observer = http.openEditor(base, "policy-draft.presence", readerLogin.cookie);
    await observer.synced;
    const attackerEditor = http.openEditor(base, "policy-draft.presence", attackerLogin.cookie);
    await attackerEditor.synced;
    const seen = () =>
      observer.provider.awareness.getStates().get(attackerEditor.doc.clientID) as Record<string, unknown> | undefined;
    const caret = { anchor: { tname: "default", assoc: 0 }, head: { item: { client: 1, clock: 2 }, assoc: -1 } };
    const publish = (state: Record<string, unknown>, marker: string) => {
      attackerEditor.provider.awareness.setLocalState({ ...state, user: { name: marker, color: "#123456" } });
    };
    // A caret that names no position makes Yjs throw in every other editor drawing carets; the
    // extra field would reach every page that reads presence.
    publish({ cursor: { anchor: "AAAA", head: { assoc: 0 } }, extra: "<img src=x onerror=alert(1)>" }, "first");
    await observed(() => {
      expect(seen()?.user).toBeDefined();
      expect(seen()?.cursor).toBeUndefined();
    });
    expect(seen()).toEqual({ user: { name: "Zhang Wei", color: "#123456" }, editing: true });
    publish({ cursor: caret }, "second");
    await observed(() => expect(seen()?.cursor).toBeDefined());
    expect(seen()).toEqual({ user: { name: "Zhang Wei", color: "#123456" }, editing: true, cursor: caret });
    attackerEditor.provider.destroy();
    observer.provider.destroy();
  });
});
