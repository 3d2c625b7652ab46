// The forum as several instances on one PostgreSQL database and one Redis (docs/decisions/0033):
// two instances as child processes, spoken to directly where the test picks the instance, and one
// on a Redis of its own that goes away and comes back. PostgreSQL only: SQLite serves one process.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loadUpdate } from "~/features/collab/store.server";
import { formatDocumentName } from "~/shared/collab";
import { seedDemoCity } from "../../prisma/seed";
import { openEventStream, type OpenStream } from "../event-stream-client";
import { freePort, startProcess } from "../processes";
import { draftTextOf } from "../protocol";
import * as http from "./http";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
// Keys of this file only: other files and other checkouts share the machine's Redis.
const PREFIX = `test-scale-out-${randomBytes(4).toString("hex")}`;

const children: ChildProcess[] = [];
const streams: OpenStream[] = [];

async function startInstance(env: Record<string, string>) {
  const port = await freePort();
  const child = await startProcess(
    ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx", "server.ts"],
    {
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      SEED_DEMO: "false",
      REDIS_KEY_PREFIX: PREFIX,
      ...env,
    },
    "The forum is running at",
  );
  children.push(child);
  return { child, base: `http://127.0.0.1:${port}` };
}

async function watch(base: string, topic: string, headers: Record<string, string> = {}) {
  const stream = await openEventStream(`${base}/live?topic=${topic}`, { headers });
  streams.push(stream);
  expect(stream.status).toBe(200);
  return stream;
}

const liveSession = () =>
  db.interviewSession.findFirstOrThrow({ where: { titleEn: { contains: "Housing Bureau" } }, select: { id: true } });
const publishedQuestion = (sessionId: string) =>
  db.question.findFirstOrThrow({
    where: { sessionId, status: "published", text: { contains: "加装电梯" } },
    select: { id: true },
  });

async function answer(base: string, cookie: string, sessionId: string, questionId: string, text: string) {
  const response = await http.post(
    base,
    `/interviews/${sessionId}/console`,
    { intent: "answer", questionId, text, submissionKey: randomBytes(18).toString("base64url") },
    { cookie },
  );
  expect(response.status).toBe(302);
}

const hasQuestionWith = (stream: OpenStream, text: string) =>
  stream.frames.some((frame) => frame.event === "question" && frame.data.includes(text));

