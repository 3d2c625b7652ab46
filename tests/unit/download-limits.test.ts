// The bound on downloads running at once (app/http/download-limits.server.ts), on a real HTTP
// server whose download this test finishes when it chooses, so that "running" is not a guess.
import { once } from "node:events";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { limitDownloads } from "~/http/download-limits.server";
import { handleRequestErrors } from "~/http/errors.server";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  server = undefined;
});

/** A forum-shaped app whose downloads stay open until the test ends them. */
async function start(limits: { perAddress: number; total: number }) {
  const open: express.Response[] = [];
  const app = express();
  app.set("trust proxy", "loopback");
  app.use(limitDownloads(limits));
  app.get("/data/:file", (_req, res) => {
    res.type("text/csv").write("id\n");
    open.push(res);
  });
  app.get("/page", (_req, res) => res.send("a page"));
  app.use(
    handleRequestErrors(
      async (_req, _res, status) =>
        new Response(`refused page ${status}`, { headers: { "Content-Type": "text/html" } }),
    ),
  );
  server = createServer(app).listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const get = (path: string, address: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ port, path, headers: { "X-Forwarded-For": address } }, resolve);
      req.on("error", reject).end();
    });
  const body = async (response: IncomingMessage) => {
    let text = "";
    for await (const chunk of response) text += chunk;
    return text;
  };
  return { open, get, body };
}

describe("downloads running at once", () => {
  it("are bounded per visitor: the next is refused at once with 429 and Retry-After, and others are served", async () => {
    const forum = await start({ perAddress: 2, total: 10 });
    const first = await forum.get("/data/a.csv", "203.0.113.1");
    const second = await forum.get("/data/b.json", "203.0.113.1");
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);

    const third = await forum.get("/data/c.csv", "203.0.113.1");
    expect(third.statusCode).toBe(429);
    expect(third.headers["retry-after"]).toBe("10");
    expect(await forum.body(third)).toBe("refused page 429");
    // Another visitor's download, and the same visitor's pages, are not held up.
    expect((await forum.get("/data/d.csv", "203.0.113.2")).statusCode).toBe(200);
    expect((await forum.get("/page", "203.0.113.1")).statusCode).toBe(200);

    // A finished download gives its place back.
    forum.open[0]!.end("1\n");
    expect(await forum.body(first)).toBe("id\n1\n");
    expect((await forum.get("/data/e.csv", "203.0.113.1")).statusCode).toBe(200);
  });

  it("give the place back when the visitor goes away before the end", async () => {
    const forum = await start({ perAddress: 1, total: 10 });
    const first = await forum.get("/data/a.csv", "203.0.113.1");
    expect((await forum.get("/data/b.csv", "203.0.113.1")).statusCode).toBe(429);
    first.destroy();
    await once(forum.open[0]!, "close");
    expect((await forum.get("/data/c.csv", "203.0.113.1")).statusCode).toBe(200);
  });

  it("are bounded for the whole process: past it everyone gets 503 with Retry-After, until one ends", async () => {
    const forum = await start({ perAddress: 5, total: 2 });
    expect((await forum.get("/data/a.csv", "203.0.113.1")).statusCode).toBe(200);
    expect((await forum.get("/data/b.csv", "203.0.113.2")).statusCode).toBe(200);
    const refused = await forum.get("/data/c.csv", "203.0.113.3");
    expect(refused.statusCode).toBe(503);
    expect(refused.headers["retry-after"]).toBe("10");
    forum.open[1]!.end();
    await once(forum.open[1]!, "close");
    expect((await forum.get("/data/c.csv", "203.0.113.3")).statusCode).toBe(200);
  });
});
