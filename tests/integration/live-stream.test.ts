// The push channel for live pages (GET /live, docs/decisions/0011) on the real server, spoken to
// as a browser's EventSource does, plus Chromium's own EventSource for the reconnection. The
// topics here are declared by this test process only: production declares none of them.
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { resolve } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { isModerator } from "~/shared/roles";
import { seedDemoCity } from "../../prisma/seed";
import { builtServices } from "../../server";
import { openEventStream, type EventFrame, type OpenStream } from "../event-stream-client";
import * as http from "./http";
import { newResident } from "./helpers";

// Requests must be whole within a second here: a stream must outlive that by far.
process.env.HEADERS_TIMEOUT_MS = "1000";
process.env.REQUEST_TIMEOUT_MS = "1000";

// The bus, topics and streams of the server this file starts: the build's, not app/ source.
const { declareLiveTopics, eventStreams, eventStreamSettingsFromEnv, live, withdrawLiveTopics } = await builtServices();

type Events = { note: { n: number } };
const open = declareLiveTopics<Events>({
  name: "test.open",
  authorise: (key) => (key === "missing" ? "unknown" : "allow"),
  countViewers: true,
});
const queue = declareLiveTopics<Events>({
  name: "test.queue",
  authorise: async (_key, viewer) => (isModerator(await viewer()) ? "allow" : "deny"),
});
afterAll(() => ["test.open", "test.queue"].forEach(withdrawLiveTopics));

// The demo city, for its live interview session: the push channel through a real feature.
beforeAll(() => seedDemoCity(db));
let base: string;
http.withRealServer((url) => (base = url));

const newKey = () => randomBytes(6).toString("hex");
const streams: OpenStream[] = [];
afterAll(() => streams.forEach((stream) => stream.close()));

function url(topics: string[], after?: number) {
  const query = new URLSearchParams(topics.map((topic) => ["topic", topic]));
  if (after !== undefined) query.set("after", String(after));
  return `${base}/live?${query}`;
}

async function watch(topics: string[], options: { after?: number; headers?: Record<string, string> } = {}) {
  const stream = await openEventStream(url(topics, options.after), { headers: options.headers });
  streams.push(stream);
  return stream;
}

const notes = (frames: EventFrame[]) =>
  frames.filter((frame) => frame.event === "note").map((frame) => (JSON.parse(frame.data) as { n: number }).n);
const publishNotes = (key: string, from: number, to: number) => {
  for (let n = from; n < to; n++) open.publish(key, "note", { n });
};