async function readiness(base: string) {
  const response = await fetch(`${base}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { ready: boolean; checks: Record<string, string> },
  };
}

const onPostgres = process.env.TEST_DATABASE === "postgresql";
beforeAll(async () => {
  if (onPostgres) await seedDemoCity(db);
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  if (!onPostgres) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.runIf(onPostgres)("two instances on one Redis", () => {
  let a: string;
  let b: string;
  let official: string;
  beforeAll(async () => {
    [{ base: a }, { base: b }] = await Promise.all([startInstance({ REDIS_URL }), startInstance({ REDIS_URL })]);
    official = (await http.logInOverHttp(a, "official@demo.city", "demo-official-2026")).cookie;
  });

  it("deliver an answer published on one instance to a live page connected to the other", async () => {
    const { id } = await liveSession();
    const question = await publishedQuestion(id);
    const onB = await watch(b, `interviews.session.${id}`);
    const text = `Answered on A, read on B (${randomBytes(4).toString("hex")}).`;
    await answer(a, official, id, question.id, text);
    await expect.poll(() => hasQuestionWith(onB, text), { timeout: 1000, interval: 20 }).toBe(true);
  });

  it("give a page that reconnects to the other instance with Last-Event-ID every event it missed, in order", async () => {
    const { id } = await liveSession();
    const question = await publishedQuestion(id);
    const onA = await watch(a, `interviews.session.${id}`);
    const first = `Seen on A (${randomBytes(4).toString("hex")}).`;
    await answer(a, official, id, question.id, first);
    const seen = await onA.find((frame) => frame.event === "question" && frame.data.includes(first));
    onA.close();

    const missed = [1, 2, 3].map((n) => `Missed ${n} (${randomBytes(4).toString("hex")}).`);
    // Published on both instances: their ids come from one counter.
    for (const [n, text] of missed.entries()) await answer(n % 2 ? b : a, official, id, question.id, text);

    const onB = await watch(b, `interviews.session.${id}`, { "Last-Event-ID": seen.id! });
    const replayed = await onB.count(3, "question");
    expect(onB.frames.some((frame) => frame.event === "reset")).toBe(false);
    // Each event carries the question with all its answers; the newest is the one it announces.
    const newestAnswer = (data: string) =>
      (JSON.parse(data) as { question: { answers: Array<{ text: string }> } }).question.answers.at(-1)!.text;
    expect(replayed.slice(0, 3).map((frame) => newestAnswer(frame.data))).toEqual(missed);
    const ids = replayed.slice(0, 3).map((frame) => Number(frame.id));
    expect(ids.every((eventId, n) => eventId > (n ? ids[n - 1] : Number(seen.id)))).toBe(true);
  });

  it("never replay, from either instance, what a moderator edited out", async () => {
    const { id } = await liveSession();
    const question = await publishedQuestion(id);
    const before = await watch(b, `interviews.session.${id}`);
    const moderator = (await http.logInOverHttp(a, "moderator@demo.city", "demo-moderator-2026")).cookie;
    const edit = (text: string) =>
      http.post(
        a,
        `/interviews/${id}/moderate`,
        { intent: "edit", questionId: question.id, text, editReason: "personalData" },
        { cookie: moderator },
      );
    expect((await edit("加装电梯的补贴怎么申请？请打13912345678联系我。")).status).toBe(302);
    const leaked = await before.find((frame) => frame.event === "question" && frame.data.includes("13912345678"));
    expect((await edit("加装电梯的补贴怎么申请？")).status).toBe(302);

    for (const base of [a, b]) {
      const resumed = await watch(base, `interviews.session.${id}`, { "Last-Event-ID": String(Number(leaked.id) - 1) });
      await resumed.find((frame) => frame.event === "question" && frame.data.includes(question.id));
      expect(resumed.frames.some((frame) => frame.data.includes("13912345678"))).toBe(false);
    }
  });

  it("bring a moderator's restore, made on one instance, to the editors of the instance holding the draft", async () => {
    // A seeded draft whose first revision differs from its text now.
    const candidates = await db.revision.findMany({
      where: { number: 1 },
      select: { policyId: true, text: true },
    });
    let chosen: { policyId: string; text: string } | undefined;
    for (const candidate of candidates) {
      const newest = await db.revision.findFirst({
        where: { policyId: candidate.policyId },
        orderBy: { number: "desc" },
        select: { number: true, text: true },
      });
      if (newest && newest.number > 1 && newest.text !== candidate.text) chosen = candidate;
    }
    expect(chosen).toBeDefined();
    const resident = (await http.logInOverHttp(b, "resident@demo.city", "demo-resident-2026")).cookie;
    const editor = http.openEditor(b, formatDocumentName({ kind: "policy-draft", id: chosen!.policyId }), resident);
    await editor.synced;
    const before = draftTextOf(editor.doc);
    expect(before).not.toBe(chosen!.text);

    const moderator = (await http.logInOverHttp(a, "moderator@demo.city", "demo-moderator-2026")).cookie;
    const restored = await http.post(
      a,
      `/policies/${chosen!.policyId}/history`,
      { intent: "restore", revision: "1" },
      { cookie: moderator },
    );
    expect(restored.status).toBe(302);
    await expect.poll(() => draftTextOf(editor.doc), { timeout: 5000 }).not.toBe(before);
    // What the editor on B shows is what was stored: whichever instance loads the draft next sees
    // the same. (A reader on A is sent back to B while B holds the draft: docs/decisions/0038.)
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await loadUpdate(formatDocumentName({ kind: "policy-draft", id: chosen!.policyId })))!);
    expect(draftTextOf(editor.doc)).toBe(draftTextOf(stored));
    editor.provider.destroy();
  });

  it("show the whole forum's viewers on each instance", async () => {
    const { id } = await liveSession();
    const topic = `interviews.session.${id}`;
    const onA = await watch(a, topic);
    const onB = await watch(b, topic);
    const counts = (stream: OpenStream) =>
      stream.frames.filter((frame) => frame.event === "viewers").map((frame) => JSON.parse(frame.data).count);
    // At least these two (streams of earlier tests may still be open).
    await expect.poll(() => Math.max(0, ...counts(onB)), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => Math.max(0, ...counts(onA)), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  });
});

describe.runIf(onPostgres)("an instance whose Redis goes away", () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  const startRedis = async () => {
    redis = spawn("redis-server", ["--port", String(redisPort), "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const client = new Redis(redisPort, { lazyConnect: true, retryStrategy: () => 100 });
    client.on("error", () => {});
    await expect.poll(() => client.ping().catch(() => null), { timeout: 10_000 }).toBe("PONG");
    client.disconnect();
  };
  const stopRedis = () =>
    new Promise<void>((resolve) => {
      redis!.once("exit", () => resolve());
      redis!.kill("SIGKILL");
    });
  afterAll(() => redis?.kill("SIGKILL"));

  it("keeps serving its own visitors, says so on /readyz, and tells its pages to reload when Redis is back", async () => {
    redisPort = await freePort();
    await startRedis();
    const { base } = await startInstance({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    await expect.poll(async () => (await readiness(base)).status, { timeout: 10_000 }).toBe(200);
    const { id } = await liveSession();
    const question = await publishedQuestion(id);
    const page = await watch(base, `interviews.session.${id}`);
    const official = (await http.logInOverHttp(base, "official@demo.city", "demo-official-2026")).cookie;

    await stopRedis();
    await expect.poll(async () => (await readiness(base)).status, { timeout: 10_000 }).toBe(503);
    expect((await readiness(base)).body.checks.redis).toMatch(/unreachable/);
    expect((await fetch(`${base}/interviews/${id}`)).status).toBe(200);
    const during = `Answered while Redis was away (${randomBytes(4).toString("hex")}).`;
    await answer(base, official, id, question.id, during);
    await expect.poll(() => hasQuestionWith(page, during), { timeout: 5000 }).toBe(true);

    await startRedis();
    await expect.poll(async () => (await readiness(base)).status, { timeout: 15_000 }).toBe(200);
    // What other instances published meanwhile never came: the page reloads what it shows.
    const reset = await page.find((frame) => frame.event === "reset");
    const after = `Answered once Redis was back (${randomBytes(4).toString("hex")}).`;
    await answer(base, official, id, question.id, after);
    await expect.poll(() => hasQuestionWith(page, after), { timeout: 5000 }).toBe(true);
    const last = page.frames.filter((frame) => frame.id).at(-1)!;
    expect(Number(last.id)).toBeGreaterThan(Number(reset.id));
  });
});
