// A rolling restart under load: two instances behind nginx (deploy/nginx.conf, as
// `npm run start:cluster` writes it), each stopped with SIGTERM and started again in turn while
// residents ask and vote, an official answers, visitors load pages and live pages follow the
// session, all through nginx. Nothing is lost: every question and vote the forum accepted is in
// the database, every live page (reconnecting with Last-Event-ID, as a browser does) has every
// answer, and nobody got a 5xx (nginx sends a request the stopping instance did not take to the
// other). PostgreSQL only: instances share a database.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { lucia, SESSION_COOKIE } from "~/features/accounts/auth.server";
import { FAIL_TIMEOUT_SECONDS, findNginx, writeNginxConfig } from "../../deploy/cluster";
import { seedDemoCity } from "../../prisma/seed";
import { openEventStream, type OpenStream } from "../event-stream-client";
import { freePort, startProcess } from "../processes";
import * as http from "./http";

const onPostgres = process.env.TEST_DATABASE === "postgresql";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `test-rolling-${randomBytes(4).toString("hex")}`;
const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx"];
const submissionKey = () => randomBytes(18).toString("base64url");

/** Whether anything holds an open TCP connection to this local port (Linux /proc/net/tcp). */
function connectedTo(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return ["/proc/net/tcp", "/proc/net/tcp6"].some((file) => {
    try {
      return readFileSync(file, "utf8")
        .split("\n")
        .slice(1)
        .some((line) => {
          const [, local, , state] = line.trim().split(/\s+/);
          return local?.endsWith(hex) && state === "01";
        });
    } catch {
      return false;
    }
  });
}

/** A live page as a browser keeps it: when its stream ends, it reconnects with Last-Event-ID. */
function followLive(url: string) {
  const texts = new Set<string>();
  let lastId: string | undefined;
  let stream: OpenStream | undefined;
  let stopped = false;
  let reconnects = 0;
  const refusals: number[] = [];
  const run = async () => {
    while (!stopped) {
      try {
        stream = await openEventStream(url, {
          headers: lastId ? { "Last-Event-ID": lastId } : {},
          onFrame: (frame) => {
            if (frame.id) lastId = frame.id;
            if (frame.event === "question") texts.add(frame.data);
          },
        });
        if (stream.status !== 200) refusals.push(stream.status);
        else await stream.ended;
      } catch {
        // refused while nginx had no instance to send to: try again, as EventSource does
      }
      if (!stopped) {
        reconnects++;
        // The stream's retry hint from a stopping instance is 1 s; a second is what a browser waits.
        await sleep(stream?.parser.retry ?? 1000);
      }
    }
  };
  const running = run();
  return {
    has: (text: string) => [...texts].some((data) => data.includes(text)),
    refusals,
    reconnects: () => reconnects,
    stop: async () => {
      stopped = true;
      stream?.close();
      await running;
    },
  };
}

