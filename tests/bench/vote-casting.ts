// Casting benchmark (docs/decisions/0017): ballots per second and p95 latency through the real HTTP action
// (authenticated, verified residents; ranked ballots, K = 5 of 20 candidates) on SQLite, and in
// the same run a bare insert of the same rows through the same driver (better-sqlite3 through
// the Prisma adapter), with the ratio. Zero lost or duplicated: the stored count must equal the
// accepted count. `benchCasting({ quick })` is glued into `npm run bench:vote`; alone:
// `tsx tests/bench/vote-casting.ts [--quick]`. A benchmark, not a test: targets are printed.
//
// The forum runs as `npm start` runs it (production build, a fresh SQLite file in a temp
// directory, migrations), without the demo seed: the residents, their sessions and
// verifications, the cycle and its shortlist are written straight into the database first.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createDb } from "~/db.server";
import { DATA_POLICY_VERSION } from "~/features/accounts/data-policy";
import { writeProfile } from "./support/write-profile";

const ROOT = resolve(import.meta.dirname, "..", "..");
const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx"];
const CANDIDATES = 20;
const K = 5;
const CONNECTIONS = 20;
const DAY = 86_400_000;

export interface CastingFigures {
  ballots: number;
  accepted: number;
  stored: number;
  /** Through the real HTTP action. */
  ballotsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** The forum process's CPU time per ballot: what the rate would be per core is 1000 / this. */
  serverCpuMsPerBallot: number;
  /** The same rows written one by one through the same Prisma client and driver. */
  bareInsertsPerSecond: number;
  bareP95Ms: number;
  /** HTTP ballots/s as a share of bare inserts/s. */
  ratio: number;
  target: { ballotsPerSecond: number; met: boolean; noneLost: boolean };
}

const profileFile = process.argv.includes("--profile")
  ? join(ROOT, ".cache", "bench", "vote-casting.cpuprofile")
  : undefined;

function startForum(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...NODE_FLAGS, "tests/bench/support/forum-server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "false",
      ...(profileFile ? { BENCH_PROFILE: profileFile } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((ok, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) ok({ url: url.replace("localhost", "127.0.0.1"), child });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`the forum exited (${code}) before listening:\n${output}`)));
  });
}

/** CPU time a process has used so far, in ms (Linux /proc; NaN elsewhere): steadier than rates on a shared machine. */
function cpuTime(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `task` for each item with `width` in flight at once; returns each one's latency in ms. */
async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const start = performance.now();
        await task(item);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, latencies };
}

/** A ranked ballot of 1..K candidates, as the form sends it (rank-<number> = rank). */
function rankedChoices(seed: number): number[] {
  const size = 1 + (seed % K);
  const numbers: number[] = [];
  for (let step = 0; numbers.length < size; step++) {
    const number = 1 + ((seed * 7 + step * 13) % CANDIDATES);
    if (!numbers.includes(number)) numbers.push(number);
  }
  return numbers;
}