describe("a live stream", () => {
  it("delivers a topic's events in order, each once, with the site's headers and nothing cached", async () => {
    const key = newKey();
    const stream = await watch([open.topic(key)], { after: await live.lastEventId() });
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(stream.headers["cache-control"]).toBe("no-store");
    expect(stream.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(stream.headers["x-content-type-options"]).toBe("nosniff");
    expect(stream.parser.retry).toBeGreaterThan(0);

    publishNotes(key, 0, 5);
    open.publish(newKey(), "note", { n: 99 }); // another topic's event is not this stream's
    const frames = await stream.count(5, "note");
    expect(notes(frames)).toEqual([0, 1, 2, 3, 4]);
    const ids = frames.map((frame) => Number(frame.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(5);
  });

  it("is not held back by compression: a frame arrives while the stream stays open", async () => {
    const key = newKey();
    const stream = await watch([open.topic(key)], { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(stream.headers["content-encoding"]).toBeUndefined();
    const arrived = stream.next((frame) => frame.event === "note");
    open.publish(key, "note", { n: 1 });
    expect(notes([await arrived])).toEqual([1]);
    const stillOpen = await Promise.race([stream.ended.then(() => false), Promise.resolve(true)]);
    expect(stillOpen).toBe(true);
  });

  it("gives a reconnection with Last-Event-ID exactly the events it missed, then the new ones", async () => {
    const key = newKey();
    const loadedAt = await live.lastEventId();
    publishNotes(key, 0, 2); // published between the page's load and its stream
    const first = await watch([open.topic(key)], { after: loadedAt });
    const seen = await first.count(2, "note");
    expect(notes(seen)).toEqual([0, 1]);
    first.close();

    publishNotes(key, 2, 5);
    // The page's URL still says ?after=<load>; the header the browser adds on reconnecting wins.
    const again = await watch([open.topic(key)], { after: loadedAt, headers: { "Last-Event-ID": seen[1].id! } });
    expect(notes(await again.count(3, "note"))).toEqual([2, 3, 4]);
    publishNotes(key, 5, 6);
    expect(notes(await again.count(4, "note"))).toEqual([2, 3, 4, 5]);
  });

  it("merges the replay of several topics by id, so that the last id it sends is the newest", async () => {
    const [a, b] = [newKey(), newKey()];
    const after = await live.lastEventId();
    open.publish(a, "note", { n: 1 });
    open.publish(b, "note", { n: 2 });
    open.publish(a, "note", { n: 3 });
    const stream = await watch([open.topic(a), open.topic(b)], { after });
    expect(notes(await stream.count(3, "note"))).toEqual([1, 2, 3]);
  });

  it("tells a page whose resume point is no longer held to reload, and then carries on live", async () => {
    const key = newKey();
    const stream = await watch([open.topic(key)], { after: await live.lastEventId() });
    publishNotes(key, 0, 1);
    const [seen] = await stream.count(1, "note");
    stream.close();
    publishNotes(key, 1, 260); // more than the 200 the bus keeps for a topic

    const again = await watch([open.topic(key)], { headers: { "Last-Event-ID": seen.id! } });
    const [reset] = await again.count(1);
    expect(reset.event).toBe("reset");
    expect(Number(reset.id)).toBe(await live.lastEventId());
    publishNotes(key, 260, 261);
    expect(notes(await again.count(1, "note"))).toEqual([260]);
    expect(again.frames.filter((frame) => frame.event === "note")).toHaveLength(1);

    // An id from before this server started (a restart lost what came between) is no resume point either.
    const stale = await watch([open.topic(key)], { headers: { "Last-Event-ID": "12345" } });
    expect((await stale.count(1))[0].event).toBe("reset");
  });

  it("outlives the request timeout", async () => {
    const key = newKey();
    const stream = await watch([open.topic(key)]);
    // A request opened after the stream that never finishes its body: once the server has closed
    // it for the request timeout, the stream has been open for longer than that timeout.
    const unfinished = connect(Number(new URL(base).port), "127.0.0.1");
    unfinished.on("error", () => {});
    let timedOut = false;
    unfinished.once("close", () => (timedOut = true));
    unfinished.write("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nemail=");
    unfinished.resume();
    await vi.waitFor(() => expect(timedOut).toBe(true), { timeout: 10_000, interval: 50 });
    expect(await Promise.race([stream.ended.then(() => "ended"), Promise.resolve("open")])).toBe("open");
    open.publish(key, "note", { n: 7 });
    expect(notes([await stream.next((frame) => frame.event === "note")])).toEqual([7]);
  });

  it("sends a heartbeat comment on a quiet stream", async () => {
    const streamsHere = eventStreams();
    streamsHere.configure({ ...eventStreamSettingsFromEnv(), heartbeatMs: 100 });
    try {
      const stream = await watch([open.topic(newKey())]);
      await vi.waitFor(() => expect(stream.parser.comments).toBeGreaterThan(0), { timeout: 5_000 });
    } finally {
      streamsHere.configure(eventStreamSettingsFromEnv());
    }
  });
});

describe("who may watch", () => {
  it("refuses an unknown topic (404), a topic the person may not watch (403) and a malformed request (400)", async () => {
    const key = newKey();
    expect((await watch(["nothing.here.x"])).status).toBe(404);
    expect((await watch([open.topic("missing")])).status).toBe(404);
    expect((await watch([queue.topic(key)])).status).toBe(403);
    // One refused topic refuses the stream, whatever else it asks for.
    expect((await watch([open.topic(key), queue.topic(key)])).status).toBe(403);
    expect((await watch(["not a topic\n"])).status).toBe(404);
    expect((await watch([])).status).toBe(400);
    expect((await watch([open.topic(key)], { headers: { "Last-Event-ID": "yesterday" } })).status).toBe(400);
    const resident = await newResident();
    const { cookie } = await http.logInOverHttp(base, resident.email, resident.password);
    expect((await watch([queue.topic(key)], { headers: { cookie } })).status).toBe(403);
  });

  it("lets a moderator watch the queue, and ends the stream when their login ends", async () => {
    const moderator = await newResident();
    await db.role.create({ data: { userId: moderator.userId, name: "moderator" } });
    const { cookie } = await http.logInOverHttp(base, moderator.email, moderator.password);
    const key = newKey();
    const stream = await watch([queue.topic(key), open.topic(key)], { headers: { cookie } });
    expect(stream.status).toBe(200);
    queue.publish(key, "note", { n: 1 });
    expect(notes(await stream.count(1, "note"))).toEqual([1]);

    const logout = await http.post(base, "/logout", {}, { cookie });
    expect(logout.status).toBe(302);
    await stream.ended;
    expect((await watch([queue.topic(key)], { headers: { cookie } })).status).toBe(403);
  });
});

describe("who may still watch", () => {
  it("keeps a moderator's queue open while they stay a moderator, and ends it once the role is revoked", async () => {
    const streamsHere = eventStreams();
    streamsHere.configure({ ...eventStreamSettingsFromEnv(), heartbeatMs: 100, personalStreamMs: 200 });
    try {
      const moderator = await newResident();
      const role = await db.role.create({ data: { userId: moderator.userId, name: "moderator" } });
      const { cookie } = await http.logInOverHttp(base, moderator.email, moderator.password);
      const key = newKey();
      const stream = await watch([queue.topic(key)], { headers: { cookie } });
      expect(stream.status).toBe(200);
      // Several checks pass meanwhile; the same connection carries the queue on.
      await vi.waitFor(() => expect(stream.parser.comments).toBeGreaterThan(10), { timeout: 10_000 });
      queue.publish(key, "note", { n: 1 });
      expect(notes(await stream.count(1, "note"))).toEqual([1]);

      await db.role.delete({ where: { userId_name: { userId: role.userId, name: role.name } } });
      await stream.ended;
      expect(notes(stream.frames)).toEqual([1]);
    } finally {
      streamsHere.configure(eventStreamSettingsFromEnv());
    }
  });
});

describe("the streams of the process", () => {
  it("forget a stream and its subscription once the client has gone", async () => {
    const topic = open.topic(newKey());
    const stream = await watch([topic]);
    expect(eventStreams().viewerCount(topic)).toBe(1);
    expect(live.listenerCount(topic)).toBe(1);
    stream.close();
    await vi.waitFor(() => expect(eventStreams().viewerCount(topic)).toBe(0));
    expect(live.listenerCount(topic)).toBe(0);
    expect(eventStreams().topicCounts()).not.toHaveProperty(topic);
  });

  it("tell the watchers how many they are, when it changes", async () => {
    const topic = open.topic(newKey());
    const first = await watch([topic]);
    const second = await watch([topic]);
    const counts = (stream: OpenStream) =>
      stream.frames
        .filter((frame) => frame.event === "viewers")
        .map((frame) => JSON.parse(frame.data) as { topic: string; count: number });
    await vi.waitFor(() => expect(counts(first).at(-1)).toEqual({ topic, count: 2 }), { timeout: 10_000 });
    expect(counts(second).at(-1)).toEqual({ topic, count: 2 });
    // A count carries no id: it must not move the page's resume point.
    expect(first.frames.filter((frame) => frame.event === "viewers").every((frame) => frame.id === undefined)).toBe(
      true,
    );
    second.close();
    await vi.waitFor(() => expect(counts(first).at(-1)).toEqual({ topic, count: 1 }), { timeout: 10_000 });
  });

  it("cut off a viewer that does not read, instead of holding every frame for it", async () => {
    const streamsHere = eventStreams();
    streamsHere.configure({ ...eventStreamSettingsFromEnv(), maxUnreadBytes: 64 * 1024 });
    try {
      const key = newKey();
      const topic = open.topic(key);
      const socket = connect(Number(new URL(base).port), "127.0.0.1");
      socket.on("error", () => {});
      socket.write(`GET /live?topic=${topic} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      socket.pause(); // and never reads
      await vi.waitFor(() => expect(streamsHere.viewerCount(topic)).toBe(1));
      const big = "x".repeat(64 * 1024);
      // Until the kernel's buffers are full too, the frames are not the process's to hold.
      for (let n = 0; n < 400 && streamsHere.viewerCount(topic) > 0; n++) {
        live.publish(topic, { n, big }, { type: "note" });
        await new Promise((done) => setImmediate(done));
      }
      expect(streamsHere.viewerCount(topic)).toBe(0);
      socket.destroy();
    } finally {
      streamsHere.configure(eventStreamSettingsFromEnv());
    }
  });

  it("answer 503 with Retry-After beyond the configured number of streams", async () => {
    const streamsHere = eventStreams();
    streamsHere.configure({ ...eventStreamSettingsFromEnv(), maxStreams: streamsHere.openStreams + 1 });
    try {
      const topic = open.topic(newKey());
      expect((await watch([topic])).status).toBe(200);
      const refused = await watch([topic]);
      expect(refused.status).toBe(503);
      expect(refused.headers["retry-after"]).toBe("10");
      expect(await refused.body).toContain("Too many live connections");
    } finally {
      streamsHere.configure(eventStreamSettingsFromEnv());
    }
  });
});

describe("an interview session's topics", () => {
  const liveSession = () =>
    db.interviewSession.findFirstOrThrow({ where: { titleEn: { contains: "Housing Bureau" } }, select: { id: true } });

  it("let anyone follow a session, only moderators its queue, and nobody a session that does not exist", async () => {
    const { id } = await liveSession();
    expect((await watch([`interviews.session.${id}`])).status).toBe(200);
    expect((await watch(["interviews.session.nosuchsession"])).status).toBe(404);
    expect((await watch([`interviews.queue.${id}`])).status).toBe(403);
    const { cookie } = await http.logInOverHttp(base, "moderator@demo.city", "demo-moderator-2026");
    expect((await watch([`interviews.queue.${id}`, `interviews.session.${id}`], { headers: { cookie } })).status).toBe(
      200,
    );
  });

  it("carry an official's answer, published through the answering console, to a visitor's open stream", async () => {
    const { id } = await liveSession();
    const question = await db.question.findFirstOrThrow({
      where: { sessionId: id, status: "published", text: { contains: "加装电梯" } },
      select: { id: true },
    });
    const stream = await watch([`interviews.session.${id}`], { after: await live.lastEventId() });
    const { cookie } = await http.logInOverHttp(base, "official@demo.city", "demo-official-2026");
    const answer = `The subsidy is paid within 30 days of the inspection (${newKey()}).`;
    const response = await http.post(
      base,
      `/interviews/${id}/console`,
      { intent: "answer", questionId: question.id, text: answer, submissionKey: randomBytes(18).toString("base64url") },
      { cookie },
    );
    expect(response.status).toBe(302);
    const frame = await stream.find((candidate) => candidate.event === "question" && candidate.data.includes(answer));
    const { question: published } = JSON.parse(frame.data) as {
      question: { id: string; answers: Array<{ text: string; mode: string }> };
    };
    expect(published.id).toBe(question.id);
    expect(published.answers.at(-1)).toMatchObject({ text: answer, mode: "live" });
  });
});

// Chromium's own EventSource, through the page code (live-connection.ts) bundled as the app
// bundles it. The database plays no part, so this runs in the SQLite project only.
describe.runIf(process.env.TEST_DATABASE !== "postgresql")("in Chromium", () => {
  let browser: Browser;
  let connectionScript: string;
  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [resolve(import.meta.dirname, "../../app/features/live/live-connection.ts")],
      bundle: true,
      format: "iife",
      globalName: "forumLive",
      write: false,
      target: "es2020",
      footer: { js: "window.forumLive = forumLive;" },
    });
    connectionScript = bundled.outputFiles[0].text;
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  async function livePage(topic: string, after: number) {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(connectionScript);
    await page.evaluate(
      ({ topic, after }) => {
        const page = window as unknown as {
          received: unknown[];
          states: string[];
          forumLive: typeof import("~/features/live/live-connection");
        };
        page.received = [];
        page.states = [];
        new page.forumLive.LiveConnection({
          topics: [topic],
          after,
          types: ["note"],
          onEvent: (type, data, id) => page.received.push({ type, data, id }),
          onState: (state) => page.states.push(state),
        }).start();
      },
      { topic, after },
    );
    // The notes only: a viewer count may arrive between them whenever the count is sent.
    const received = () =>
      page.evaluate(() =>
        (window as unknown as { received: Array<{ type: string; data: { n: number }; id: number }> }).received.filter(
          (event) => event.type === "note",
        ),
      );
    const states = () => page.evaluate(() => (window as unknown as { states: string[] }).states);
    return { page, received, states };
  }

  it("catches up after a dropped connection: EventSource reconnects by itself with Last-Event-ID", async () => {
    const key = newKey();
    const { page, received, states } = await livePage(open.topic(key), await live.lastEventId());
    await vi.waitFor(async () => expect(await states()).toContain("live"), { timeout: 10_000 });
    publishNotes(key, 0, 2);
    await vi.waitFor(async () => expect(await received()).toHaveLength(2), { timeout: 10_000 });

    eventStreams().endAll(); // the connection drops (a restart, a proxy, a tunnel)
    publishNotes(key, 2, 5); // while the page is away
    await vi.waitFor(async () => expect((await received()).length).toBeGreaterThanOrEqual(5), { timeout: 15_000 });
    const events = await received();
    expect(events.map((event) => event.data.n)).toEqual([0, 1, 2, 3, 4]);
    expect(events.map((event) => event.id)).toEqual([...events.map((event) => event.id)].sort((a, b) => a - b));
    expect(await states()).toEqual(["connecting", "live", "reconnecting", "live"]);
    await page.close();
  });

  it("tries again by itself when the server refuses it for a while (503), then catches up", async () => {
    const key = newKey();
    const { page, received, states } = await livePage(open.topic(key), await live.lastEventId());
    await vi.waitFor(async () => expect(await states()).toContain("live"), { timeout: 10_000 });
    const streamsHere = eventStreams();
    streamsHere.configure({ ...eventStreamSettingsFromEnv(), maxStreams: 0 });
    try {
      streamsHere.endAll();
      publishNotes(key, 0, 3);
      // EventSource gives up on a 503; the page's connection keeps trying after a pause.
      await vi.waitFor(
        async () =>
          expect((await states()).filter((state) => state === "reconnecting").length).toBeGreaterThanOrEqual(2),
        { timeout: 15_000 },
      );
    } finally {
      streamsHere.configure(eventStreamSettingsFromEnv());
    }
    await vi.waitFor(async () => expect((await received()).map((event) => event.data.n)).toEqual([0, 1, 2]), {
      timeout: 20_000,
    });
    expect((await states()).at(-1)).toBe("live");
    await page.close();
  });
});
