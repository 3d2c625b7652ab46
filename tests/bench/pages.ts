// Page serving benchmark (docs/decisions/0006): the forum against a bare Remix app on the same packages,
// both started in this one run on this machine, so that the ratio means something on a shared,
// noisy machine. Run with `npm run bench:pages` (about 3 minutes) or `-- --quick` (under a
// minute, for CI). `-- --profile` also writes a CPU profile of the forum under load, after the
// warm-up, to .cache/bench/forum.cpuprofile (for tests/bench/support/profile-summary.ts);
// `-- --only /account` loads only the forum pages whose path is given (and the bare app).
//
// The forum runs as `npm start` runs it: production build, a fresh SQLite database in a temp
// directory, the demo city seeded. The load generator is autocannon (20 connections, no
// pipelining, `Accept-Language: en`, no compression asked for). Runs alternate between the
// apps, and every forum figure is divided by the bare app's figures just before and after it.
// The targets are printed, not enforced: this is a benchmark, not a test. The exit code is
// non-zero only when a page answers wrongly (an error, a redirect, a page without its marker).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeProfile } from "./support/write-profile";
import { CONNECTIONS, load, signIn, type Run } from "./support/page-load";

const ROOT = resolve(import.meta.dirname, "..", "..");
const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const profile = args.has("--profile");
const only = process.argv.slice(2).filter((arg, index, all) => all[index - 1] === "--only");
const WARM_UP_SECONDS = quick ? 2 : 4;
const SECONDS = quick ? 3 : 8;
const ROUNDS = quick ? 1 : 3;
// 0 lets the system pick free ports; BENCH_PORT=3420 uses 3420 and 3421.
const PORT_BASE = Number(process.env.BENCH_PORT ?? 0);
const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx"];

interface Target {
  name: string;
  app: "bare" | "forum";
  path: string;
  /** Text that only the right page has: a redirect to the login page or an error page fails. */
  marker: string;
  signedIn?: boolean;
  /** For a page whose address the demo seed makes up (an id): the link to it on a list page. */
  linkedFrom?: { path: string; text: string };
  /** The least requests/s as a share of the bare app's, from docs/decisions/0006. */
  target?: number;
}

const ALL_TARGETS: Target[] = [
  { name: "bare Remix app /", app: "bare", path: "/", marker: "<h1>Hello</h1>" },
  { name: "forum / (anonymous)", app: "forum", path: "/", marker: 'id="home-title"', target: 0.4 },
  {
    name: "forum /data-policy (anonymous)",
    app: "forum",
    path: "/data-policy",
    marker: 'id="policy-title"',
    target: 0.4,
  },
  {
    name: "forum /account (resident)",
    app: "forum",
    path: "/account",
    marker: "Auntie Zhang",
    signedIn: true,
    target: 0.3,
  },
  {
    name: "forum live interview (anonymous)",
    app: "forum",
    path: "/interviews/live",
    linkedFrom: { path: "/interviews", text: "Online interview with the Housing Bureau" },
    marker: 'class="live-status"',
    target: 0.4,
  },
];
const TARGETS = ALL_TARGETS.filter((target) => target.app === "bare" || !only.length || only.includes(target.path));

const children: ChildProcess[] = [];
const scratch = mkdtempSync(join(tmpdir(), "forum-bench-"));

/** Stops the servers and waits for them, so that a CPU profile is complete when this returns. */
async function stopServers() {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(running.map((child) => new Promise((done) => child.once("exit", done).kill("SIGTERM"))));
}
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  rmSync(scratch, { recursive: true, force: true });
});

function buildBareApp() {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build", "tests/bench/bare-remix"],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production" },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`the bare Remix app did not build:\n${result.stdout}${result.stderr}`);
}

/** Starts a server process and resolves with its base URL once it says where it listens. */
function start(
  name: string,
  script: string,
  port: number,
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...NODE_FLAGS, script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
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
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`${name} exited (${code}) before listening:\n${output}`)));
  });
}

/** The address of the link with this text on that page (the seed gives sessions random ids). */
async function linkedPath(forum: string, link: { path: string; text: string }): Promise<string> {
  const html = await (await fetch(`${forum}${link.path}`, { headers: { "Accept-Language": "en" } })).text();
  for (const [, href, text] of html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]*)</g))
    if (text.includes(link.text)) return href;
  throw new Error(`${link.path} has no link to "${link.text}"`);
}