export async function benchCasting({ quick }: { quick: boolean }): Promise<CastingFigures> {
  const residents = quick ? 400 : 4000;
  const scratch = mkdtempSync(join(tmpdir(), "forum-bench-vote-"));
  const databaseUrl = `file:${join(scratch, "forum.db")}`;
  const { url, child } = await startForum(databaseUrl);
  const db = createDb(databaseUrl);
  try {
    const tag = randomBytes(3).toString("hex");
    const area = await db.area.create({ data: { slug: `bench-${tag}`, nameZh: "基准区", nameEn: "Bench District" } });
    const department = await db.department.create({
      data: { slug: `bench-${tag}`, nameZh: "基准局", nameEn: "Bench Bureau" },
    });
    const now = Date.now();
    const schedule = {
      collectStartsAt: new Date(now - 20 * DAY),
      reviewStartsAt: new Date(now - 10 * DAY),
      voteStartsAt: new Date(now - DAY),
      resultsStartsAt: new Date(now + 5 * DAY),
      implementationStartsAt: new Date(now + 20 * DAY),
      reportStartsAt: new Date(now + 300 * DAY),
    };
    const newCycle = async (title: string) => {
      const cycle = await db.cycle.create({
        data: { areaId: area.id, titleEn: title, titleZh: title, ballotMethod: "ranked", maxChoices: K, ...schedule },
      });
      await db.proposal.createMany({
        data: Array.from({ length: CANDIDATES }, (_, index) => ({
          cycleId: cycle.id,
          title: `Candidate ${index + 1}`,
          description: "d",
          category: "c",
          status: "shortlisted",
          ballotNumber: index + 1,
          departmentId: department.id,
          estimatedCost: 100_000,
        })),
      });
      return cycle;
    };
    const cycle = await newCycle("Casting bench");
    const ids = Array.from({ length: residents }, (_, index) => `bench-voter-${index}`);
    await db.user.createMany({
      data: ids.map((id, index) => ({
        id,
        email: `${id}@bench.example`,
        displayName: `Voter ${index}`,
        displayNameFolded: `voter ${index}`,
        consentVersion: DATA_POLICY_VERSION,
        consentedAt: new Date(),
      })),
    });
    await db.verification.createMany({ data: ids.map((userId) => ({ areaId: area.id, userId, method: "code" })) });
    const sessions = ids.map((userId) => ({
      id: randomBytes(20).toString("hex"),
      userId,
      expiresAt: new Date(now + DAY),
      userAgent: "bench",
    }));
    await db.session.createMany({ data: sessions });

    const path = `/priorities/${cycle.id}/ballot`;
    const cast = async (index: number) => {
      const body = new URLSearchParams(
        rankedChoices(index).map((number, rank) => [`rank-${number}`, String(rank + 1)]),
      );
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: url,
          Cookie: `forum_session=${sessions[index]!.id}`,
          "Accept-Language": "en",
        },
        body,
      });
      await response.arrayBuffer();
      return response.status === 302;
    };
    // Warm up the server (caches, JIT) with some residents' ballots, then clear them: those
    // residents cast again in the measured run, as first ballots.
    await inParallel(
      ids.slice(0, Math.min(300, residents / 2)).map((_, index) => index),
      CONNECTIONS,
      async (index) => {
        await cast(index);
      },
    );
    await db.ballot.deleteMany({ where: { cycleId: cycle.id } });
    // And the marks that they voted (one person, one ballot): otherwise their second first ballot is refused.
    await db.participation.deleteMany({ where: { cycleId: cycle.id } });

    let accepted = 0;
    if (profileFile) child.kill("SIGUSR2");
    const cpuBefore = cpuTime(child.pid);
    const http = await inParallel(
      ids.map((_, index) => index),
      CONNECTIONS,
      async (index) => {
        if (await cast(index)) accepted++;
      },
    );
    const serverCpu = cpuTime(child.pid) - cpuBefore;
    if (profileFile) await writeProfile(child, profileFile);
    const stored = await db.ballot.count({ where: { cycleId: cycle.id } });

    // The same rows, written one by one through the same client and driver, as wide.
    const rows = await db.ballot.findMany({
      where: { cycleId: cycle.id },
      select: { voterId: true, choices: true, castOn: true, channel: true },
    });
    const bareCycle = await newCycle("Bare insert bench");
    const bare = await inParallel(rows, CONNECTIONS, async (row) => {
      await db.ballot.create({
        data: { ...row, cycleId: bareCycle.id, publicId: randomBytes(12).toString("base64url") },
      });
    });

    const ballotsPerSecond = residents / http.seconds;
    const bareInsertsPerSecond = rows.length / bare.seconds;
    return {
      ballots: residents,
      accepted,
      stored,
      ballotsPerSecond: round(ballotsPerSecond),
      p50Ms: round(percentile(http.latencies, 50)),
      p95Ms: round(percentile(http.latencies, 95)),
      serverCpuMsPerBallot: round(serverCpu / residents, 2),
      bareInsertsPerSecond: round(bareInsertsPerSecond),
      bareP95Ms: round(percentile(bare.latencies, 95), 2),
      ratio: round(ballotsPerSecond / bareInsertsPerSecond, 3),
      target: {
        ballotsPerSecond: 300,
        met: ballotsPerSecond >= 300,
        noneLost: stored === accepted && accepted === residents,
      },
    };
  } finally {
    await db.$disconnect();
    await new Promise((done) => child.once("exit", done).kill("SIGTERM"));
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function printCasting(figures: CastingFigures) {
  console.log(
    `Casting (SQLite, ranked K=${K} of ${CANDIDATES}, ${CONNECTIONS} in flight, ${figures.ballots} residents):`,
  );
  console.log(
    `  through the HTTP action: ${figures.ballotsPerSecond} ballots/s, p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms`,
  );
  console.log(
    `  forum CPU per ballot: ${figures.serverCpuMsPerBallot} ms (${round(1000 / figures.serverCpuMsPerBallot)} ballots/s per core)`,
  );
  console.log(
    `  accepted ${figures.accepted}, stored ${figures.stored}: ${figures.target.noneLost ? "none lost or duplicated" : "MISMATCH"}`,
  );
  console.log(
    `  bare insert of the same rows (Prisma + better-sqlite3): ${figures.bareInsertsPerSecond} rows/s, p95 ${figures.bareP95Ms} ms`,
  );
  console.log(`  ratio HTTP / bare: ${figures.ratio}`);
  console.log(`  target >= ${figures.target.ballotsPerSecond} ballots/s: ${figures.target.met ? "met" : "NOT met"}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await benchCasting({ quick: process.argv.includes("--quick") });
  printCasting(figures);
  if (!figures.target.noneLost) process.exitCode = 1;
}
