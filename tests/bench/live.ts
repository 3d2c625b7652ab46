// npm run bench:live [-- --quick] — the push channel of live pages (docs/decisions/0011).
//
// One live interview session watched by many viewers over GET /live (5,000; 1,000 with
// --quick), held by simulated viewers in two child processes (raw HTTP GETs parsing frames,
// tests/bench/support/live-viewers.ts). The demo official publishes answers through the answer
// action (40, one every 1.5 s; 10 with --quick), and the benchmark reports the delay to
// receipt over every viewer and answer (p50/p95/p99), counted from the official's submit (what a
// viewer waits for after the click) and from the server's publish (the push channel alone). In
// the same run the same viewers hold streams from a bare Node broadcast server
// (tests/bench/support/bare-broadcast.ts: no app, no database) that publishes the same
// payloads; each answer goes to the forum and to the bare server in turn (alternating which is
// first), each once the previous one has reached every viewer. The figure to watch is our p95
// divided by the bare server's (target ≤ 1.25). Meanwhile residents (200; 50 with --quick) ask
// and vote through the session page's real actions, as a browser with JavaScript sends them,
// each about every 10 s (5 s with --quick): accepted questions/s, p95 response times, and whether the database holds
// exactly what was accepted. Last, the moderation page of a session of 200 waiting questions:
// its size and response time (targets: under 300 KB, p95 under 200 ms) and approving one
// question as the page's script sends it (target: p95 under 100 ms).
//
// Options: --viewers N, --answers N, --residents N, --think-ms N (a resident's pause),
// --answer-every-ms N, --driver synthetic (the push channel alone: a topic of the benchmark's
// own published over IPC, no action), --forum-path P (viewers open P instead, to compare another
// endpoint), --profile (a CPU profile of the forum during the answers).
//
// The forum runs as `npm start` runs it (production build, demo city, fresh SQLite database in
// a temp directory), with these settings raised, as any installation expecting thousands of
// viewers would: MAX_CONNECTIONS_PER_ADDRESS (every simulated viewer comes from 127.0.0.1,
// which the benchmark does not treat as a trusted proxy: TRUST_PROXY=false), MAX_CONNECTIONS
// and LIVE_MAX_STREAMS, and the per-account question and vote limits (a simulated resident acts
// far more often than a person). A benchmark, not a test: it fails only when a payload never
// arrives or the database disagrees with what was accepted.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "../processes";
import { cpuSeconds, delaysOf, percentile, Viewers } from "./support/live-harness";
import { forumDriver, type ForumDriver } from "./support/live-drivers";
import { writeProfile } from "./support/write-profile";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
// --profile: the forum writes a CPU profile of the broadcast (not the start-up) to .cache/bench/live-forum.cpuprofile.
const profile = args.includes("--profile");
const profileFile = join(ROOT, ".cache", "bench", "live-forum.cpuprofile");
const option = (name: string) =>
  args[args.indexOf(name) + 1] && args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const settings = {
  viewers: Number(option("--viewers") ?? (quick ? 1000 : 5000)),
  answers: Number(option("--answers") ?? (quick ? 10 : 40)),
  residents: Number(option("--residents") ?? (quick ? 50 : 200)),
  /** The official publishes an answer this often (the two servers' deliveries of it fit in between). */
  answerEveryMs: Number(option("--answer-every-ms") ?? 1500),
  /** About how long each resident waits between two actions (0.5–1.5 times this). */
  thinkMs: Number(option("--think-ms") ?? (quick ? 5_000 : 10_000)),
  viewerProcesses: 2,
  /** Longest wait for one payload to reach every viewer before it counts as lost for the rest. */
  deliveryTimeoutMs: 30_000,
};
const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx"];
const now = () => performance.timeOrigin + performance.now();

const scratch = mkdtempSync(join(tmpdir(), "forum-bench-live-"));
const databaseUrl = `file:${join(scratch, "forum.db")}`;
const children: ChildProcess[] = [];
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

/** Starts a server process (with an IPC channel) and resolves with its base URL once it listens. */
function startServer(
  script: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeFlags, script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.push(child);
  let output = "";
  return new Promise((ok, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) ok({ url: url.replace("localhost", "127.0.0.1"), child });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      onData(chunk);
      process.stderr.write(chunk);
    });
    child.once("exit", (code) => fail(new Error(`${script} exited (${code}) before listening:\n${output}`)));
  });
}

/** When each event was published, as the server process reports it over IPC (performance.timeOrigin + now). */
function publishTimes(child: ChildProcess) {
  const times = new Map<number, number>();
  child.on("message", (message: { published?: { id: number; at: number } }) => {
    if (message.published) times.set(message.published.id, message.published.at);
  });
  return times;
}

/**
 * What the forum sent for this answer, as a viewer received it; before the forum has sent it (the
 * bare server goes first every other answer), the forum's first answer with this one's marker.
 */