function headersFor(target: Target, cookie: string): Record<string, string> {
  return { "Accept-Language": "en", ...(target.signedIn ? { Cookie: cookie } : {}) };
}

async function check(target: Target, url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(target.marker)) {
    throw new Error(`${target.name} answered ${response.status} without "${target.marker}"`);
  }
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main() {
  const began = Date.now();
  buildBareApp();
  const profileFile = join(ROOT, ".cache", "bench", "forum.cpuprofile");
  const [{ url: bare, child: bareProcess }, { url: forum, child: forumProcess }] = await Promise.all([
    start("the bare Remix app", "tests/bench/bare-remix/server.ts", PORT_BASE && PORT_BASE),
    start("the forum", "tests/bench/support/forum-server.ts", PORT_BASE && PORT_BASE + 1, {
      DATABASE_URL: `file:${join(scratch, "forum.db")}`,
      SEED_DEMO: "true",
      ...(profile ? { BENCH_PROFILE: profileFile } : {}),
    }),
  ]);
  const cookie = await signIn(forum);
  const paths = new Map<Target, string>();
  for (const target of TARGETS)
    paths.set(target, target.linkedFrom ? await linkedPath(forum, target.linkedFrom) : target.path);
  const urlOf = (target: Target) => `${target.app === "bare" ? bare : forum}${paths.get(target)}`;
  const pidOf = (target: Target) => (target.app === "bare" ? bareProcess : forumProcess).pid;

  for (const target of TARGETS) await check(target, urlOf(target), headersFor(target, cookie));
  for (const target of TARGETS) await load(urlOf(target), headersFor(target, cookie), WARM_UP_SECONDS);
  if (profile) forumProcess.kill("SIGUSR2");

  // The bare app runs between every two forum pages, and each forum page is divided by the
  // mean of the bare runs just before and after it: the machine is shared, and its load drifts
  // within seconds.
  const [bareTarget, ...forumTargets] = TARGETS;
  const runs = new Map<Target, Run[]>(TARGETS.map((target) => [target, []]));
  const ratios = new Map<Target, number[]>(TARGETS.map((target) => [target, []]));
  const run = async (target: Target) => {
    const result = await load(urlOf(target), headersFor(target, cookie), SECONDS, pidOf(target));
    runs.get(target)!.push(result);
    return result;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...forumTargets].reverse() : forumTargets;
    let before = await run(bareTarget);
    for (const target of order) {
      const own = await run(target);
      const after = await run(bareTarget);
      ratios.get(target)!.push(own.requestsPerSecond / ((before.requestsPerSecond + after.requestsPerSecond) / 2));
      before = after;
    }
  }
  ratios.set(bareTarget, [1]);

  const bareCpu = median(runs.get(bareTarget)!.map((run) => run.cpuPerRequest));
  const rows = TARGETS.map((target) => {
    const own = runs.get(target)!;
    const cpu = median(own.map((run) => run.cpuPerRequest));
    const ratio = median(ratios.get(target)!);
    const verdict =
      target.target === undefined ? "" : `${ratio >= target.target ? "meets" : "MISSES"} ≥ ${target.target}x`;
    return {
      page: target.name,
      "req/s": Math.round(median(own.map((run) => run.requestsPerSecond))),
      "p50 ms": oneDecimal(median(own.map((run) => run.p50))),
      "p95 ms": oneDecimal(median(own.map((run) => run.p95))),
      "p99 ms": oneDecimal(median(own.map((run) => run.p99))),
      "x bare": Number(ratio.toFixed(2)),
      "CPU ms/req": Number(cpu.toFixed(2)),
      "x bare by CPU": Number((bareCpu / cpu).toFixed(2)),
      target: verdict,
    };
  });
  console.log(
    `\n${quick ? "Quick run" : "Full run"}: ${ROUNDS} round(s) of ${SECONDS} s per page, ${CONNECTIONS} connections, medians over runs; ` +
      `"x bare" is req/s divided by the bare app's runs just before and after; ` +
      `"CPU ms/req" is the server process's CPU time per request, and "x bare by CPU" the bare app's ` +
      `divided by it: steadier when other work competes for the cores.`,
  );
  console.table(rows);
  if (profile) await writeProfile(forumProcess, profileFile);
  await stopServers();
  if (profile) console.log(`The forum's CPU profile under load: ${profileFile}`);
  console.log(`Took ${Math.round((Date.now() - began) / 1000)} s.`);
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
