// What a load balancer and an operator ask of an instance (/healthz, /readyz), and how it stops
// on SIGTERM: no new visitors, live streams told to come back, requests in flight finished.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { seedDemoCity } from "../../prisma/seed";
import { openEventStream } from "../event-stream-client";
import { freePort, startProcess } from "../processes";
import * as http from "./http";

let base: string;
http.withRealServer((url) => (base = url));

describe("health", () => {
  it("answers /healthz while the process runs", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe("ok\n");
  });

  it("answers /readyz with each check: the database, Redis (not used without REDIS_URL), the migrations", async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      checks: { database: "ok", redis: "not used", leases: "not used", migrations: "ok" },
    });
  });
});

describe("a stop (SIGTERM)", () => {
  const children: Array<Awaited<ReturnType<typeof startProcess>>> = [];
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));
  beforeAll(() => seedDemoCity(db));

  it("finishes the request in flight, ends live streams with a hint to come back, and exits", async () => {
    const port = await freePort();
    const child = await startProcess(
      ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx", "server.ts"],
      { PORT: String(port), DATABASE_URL: process.env.DATABASE_URL!, SEED_DEMO: "false" },
      "The forum is running at",
    );
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const origin = `http://127.0.0.1:${port}`;

    const { id } = await db.interviewSession.findFirstOrThrow({
      where: { titleEn: { contains: "Housing Bureau" } },
      select: { id: true },
    });
    const stream = await openEventStream(`${origin}/live?topic=interviews.session.${id}`);
    expect(stream.status).toBe(200);

    // A form post whose body is half sent when the stop comes.
    const body = "email=nobody%40example.org&password=wrong-password";
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    const answered = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    // Answered after the half request's bytes arrived: by then the server has read its head.
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    child.kill("SIGTERM");
    await expect
      .poll(
        () =>
          fetch(`${origin}/readyz`).then(
            (response) => response.status,
            () => "refused",
          ),
        { timeout: 5000 },
      )
      .not.toBe(200);
    socket.write(body.slice(10));
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 (200|302|400|429) /);
    // The live stream ended, told to come back sooner than usual (to another instance).
    await stream.ended;
    expect(stream.parser.retry).toBe(1000);
    expect(await exited).toBe(0);
  });
});