function samePayload(viewers: Viewers, marker: number) {
  const own = viewers.samples.get(`forum:${marker}`);
  if (own) return own;
  const first = viewers.samples.get("forum:1")!;
  return { event: first.event, data: first.data.replace(/bench-marker-\d+/g, `bench-marker-${marker}`) };
}

/** The bare server's publish: the same payload, as one POST. */
async function publishBare(bare: string, { event, data }: { event: string; data: string }): Promise<number> {
  const sentAt = now();
  const response = await fetch(`${bare}/publish`, { method: "POST", body: JSON.stringify({ type: event, data }) });
  if (response.status !== 204) throw new Error(`the bare server answered ${response.status}`);
  return sentAt;
}

const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;

async function main() {
  const began = Date.now();
  const driverName = option("--driver") ?? "interviews";
  const forumEnv = {
    DATABASE_URL: databaseUrl,
    SEED_DEMO: "true",
    TRUST_PROXY: "false",
    MAX_CONNECTIONS: "20000",
    // Viewers, and residents with up to three requests each at once (an action, then two loaders).
    MAX_CONNECTIONS_PER_ADDRESS: String(settings.viewers + settings.residents * 4 + 500),
    LIVE_MAX_STREAMS: String(settings.viewers + 1000),
    LIVE_MAX_STREAMS_PER_VISITOR: String(settings.viewers + 1000),
    // Each simulated resident acts far more often than a person would (every two seconds for the
    // whole run): the forum's per-account limits would refuse most of it.
    RATE_LIMIT_QUESTIONS_PER_ACCOUNT: "100000",
    RATE_LIMIT_VOTES_PER_ACCOUNT: "100000",
    ...(profile ? { BENCH_PROFILE: profileFile } : {}),
  };
  const [bare, forum] = await Promise.all([
    startServer("tests/bench/support/bare-broadcast.ts", {}),
    startServer("tests/bench/support/live-forum-server.ts", forumEnv),
  ]);
  const publishedAt = { forum: publishTimes(forum.child), bare: publishTimes(bare.child) };
  const driver: ForumDriver = await forumDriver(driverName, {
    base: forum.url,
    child: forum.child,
    databaseUrl,
    residents: settings.residents,
    answers: settings.answers,
    thinkMs: settings.thinkMs,
  });
  console.log(
    `${settings.viewers} viewers in ${settings.viewerProcesses} processes, ${settings.answers} answers, ${driver.residents ? settings.residents : 0} residents asking and voting` +
      ` (${driver.description})${quick ? " (--quick)" : ""}`,
  );

  const viewers = new Viewers(settings.viewerProcesses, children);
  const opening = now();
  const opened = await viewers.open([
    { name: "forum", url: `${forum.url}${option("--forum-path") ?? driver.viewerPath}`, count: settings.viewers },
    { name: "bare", url: `${bare.url}/events`, count: settings.viewers },
  ]);
  console.log(
    `viewers    forum: ${opened.forum.open} open, ${opened.forum.refused} refused, ${opened.forum.failed} failed; bare: ${opened.bare.open} open, ${opened.bare.refused} refused, ${opened.bare.failed} failed (${((now() - opening) / 1000).toFixed(1)} s to open)`,
  );

  // What holding the streams costs with nothing published (heartbeats, timers, viewer counts).
  const idleSeconds = quick ? 3 : 10;
  const idleBefore = { forum: cpuSeconds(forum.child.pid!), bare: cpuSeconds(bare.child.pid!) };
  await new Promise((done) => setTimeout(done, idleSeconds * 1000));
  console.log(
    `idle       CPU while holding the streams, nothing published, over ${idleSeconds} s: forum ${(cpuSeconds(forum.child.pid!) - idleBefore.forum).toFixed(2)} s, bare ${(cpuSeconds(bare.child.pid!) - idleBefore.bare).toFixed(2)} s`,
  );

  const residents = driver.residents?.start();
  // The residents are busy before the first answer, not only after it.
  if (residents) await new Promise((done) => setTimeout(done, Math.min(settings.thinkMs, 5_000)));
  const sentAt = { forum: new Map<number, number>(), bare: new Map<number, number>() };
  const lost: string[] = [];
  const officialMs: number[] = [];
  const cpuBefore = { forum: cpuSeconds(forum.child.pid!), bare: cpuSeconds(bare.child.pid!) };
  const harnessCpuBefore = {
    viewers: viewers.processes.reduce((sum, child) => sum + cpuSeconds(child.pid!), 0),
    driver: process.cpuUsage(),
  };
  if (profile) forum.child.kill("SIGUSR2");
  const broadcastStart = now();
  for (let n = 1; n <= settings.answers; n++) {
    const slot = broadcastStart + (n - 1) * settings.answerEveryMs;
    if (now() < slot) await new Promise((done) => setTimeout(done, slot - now()));
    const order = n % 2 ? (["forum", "bare"] as const) : (["bare", "forum"] as const);
    for (const target of order) {
      const arrived = viewers.delivered(target, n, settings.deliveryTimeoutMs);
      const sent = target === "forum" ? await driver.publish(n) : await publishBare(bare.url, samePayload(viewers, n));
      sentAt[target].set(n, sent);
      if (target === "forum") officialMs.push(now() - sent);
      if (!(await arrived)) lost.push(`${target} #${n}`);
    }
  }
  const broadcastSeconds = (now() - broadcastStart) / 1000;
  const cpu = {
    forum: cpuSeconds(forum.child.pid!) - cpuBefore.forum,
    bare: cpuSeconds(bare.child.pid!) - cpuBefore.bare,
  };
  const driverCpu = process.cpuUsage(harnessCpuBefore.driver);
  const harnessCpu = {
    viewers: viewers.processes.reduce((sum, child) => sum + cpuSeconds(child.pid!), 0) - harnessCpuBefore.viewers,
    driver: (driverCpu.user + driverCpu.system) / 1e6,
  };
  const residentResults = await residents?.stop();

  const report = await viewers.report();
  // Two starting points: the official's submit (what a viewer waits for after the click: the
  // action's queue and work, then the push) and the server's publish (the push channel alone).
  const fromPublish = (target: "forum" | "bare") =>
    new Map(
      [...sentAt[target].keys()].map((marker) => [
        marker,
        publishedAt[target].get(viewers.samples.get(`${target}:${marker}`)?.id ?? NaN) ?? NaN,
      ]),
    );
  const rows = (["forum", "bare"] as const).flatMap((target) =>
    (["submit", "publish"] as const).map((from) => {
      const { sorted, expected } = delaysOf(
        report[target].receipts,
        from === "submit" ? sentAt[target] : fromPublish(target),
        opened[target].open,
      );
      return {
        target,
        from,
        sorted,
        expected,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
      };
    }),
  );
  for (const row of rows) {
    console.log(
      `${row.target.padEnd(6)}from ${row.from.padEnd(8)} p50 ${ms(row.p50)}  p95 ${ms(row.p95)}  p99 ${ms(row.p99)}  max ${ms(row.sorted[row.sorted.length - 1])}  (${row.sorted.length} of ${row.expected} receipts)`,
    );
  }
  for (const target of ["forum", "bare"] as const) {
    console.log(
      `${target.padEnd(10)} server CPU ${cpu[target].toFixed(1)} s over ${broadcastSeconds.toFixed(0)} s; resets ${report[target].resets}, dropped streams ${report[target].dropped}`,
    );
  }
  console.log(
    `harness    CPU of the simulated viewers ${harnessCpu.viewers.toFixed(1)} s, of this process (official, residents) ${harnessCpu.driver.toFixed(1)} s, on the same ${availableParallelism()} cores`,
  );
  const sortedOfficial = [...officialMs].sort((a, b) => a - b);
  if (driverName === "interviews")
    console.log(
      `official   the answer action's response time p50 ${ms(percentile(sortedOfficial, 50))}  p95 ${ms(percentile(sortedOfficial, 95))} (its publish and broadcast happen within it)`,
    );
  const ratio = (from: "submit" | "publish") =>
    rows.find((row) => row.target === "forum" && row.from === from)!.p95 /
    rows.find((row) => row.target === "bare" && row.from === from)!.p95;
  console.log(
    `ratio      our p95 ÷ bare p95: from submit ${ratio("submit").toFixed(2)}, from publish ${ratio("publish").toFixed(2)} (target ≤ 1.25); viewer-count events received: ${report.forum.viewerEvents}`,
  );
  if (residentResults) {
    for (const line of residentResults.lines) console.log(line);
  }
  if (lost.length)
    console.log(
      `LOST       payloads that did not reach every viewer within ${settings.deliveryTimeoutMs / 1000} s: ${lost.join(", ")}`,
    );

  // The moderation page at Chengdu's scale, with the viewers still connected (docs/decisions/0035).
  const moderationLines = await driver.moderation?.(quick ? 20 : 50);
  for (const line of moderationLines ?? []) console.log(line);

  viewers.close();
  await driver.close?.();
  if (profile) {
    await writeProfile(forum.child, profileFile);
    console.log(
      `profile    the forum's CPU profile of the broadcast: ${profileFile} (tests/bench/support/profile-summary.ts)`,
    );
  }
  console.log(`Took ${Math.round((Date.now() - began) / 1000)} s.`);
  const failed =
    lost.length > 0 ||
    rows.some((row) => row.from === "submit" && row.sorted.length < row.expected) ||
    (residentResults && !residentResults.consistent);
  process.exit(failed ? 1 : 0);
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