describe.runIf(onPostgres)("a rolling restart behind nginx", () => {
  const ports: number[] = [];
  let balancer: string;
  let nginx: ChildProcess | undefined;
  let runDir = "";
  const instances: Array<ChildProcess | undefined> = [];
  const env = () => ({
    DATABASE_URL: process.env.DATABASE_URL!,
    REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    SEED_DEMO: "false",
    DRAIN_SECONDS: "10",
    RATE_LIMIT_QUESTIONS_PER_ACCOUNT: "100000",
    RATE_LIMIT_VOTES_PER_ACCOUNT: "100000",
  });
  const startInstance = async (n: number) => {
    instances[n] = await startProcess(
      [...NODE_FLAGS, "server.ts"],
      { ...env(), PORT: String(ports[n + 1]) },
      "The forum is running at",
    );
  };
  const stopInstance = (n: number) =>
    new Promise<number | null>((done) => {
      const child = instances[n]!;
      child.once("exit", (code) => done(code));
      child.kill("SIGTERM");
    });

  beforeAll(async () => {
    await seedDemoCity(db);
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    await Promise.all([startInstance(0), startInstance(1)]);
    const written = writeNginxConfig(ports[0], ports.slice(1));
    runDir = written.runDir;
    nginx = spawn(findNginx()!, ["-p", runDir, "-c", written.configFile], { stdio: ["ignore", "inherit", "inherit"] });
    balancer = `http://127.0.0.1:${ports[0]}`;
    // nginx starts in the background: wait until it answers.
    for (let tries = 0; tries < 100; tries++) {
      if (
        await fetch(`${balancer}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }
  });

  afterAll(async () => {
    nginx?.kill("SIGQUIT");
    for (const child of instances) if (child && child.exitCode === null) child.kill("SIGKILL");
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("loses no question, vote or answer and answers no 5xx while each instance is stopped and started in turn", async () => {
    const session = await db.interviewSession.findFirstOrThrow({
      where: { titleEn: { contains: "Housing Bureau" } },
      select: { id: true },
    });
    const page = `/interviews/${session.id}`;
    const published = await db.question.findMany({
      where: { sessionId: session.id, status: "published" },
      select: { id: true },
    });
    const official = (await http.logInOverHttp(balancer, "official@demo.city", "demo-official-2026")).cookie;
    const residents = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const user = await db.user.create({
          data: {
            email: `rolling-${i}-${randomBytes(3).toString("hex")}@example.org`,
            displayName: `Rolling ${i}`,
            consentVersion: "test",
            consentedAt: new Date(),
          },
        });
        const cookie = `${SESSION_COOKIE}=${(await lucia.createSession(user.id, { userAgent: "test" })).id}`;
        return { id: user.id, cookie };
      }),
    );
    const viewers = Array.from({ length: 8 }, () =>
      followLive(`${balancer}/live?topic=interviews.session.${session.id}`),
    );

    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const failures: string[] = [];
    let asked = 0;
    let voted = 0;
    const answers: string[] = [];
    let running = true;
    const post = (path: string, fields: Record<string, string>, cookie: string) =>
      http.post(balancer, path, fields, { cookie, "Accept-Language": "en" });

    const residentLoop = async (resident: (typeof residents)[number], i: number) => {
      const toVote = published.map((question) => question.id).sort(() => Math.random() - 0.5);
      let n = 0;
      while (running) {
        try {
          if (n++ % 2 === 0 || !toVote.length) {
            const response = await post(
              page,
              {
                intent: "ask",
                type: "suggestion",
                text: `Rolling restart question ${i}.${n}`,
                submissionKey: submissionKey(),
              },
              resident.cookie,
            );
            count(response.status);
            if (response.status === 302) asked++;
          } else {
            const response = await post(
              page,
              { intent: "vote", questionId: toVote.pop()!, vote: "add" },
              resident.cookie,
            );
            count(response.status);
            if (response.status === 302) voted++;
          }
        } catch (error) {
          failures.push(String(error));
        }
        await sleep(50);
      }
    };
    const pageLoop = async () => {
      while (running) {
        try {
          const response = await fetch(`${balancer}${page}`, { headers: { "Accept-Language": "en" } });
          await response.arrayBuffer();
          count(response.status);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const officialLoop = async () => {
      let n = 0;
      while (running) {
        const text = `Rolling restart answer ${++n} (${randomBytes(3).toString("hex")})`;
        try {
          const response = await post(
            `${page}/console`,
            { intent: "answer", questionId: published[n % published.length]!.id, text, submissionKey: submissionKey() },
            official,
          );
          count(response.status);
          if (response.status === 302) answers.push(text);
        } catch (error) {
          failures.push(String(error));
        }
        await sleep(300);
      }
    };
    const load = Promise.all([...residents.map(residentLoop), pageLoop(), pageLoop(), officialLoop()]);

    // The rolling restart, as docs/deploy.md tells an operator: each instance in turn stops
    // (finishing what it serves) and starts again; the next one stops only once nginx sends to
    // the restarted one again (it leaves an instance that refused out for fail_timeout, and
    // stopping the other before then would leave it none).
    for (const n of [0, 1]) {
      await sleep(1000);
      expect(await stopInstance(n)).toBe(0);
      await startInstance(n);
      await expect
        .poll(() => connectedTo(ports[n + 1]!), { timeout: FAIL_TIMEOUT_SECONDS * 1000 + 20_000, interval: 100 })
        .toBe(true);
    }
    await sleep(1000);
    running = false;
    await load;

    expect(failures).toEqual([]);
    const serverErrors = [...statuses].filter(([status]) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect(asked).toBeGreaterThan(0);
    expect(voted).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(3);
    const residentIds = residents.map((resident) => resident.id);
    expect(await db.question.count({ where: { askerId: { in: residentIds } } })).toBe(asked);
    expect(await db.questionVote.count({ where: { userId: { in: residentIds } } })).toBe(voted);
    // Every live page has every answer, through its reconnections to the other instance.
    await expect
      .poll(() => viewers.every((viewer) => answers.every((text) => viewer.has(text))), { timeout: 10_000 })
      .toBe(true);
    expect(Math.min(...viewers.map((viewer) => viewer.reconnects()))).toBeGreaterThan(0);
    expect(viewers.flatMap((viewer) => viewer.refusals)).toEqual([]);
    await Promise.all(viewers.map((viewer) => viewer.stop()));
  }, 180_000);
});
