// `npm run start:cluster -- --instances N`: the forum as N instances behind nginx, on one
// machine, in the foreground (docs/deploy.md). PostgreSQL (DATABASE_URL) holds the data and
// Redis (REDIS_URL) what crosses instances. The load balancer listens on PORT (default 3000),
// instance i on PORT+i, each also reachable directly. SIGINT or SIGTERM stops everything it
// started: nginx first (no new visitors), then the instances, each finishing what it serves.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";

const ROOT = resolve(import.meta.dirname, "..");

function fail(message: string): never {
  console.error(`start:cluster: ${message}`);
  process.exit(1);
}

export function findNginx(): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"];
  return dirs.map((dir) => join(dir, "nginx")).find((path) => existsSync(path)) ?? null;
}

async function checkPostgres(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    fail(`PostgreSQL is not reachable at DATABASE_URL (${(error as Error).message || String(error)}).`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis(url: string) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    fail(`Redis is not reachable at REDIS_URL (${(error as Error).message || String(error)}).`);
  } finally {
    redis.disconnect();
  }
}

function run(what: string, args: string[], env: NodeJS.ProcessEnv) {
  console.log(`start:cluster: ${what}…`);
  const result = spawnSync("npm", args, { cwd: ROOT, stdio: "inherit", env });
  if (result.status !== 0) fail(`${what} failed.`);
}

/** Each line of the child's output, marked with its name. */
function prefixOutput(child: ChildProcess, name: string) {
  for (const [source, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    let rest = "";
    source?.setEncoding("utf8");
    source?.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) target.write(`[${name}] ${line}\n`);
    });
    source?.on("end", () => rest && target.write(`[${name}] ${rest}\n`));
  }
}

async function waitUntilHealthy(port: number, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) fail(`the instance on port ${port} stopped while starting.`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * deploy/nginx.conf for a balancer on `port` in front of instances on `instancePorts`, written into
 * a new directory of nginx's own (temp files, pid): run nginx with `-p runDir -c configFile`.
 */
export function writeNginxConfig(port: number, instancePorts: number[]) {
  const runDir = mkdtempSync(join(tmpdir(), "forum-cluster-"));
  for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(runDir, dir));
  // An instance that refused a connection is left out for fail_timeout. Short, so that an
  // instance restarted in a rolling restart is asked again within seconds (docs/deploy.md: wait
  // that long after its /readyz before stopping the next one).
  const servers = instancePorts.map(
    (p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=${FAIL_TIMEOUT_SECONDS}s;`,
  );
  const config = readFileSync(join(ROOT, "deploy", "nginx.conf"), "utf8")
    .replaceAll("{{USER}}", process.getuid?.() === 0 ? "user root;" : "")
    .replaceAll("{{RUN_DIR}}", runDir)
    .replaceAll("{{PORT}}", String(port))
    .replaceAll("{{CONNECTIONS_PER_VISITOR}}", process.env.CLUSTER_CONNECTIONS_PER_VISITOR ?? "400")
    .replaceAll("{{SERVERS}}", servers.join("\n"));
  const configFile = join(runDir, "nginx.conf");
  writeFileSync(configFile, config);
  return { runDir, configFile };
}

/** How long nginx leaves out an instance that refused a connection (seconds). */
export const FAIL_TIMEOUT_SECONDS = 2;

export async function startCluster(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { instances: { type: "string", default: "2" } } });
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) fail("--instances takes a number from 1 to 64.");
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port + instances > 65535) fail("PORT is no usable port.");

  const nginx = findNginx();
  if (!nginx) fail("nginx is not installed. On Debian: apt-get install nginx-light (or nginx).");
  const databaseUrl = process.env.DATABASE_URL ?? "";
  if (!/^postgres(ql)?:\/\//.test(databaseUrl))
    fail("DATABASE_URL must name a PostgreSQL database: instances share it (SQLite serves one process).");
  const redisUrl = process.env.REDIS_URL ?? "";
  if (!/^rediss?:\/\//.test(redisUrl))
    fail("REDIS_URL must name a Redis server (redis://host:port): live events cross instances through it.");
  await checkPostgres(databaseUrl);
  await checkRedis(redisUrl);

  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  // Once, before any instance starts: instances started together must not build or migrate at once.
  run("building the forum (if the sources changed)", ["start", "--", "--build-only"], env);
  run("migrating the database", ["run", "db:migrate"], env);

  const ports = Array.from({ length: instances }, (_, n) => port + n + 1);
  const { runDir, configFile } = writeNginxConfig(port, ports);
  const test = spawnSync(nginx, ["-t", "-q", "-p", runDir, "-c", configFile], { encoding: "utf8" });
  if (test.status !== 0) fail(`nginx refuses the configuration:\n${test.stderr}`);

  const children: Array<{ name: string; child: ChildProcess }> = [];
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`start:cluster: ${signal}: stopping nginx and ${instances} instance(s)…`);
    const exits = children
      .filter(({ child }) => child.exitCode === null && child.signalCode === null)
      .map(({ name, child }) => {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        // nginx's graceful stop is SIGQUIT; an instance's is SIGTERM (it finishes what it serves).
        child.kill(name === "nginx" ? "SIGQUIT" : "SIGTERM");
        return exited;
      });
    await Promise.all(exits);
    rmSync(runDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  const startInstance = (n: number) => {
    const child = spawn(
      process.execPath,
      ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx", "server.ts"],
      {
        cwd: ROOT,
        // The first instance seeds the demo city (if asked); the others find it there.
        env: { ...env, PORT: String(ports[n]), ...(n > 0 ? { SEED_DEMO: "false" } : {}) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const name = `instance ${n + 1}`;
    prefixOutput(child, name);
    child.once("exit", (code, signal) => {
      if (!stopping)
        console.error(`start:cluster: ${name} (port ${ports[n]}) stopped (${signal ?? code}); the others serve on`);
    });
    children.push({ name, child });
    return child;
  };

  // The first instance alone first: it seeds the demo city on a new database, once.
  await waitUntilHealthy(ports[0], startInstance(0));
  const rest = ports.slice(1).map((p, n) => ({ p, child: startInstance(n + 1) }));
  for (const { p, child } of rest) await waitUntilHealthy(p, child);

  const balancer = spawn(nginx, ["-p", runDir, "-c", configFile], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  prefixOutput(balancer, "nginx");
  children.push({ name: "nginx", child: balancer });
  balancer.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`start:cluster: nginx stopped (${signal ?? code}); stopping the instances`);
      void stop("SIGTERM");
    }
  });
  console.log(
    `start:cluster: the forum is running at http://localhost:${port} (instances: ${ports.map((p) => `http://localhost:${p}`).join(", ")})`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, "cluster.ts")) {
  await startCluster(process.argv.slice(2));
}
