// `npm run start:cluster`: nginx in front of two instances, as an operator starts it, and the
// clear refusals when something it needs is missing. PostgreSQL only: instances share a database.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { seedDemoCity } from "../../prisma/seed";
import { openEventStream } from "../event-stream-client";
import { freePort, ROOT } from "../processes";
import * as http from "./http";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `test-cluster-${randomBytes(4).toString("hex")}`;
const onPostgres = process.env.TEST_DATABASE === "postgresql";

function startCluster(env: Record<string, string>, instances = 2) {
  const child = spawn(process.execPath, ["--import", "tsx", "deploy/cluster.ts", "--instances", String(instances)], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL!,
      SEED_DEMO: "false",
      REDIS_KEY_PREFIX: PREFIX,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

/** A port with the next two free as well: the balancer's and the instances'. */
async function freePorts(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65000 && (await portIsFree(port + 1)) && (await portIsFree(port + 2))) return port;
  }
}

describe.runIf(onPostgres)("npm run start:cluster", () => {
  beforeAll(() => seedDemoCity(db));
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("says clearly that Redis is not reachable, and starts nothing", async () => {
    const cluster = startCluster({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      PORT: String(await freePorts()),
    });
    expect(await cluster.exited).toBe(1);
    expect(cluster.output()).toContain("Redis is not reachable at REDIS_URL");
  });

  it("says that it needs PostgreSQL, not SQLite", async () => {
    const cluster = startCluster({ REDIS_URL, DATABASE_URL: "file:./data/forum.db", PORT: String(await freePorts()) });
    expect(await cluster.exited).toBe(1);
    expect(cluster.output()).toContain("DATABASE_URL must name a PostgreSQL database");
  });

  it("serves the forum through nginx and on each instance, carries live events across them, and stops everything on SIGTERM", async () => {
    const port = await freePorts();
    const cluster = startCluster({ REDIS_URL, PORT: String(port) });
    try {
      await expect
        .poll(() => cluster.output().includes("start:cluster: the forum is running"), {
          timeout: 120_000,
          interval: 200,
        })
        .toBe(true);
      const [balancer, first, second] = [port, port + 1, port + 2].map((p) => `http://127.0.0.1:${p}`);
      for (const base of [balancer, first, second]) expect((await fetch(`${base}/readyz`)).status).toBe(200);

      // A page watching through the balancer gets an answer given on the second instance.
      const { id } = await db.interviewSession.findFirstOrThrow({
        where: { titleEn: { contains: "Housing Bureau" } },
        select: { id: true },
      });
      const question = await db.question.findFirstOrThrow({
        where: { sessionId: id, status: "published" },
        select: { id: true },
      });
      const stream = await openEventStream(`${balancer}/live?topic=interviews.session.${id}`);
      expect(stream.status).toBe(200);
      const official = (await http.logInOverHttp(second, "official@demo.city", "demo-official-2026")).cookie;
      const text = `Through nginx (${randomBytes(4).toString("hex")}).`;
      const answered = await http.post(
        second,
        `/interviews/${id}/console`,
        { intent: "answer", questionId: question.id, text, submissionKey: randomBytes(18).toString("base64url") },
        { cookie: official },
      );
      expect(answered.status).toBe(302);
      await stream.find((frame) => frame.event === "question" && frame.data.includes(text));
      stream.close();

      cluster.child.kill("SIGTERM");
      expect(await cluster.exited).toBe(0);
      for (const p of [port, port + 1, port + 2]) expect(await portIsFree(p)).toBe(true);
    } finally {
      cluster.child.kill("SIGKILL");
    }
  });
});
