// npm run bench:cluster [-- --quick] — the forum as one instance and as two behind nginx, on this
// machine, in one run (docs/deploy.md, docs/decisions/0039).
//
// The forum is started as an operator starts it, `npm run start:cluster -- --instances 2`
// (deploy/cluster.ts: nginx in front, PostgreSQL and Redis behind), on a fresh PostgreSQL database
// seeded with the demo city, and a second nginx on the same configuration sends to the first
// instance only: one start-up serves both configurations. Through each nginx in turn (one
// instance, then two) the same two workloads run, one after the other:
// - live: viewers follow the demo city's live session over /live (3,000; 1,000 with --quick, in two
//   child processes: tests/bench/support/live-viewers.ts), the demo official answers through the
//   console's real action (40 answers; 6 with --quick), and residents ask and vote through the
//   session page's real actions meanwhile (200; 40 with --quick). Delivery is counted from the
//   official's submit to each viewer's receipt, over every viewer and answer.
// - pages: a signed-in resident's /account, loaded by autocannon (40 connections).
// For each it prints p50/p95 delivery, requests/s, and the CPU seconds of the instances, nginx,
// Redis and PostgreSQL (the last two are the machine's, shared with any other work), then the
// 2 ÷ 1 throughput ratio and where the machine's cores went: what limits scaling here.
//
// Needs nginx, PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres:
// a database of the benchmark's own is created beside it and dropped after) and Redis (REDIS_URL,
// default redis://127.0.0.1:6379, keys under a prefix of the run's own). BENCH_PORT=3330 puts the
// two-instance nginx on 3330, the instances on 3331 and 3332, and the one-instance nginx on 3333. A benchmark, not a test: it fails only when a payload
// never arrives, a page answers wrongly, or the database disagrees with what was accepted.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Redis } from "ioredis";
import pg from "pg";
import { findNginx, writeNginxConfig } from "../../deploy/cluster";
import { ROOT } from "../processes";
import { forumDriver } from "./support/live-drivers";
import { cpuSeconds, delaysOf, percentile, Viewers } from "./support/live-harness";
import { load, signIn } from "./support/page-load";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const settings = {
  viewers: quick ? 1000 : 3000,
  answers: quick ? 6 : 40,
  answerEveryMs: quick ? 1000 : 1500,
  residents: quick ? 40 : 200,
  thinkMs: quick ? 3_000 : 10_000,
  pageSeconds: quick ? 4 : 15,
  pageConnections: 40,
  deliveryTimeoutMs: 30_000,
};
const PORT = Number(process.env.BENCH_PORT ?? 3330);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `bench-cluster-${randomBytes(4).toString("hex")}`;
const DATABASE = `bench_cluster_${randomBytes(4).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();

const children: ChildProcess[] = [];
// SIGTERM, not SIGKILL: start:cluster then stops its nginx and instances too.
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
});
// Every simulated viewer and resident comes from 127.0.0.1 (through nginx): the per-visitor
// bounds of nginx and the instances would refuse most of them, as they should a real visitor.
// Read by deploy/cluster.ts's nginx configuration, in start:cluster and for the second nginx here.
// Stopped from outside (Ctrl-C, a CI timeout): through the exit handler above, and the cleanup.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
process.env.CLUSTER_CONNECTIONS_PER_VISITOR = String(settings.viewers * 2 + 2000);

/** Every process whose parent chain leads to `root`, with its command line. */
function descendants(root: number): Array<{ pid: number; command: string }> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended meanwhile
    }
  }
  const found: Array<{ pid: number; command: string }> = [];
  const visit = (pid: number) => {
    for (const [child, parent] of parents)
      if (parent === pid) {
        try {
          found.push({ pid: child, command: readFileSync(`/proc/${child}/cmdline`, "utf8").replaceAll("\0", " ") });
        } catch {
          continue;
        }
        visit(child);
      }
  };
  visit(root);
  return found;
}

/** The processes of a program by name (PostgreSQL's backends, Redis), anyone's. */
function processesNamed(name: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const sumCpu = (pids: number[]) =>
  pids.reduce((sum, pid) => {
    try {
      return sum + cpuSeconds(pid);
    } catch {
      return sum; // a PostgreSQL backend that ended
    }
  }, 0);

/** The whole machine's busy and total CPU seconds so far, from /proc/stat. */
function machineCpu() {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0) / 100;
  const idle = (fields[3] + fields[4]) / 100;
  return { busy: total - idle, total };
}

interface Groups {
  instances: number[];
  nginx: number[];
}

/** CPU seconds used by each group of processes (and the machine) between `start()` and `stop()`. */
function cpuMeter(groups: Groups, harness: () => number) {
  const read = () => ({
    instances: sumCpu(groups.instances),
    nginx: sumCpu(groups.nginx),
    // PostgreSQL's backends come and go: only those alive at both readings are counted.
    redis: sumCpu(processesNamed("redis-server")),
    postgres: processesNamed("postgres"),
    harness: harness(),
    machine: machineCpu(),
    at: performance.now(),
  });
  const before = read();
  const postgresBefore = new Map(before.postgres.map((pid) => [pid, sumCpu([pid])]));
  return () => {
    const after = read();
    const postgres = after.postgres
      .filter((pid) => postgresBefore.has(pid))
      .reduce((sum, pid) => sum + sumCpu([pid]) - postgresBefore.get(pid)!, 0);
    return {
      seconds: (after.at - before.at) / 1000,
      instances: after.instances - before.instances,
      nginx: after.nginx - before.nginx,
      redis: after.redis - before.redis,
      postgres,
      harness: after.harness - before.harness,
      machineBusy: after.machine.busy - before.machine.busy,
      machineTotal: after.machine.total - before.machine.total,
    };
  };
}
type Cpu = ReturnType<ReturnType<typeof cpuMeter>>;

/**
 * `npm run start:cluster -- --instances 2` as an operator runs it, and beside its nginx (PORT,
 * both instances) a second nginx on the same configuration with the first instance only
 * (PORT+3): the two configurations share one start-up (build check, migrations, seeding).
 */
async function startCluster() {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "deploy/cluster.ts", "--instances", "2"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
      SEED_DEMO: "true",
      MAX_CONNECTIONS: "20000",
      MAX_CONNECTIONS_PER_ADDRESS: String(settings.viewers + settings.residents * 4 + 500),
      LIVE_MAX_STREAMS: String(settings.viewers + 1000),
      LIVE_MAX_STREAMS_PER_VISITOR: String(settings.viewers + 1000),
      RATE_LIMIT_QUESTIONS_PER_ACCOUNT: "100000",
      RATE_LIMIT_VOTES_PER_ACCOUNT: "100000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("start:cluster: the forum is running")) ready();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`start:cluster exited (${code}) before serving:\n${output}`)));
  });
  // Keep reading (an unread pipe would stall the instances' logging), show only failures.
  child.stdout!.removeAllListeners("data").resume();
  child.stderr!.removeAllListeners("data").on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (/error|failed/i.test(text) && !/overload:/.test(text)) process.stderr.write(text);
  });
  const processes = descendants(child.pid!);
  const portOf = (pid: number) =>
    Number(/(?:^|\0)PORT=(\d+)/.exec(readFileSync(`/proc/${pid}/environ`, "utf8"))?.[1] ?? NaN);
  const instances = processes
    .filter((p) => p.command.includes("server.ts"))
    .map((p) => p.pid)
    .sort((x, y) => portOf(x) - portOf(y));
  if (instances.length !== 2) throw new Error(`found ${instances.length} instances`);
  const nginx = processes.filter((p) => p.command.startsWith("nginx")).map((p) => p.pid);

  const { runDir, configFile } = writeNginxConfig(PORT + 3, [PORT + 1]);
  const single = spawn(findNginx()!, ["-p", runDir, "-c", configFile], { stdio: ["ignore", "inherit", "inherit"] });
  children.push(single);
  await waitFor(async () => (await fetch(`http://127.0.0.1:${PORT + 3}/healthz`)).ok);
  const singleNginx = [single.pid!, ...descendants(single.pid!).map((p) => p.pid)];

  const stop = async () => {
    await new Promise<void>((done) => single.once("exit", () => done()).kill("SIGQUIT"));
    rmSync(runDir, { recursive: true, force: true });
    await new Promise<void>((done) => {
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  };
  return {
    configurations: [
      { instances: 1, base: `http://127.0.0.1:${PORT + 3}`, groups: { instances: [instances[0]], nginx: singleNginx } },
      { instances: 2, base: `http://127.0.0.1:${PORT}`, groups: { instances, nginx } },
    ],
    stop,
    startSeconds: (performance.now() - startedAt) / 1000,
  };
}

async function waitFor(test: () => Promise<boolean>) {
  for (let tries = 0; tries < 100; tries++) {
    if (await test().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error("the second nginx did not start");
}

interface Result {
  instances: number;
  delivery: { p50: number; p95: number; p99: number; received: number; expected: number };
  liveCpu: Cpu;
  residents: string[];
  consistent: boolean;
  pages: { requestsPerSecond: number; p50: number; p95: number };
  pageCpu: Cpu;
  lost: string[];
}

type Configuration = Awaited<ReturnType<typeof startCluster>>["configurations"][number];

async function runConfiguration(
  { instances, base, groups }: Configuration,
  viewers: Viewers,
  harnessCpu: () => number,
): Promise<Result> {
  const name = `instances-${instances}`;
  const driver = await forumDriver("interviews", {
    base,
    databaseUrl,
    residents: settings.residents,
    answers: settings.answers,
    thinkMs: settings.thinkMs,
    label: `-${name}`,
  });
  const opened = await viewers.open([{ name, url: `${base}${driver.viewerPath}`, count: settings.viewers }]);
  console.log(
    `${instances} instance(s): viewers ${opened[name].open} open, ${opened[name].refused} refused, ${opened[name].failed} failed`,
  );
  const residents = driver.residents!.start();
  const stopLiveCpu = cpuMeter(groups, harnessCpu);
  const sentAt = new Map<number, number>();
  const lost: string[] = [];
  const began = performance.now();
  for (let n = 1; n <= settings.answers; n++) {
    const slot = began + (n - 1) * settings.answerEveryMs;
    if (performance.now() < slot) await new Promise((done) => setTimeout(done, slot - performance.now()));
    const arrived = viewers.delivered(name, n, settings.deliveryTimeoutMs);
    sentAt.set(n, await driver.publish(n));
    if (!(await arrived)) lost.push(`#${n}`);
  }
  const liveCpu = stopLiveCpu();
  const residentResults = await residents.stop();
  const report = await viewers.report();
  viewers.closeTarget(name);
  const { sorted, expected } = delaysOf(report[name].receipts, sentAt, opened[name].open);

  const cookie = await signIn(base);
  const account = `${base}/account`;
  const headers = { "Accept-Language": "en", Cookie: cookie };
  const check = await fetch(account, { headers, redirect: "manual" });
  if (check.status !== 200 || !(await check.text()).includes("Auntie Zhang"))
    throw new Error(`/account answered ${check.status} without the resident's name`);
  await load(account, headers, 1, undefined, settings.pageConnections);
  const stopPageCpu = cpuMeter(groups, harnessCpu);
  const pages = await load(account, headers, settings.pageSeconds, undefined, settings.pageConnections);
  const pageCpu = stopPageCpu();
  return {
    instances,
    delivery: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      received: sorted.length,
      expected,
    },
    liveCpu,
    residents: residentResults.lines,
    consistent: residentResults.consistent,
    pages,
    pageCpu,
    lost,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const s1 = (value: number) => value.toFixed(1);

function cpuLine(label: string, cpu: Cpu, per: string) {
  const cores = (value: number) => (value / cpu.seconds).toFixed(2);
  const others = cpu.machineBusy - cpu.instances - cpu.nginx - cpu.redis - cpu.postgres - cpu.harness;
  return (
    `  ${label.padEnd(6)} CPU over ${s1(cpu.seconds)} s, in cores: instances ${cores(cpu.instances)}, nginx ${cores(cpu.nginx)},` +
    ` PostgreSQL ${cores(cpu.postgres)}, Redis ${cores(cpu.redis)}, load generators ${cores(cpu.harness)}, other work on the machine ${cores(Math.max(0, others))};` +
    ` machine ${cores(cpu.machineBusy)} of ${(cpu.machineTotal / cpu.seconds).toFixed(1)} busy${per}`
  );
}

async function main() {
  const began = Date.now();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DATABASE}"`);
  // What the machine was already doing (other work shares it): the figures below are read against it.
  const idleBefore = machineCpu();
  await new Promise((done) => setTimeout(done, 2000));
  const idleAfter = machineCpu();
  const busyBefore =
    (idleAfter.busy - idleBefore.busy) / ((idleAfter.total - idleBefore.total) / availableParallelism());
  const viewers = new Viewers(2, children);
  const harnessCpu = () =>
    sumCpu(viewers.processes.map((child) => child.pid!)) + (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  console.log(
    `bench:cluster${quick ? " --quick" : ""}: ${settings.viewers} viewers, ${settings.answers} answers, ${settings.residents} residents asking and voting;` +
      ` then /account signed in, ${settings.pageConnections} connections for ${settings.pageSeconds} s; on ${availableParallelism()} cores,` +
      ` ${busyBefore.toFixed(2)} of them busy with other work before the run`,
  );
  const results: Result[] = [];
  try {
    const cluster = await startCluster();
    console.log(
      `started in ${s1(cluster.startSeconds)} s (npm run start:cluster -- --instances 2: build check, migrations, seeding, the instances one after the other)`,
    );
    try {
      for (const configuration of cluster.configurations)
        results.push(await runConfiguration(configuration, viewers, harnessCpu));
    } finally {
      await cluster.stop();
    }
  } finally {
    viewers.close();
    const { db } = await import("../../app/db.server");
    await db.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }

  console.log("");
  for (const result of results) {
    const { delivery, pages } = result;
    console.log(`${result.instances} instance(s) behind nginx`);
    console.log(
      `  live   delivery from the official's submit: p50 ${ms(delivery.p50)}  p95 ${ms(delivery.p95)}  p99 ${ms(delivery.p99)}  (${delivery.received} of ${delivery.expected} receipts)`,
    );
    for (const line of result.residents) console.log(`  ${line}`);
    console.log(cpuLine("live", result.liveCpu, ""));
    const perRequest =
      ((result.pageCpu.instances + result.pageCpu.nginx) * 1000) / (pages.requestsPerSecond * result.pageCpu.seconds);
    console.log(
      `  pages  /account signed in: ${Math.round(pages.requestsPerSecond)} requests/s, p50 ${ms(pages.p50)}  p95 ${ms(pages.p95)}; ${perRequest.toFixed(2)} ms of instance and nginx CPU per request`,
    );
    console.log(cpuLine("pages", result.pageCpu, ""));
    if (result.lost.length) console.log(`  LOST   answers that did not reach every viewer: ${result.lost.join(", ")}`);
  }
  const [one, two] = results;
  const ratio = two.pages.requestsPerSecond / one.pages.requestsPerSecond;
  console.log("");
  console.log(
    `ratio  2 ÷ 1 instances: pages ${ratio.toFixed(2)}x requests/s; live delivery p95 ${(two.delivery.p95 / one.delivery.p95).toFixed(2)}x`,
  );
  // What limits scaling here: on a machine of C cores, two instances can only add throughput if
  // one instance left cores idle. The figures say how busy the machine was and who used it.
  const busy = two.pageCpu.machineBusy / two.pageCpu.seconds;
  const cores = two.pageCpu.machineTotal / two.pageCpu.seconds;
  const instanceShare = two.pageCpu.instances / two.pageCpu.machineBusy;
  const oneBusy = one.pageCpu.machineBusy / one.pageCpu.seconds;
  console.log(
    `limit  before the run other work kept ${busyBefore.toFixed(2)} cores busy; with one instance the machine was ${oneBusy.toFixed(2)} of ${cores.toFixed(1)} cores busy, with two ${busy.toFixed(2)}:` +
      ` the instances had ${(instanceShare * 100).toFixed(0)}% of it, the load generator ${((two.pageCpu.harness / two.pageCpu.machineBusy) * 100).toFixed(0)}%,` +
      ` PostgreSQL ${((two.pageCpu.postgres / two.pageCpu.machineBusy) * 100).toFixed(0)}%, nginx ${((two.pageCpu.nginx / two.pageCpu.machineBusy) * 100).toFixed(0)}%.` +
      ` ${busy > cores - 0.3 ? `The cores are full: a second instance on the same ${cores.toFixed(0)} cores only shares them; scaling needs more machines (or cores), with the load generator elsewhere.` : "Cores were left idle: the limit is elsewhere (the database, locks, or the load generator's connections)."}`,
  );
  console.log(`Took ${Math.round((Date.now() - began) / 1000)} s.`);
  const failed = results.some(
    (result) => result.lost.length || !result.consistent || result.delivery.received < result.delivery.expected,
  );
  process.exit(failed ? 1 : 0);
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
