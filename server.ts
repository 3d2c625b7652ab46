// The forum's one process: Express serves the Remix app, its assets and the collaboration
// WebSocket on one port. On first start it builds, migrates and seeds the demo city.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerBuild } from "@remix-run/node";
import { databaseProvider, databaseUrl } from "./app/database.server";
import { underStartUpLock } from "./prisma/tools/database-lock";
import { applyMigrations, migrationNames } from "./prisma/tools/migrations";

const ROOT = import.meta.dirname;
const BUILD_ENTRY = join(ROOT, "build", "index.js");

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** Builds when there is no build yet or a source file is newer than it. */
export function buildIfNeeded() {
  const sources = ["app", "remix.config.js", "package-lock.json"].map((p) => join(ROOT, p)).filter(existsSync);
  if (existsSync(BUILD_ENTRY) && statSync(BUILD_ENTRY).mtimeMs >= Math.max(...sources.map(newestChange))) return;
  console.log("Building the forum…");
  const result = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) throw new Error("remix build failed");
}

/**
 * The services around the app, as the build holds them. Everything of app/ that keeps state (the
 * live bus, the topics, the streams, the database client) is used through these: importing its
 * source here would load a second copy beside the build's (docs/decisions/0028).
 */
export type Services = typeof import("./app/services.server");

async function loadBuild(): Promise<{ build: ServerBuild; services: Services }> {
  const build = (await import(pathToFileURL(BUILD_ENTRY).href)) as ServerBuild;
  return { build, services: (build.entry.module as unknown as { services: Services }).services };
}

/** The services of the build this process runs (the same objects as the running server's). */
export async function builtServices(): Promise<Services> {
  return (await loadBuild()).services;
}

/** Migrates and seeds; instances started together take turns (prisma/tools/database-lock.ts). */
async function prepareDatabase(services: Services) {
  const url = databaseUrl();
  await underStartUpLock(url, () => migrateAndSeed(url, services));
}

async function migrateAndSeed(url: string, { db, seedDemoCity, DEMO_ACCOUNTS }: Services) {
  const applied = await applyMigrations(url);
  if (applied.length) console.log(`Applied ${applied.length} migration(s) to the ${databaseProvider(url)} database.`);
  if (process.env.SEED_DEMO === "false") return;
  if (await seedDemoCity(db)) {
    console.log("\nSeeded the demo city. Demo accounts (public passwords: for trying the forum only):");
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(22)} ${account.password}`);
    console.log("");
  }
}

/**
 * Refuses form posts from other sites. Browsers send Origin on every cross-site POST; requests
 * without Origin or Referer come from non-browser clients, which carry no victim's cookies.
 */
function rejectCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const source = req.get("origin") ?? req.get("referer");
  if (!source) return next();
  let sourceHost = "";
  try {
    sourceHost = new URL(source).host;
  } catch {
    // an unparsable Origin is treated as foreign
  }
  if (sourceHost === req.get("host")) return next();
  res.status(403).type("text/plain; charset=utf-8").send("Cross-site request refused. 已拒绝跨站请求。");
}

const isEventStream = (res: Response) => String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream");

/** TRUST_PROXY as Express reads it: true/false, a hop count, or addresses and subnets. */
function trustProxySetting(value: string): boolean | number | string {
  if (value === "true" || value === "false") return value === "true";
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** How long a stopping server waits for requests in flight before it cuts them. */
const DRAIN_MS = Number(process.env.DRAIN_SECONDS ?? 20) * 1000;

export async function startServer(port = Number(process.env.PORT ?? 3000), options: { stopOnSignals?: boolean } = {}) {
  process.env.NODE_ENV ??= "production";
  buildIfNeeded();
  const { build, services } = await loadBuild();
  await prepareDatabase(services);
  // The promises count working days with the holidays administrators entered: read before the first request.
  await services.loadHolidays();
  const {
    BODY_LIMITS,
    HEALTH_PATH,
    LIVE_PATH,
    READINESS_PATH,
    answerHealth,
    answerReadiness,
    attachCollabServer,
    connectionLimitsFromEnv,
    createForumCollabServer,
    createLiveStreamHandler,
    createRemixHandler,
    downloadLimitsFromEnv,
    endStreamsOnClose,
    handleRequestErrors,
    limitConnections,
    limitDownloads,
    limitPipelining,
    newOverloadMark,
    newRequestScope,
    noStoreWhenSignedIn,
    nonceForEachResponse,
    readBoundedBody,
    refuseOtherMethods,
    readinessChecks,
    requestTimeoutsFromEnv,
    securityHeaders,
    allowFramingOfScreen,
    startNotificationUpkeep,
    startVoteUpkeep,
    startInterviewUpkeep,
  } = services;

  const app = express();
  app.disable("x-powered-by");
  // For the load balancer and the operator (docs/deploy.md), before anything a page needs.
  let stopping = false;
  app.get(HEALTH_PATH, answerHealth);
  app.get(
    READINESS_PATH,
    answerReadiness(readinessChecks(migrationNames(databaseProvider(databaseUrl()))), () => stopping),
  );
  // A stopping instance answers what it is still sent and closes each connection after that
  // answer: a load balancer keeps its connections open and would otherwise go on sending new
  // requests over them until the drain cuts them (requests lost mid-way).
  app.use((_req, res, next) => {
    if (stopping) res.setHeader("Connection", "close");
    next();
  });
  // Behind a TLS-terminating proxy, X-Forwarded-Proto decides the Secure cookie flag.
  app.set("trust proxy", trustProxySetting(process.env.TRUST_PROXY ?? "loopback"));
  app.use(nonceForEachResponse);
  app.use(limitPipelining);
  app.use(securityHeaders);
  app.use(allowFramingOfScreen);
  // An event stream is never compressed: compression holds frames back until its buffer fills.
  app.use(compression({ filter: (req, res) => !isEventStream(res) && compression.filter(req, res) }));
  app.use("/build", express.static(join(ROOT, "public", "build"), { immutable: true, maxAge: "1y" }));
  // Only paths that look like files (favicon.svg) are looked up on disk: for a page, the lookup
  // cost a stat and an ENOENT error object on every request (docs/decisions/0006).
  const publicFiles = express.static(join(ROOT, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (/\.\w+$/.test(req.path) ? publicFiles(req, res, next) : next()));
  app.use(refuseOtherMethods);
  app.use(rejectCrossSiteWrites);
  app.use(noStoreWhenSignedIn);
  // Downloads are streamed, and a bounded number run at once (per visitor and in all).
  app.use(limitDownloads(downloadLimitsFromEnv()));
  // The paths whose forms carry more than short text, as their features declare them.
  app.use(readBoundedBody(BODY_LIMITS));
  // Live pages' event streams, before Remix: written straight to the socket (decision 0011).
  app.get(LIVE_PATH, createLiveStreamHandler());
  // What every loader and action of one request receives (app/load-context.ts).
  const remix = createRemixHandler(build, (req, res) => ({
    nonce: res.locals.nonce as string,
    clientIp: req.ip ?? "unknown",
    requestScope: newRequestScope(req),
    overload: newOverloadMark(),
  }));
  app.all("*", remix.handler);
  app.use(handleRequestErrors(remix.renderStatusPage));

  const timeouts = requestTimeoutsFromEnv();
  const server = createServer(timeouts, app);
  Object.assign(server, timeouts);
  endStreamsOnClose(server);
  const trustProxy = app.get("trust proxy fn") as (address: string, hop: number) => boolean;
  limitConnections(
    server,
    connectionLimitsFromEnv((address) => trustProxy(address, 0)),
  );
  server.listen(port);
  await new Promise<void>((ok) => server.once("listening", () => ok()));
  const collab = createForumCollabServer();
  const { wss } = attachCollabServer(server, collab);
  startNotificationUpkeep();
  // Offline askers' contacts are erased once they have served (decision 0041).
  startInterviewUpkeep();
  // Votes close at a date: this cuts ballots' links to their voters within a minute of it.
  await startVoteUpkeep();
  console.log(`The forum is running at http://localhost:${(server.address() as AddressInfo).port}`);

  // A stop (SIGTERM from a supervisor or the cluster command, Ctrl-C): /readyz says so at once,
  // no new connection is accepted, live streams end with a hint to come back soon (to another
  // instance, behind the load balancer), co-editing sockets close as "restarting" once their
  // changes are stored, requests in flight finish (within DRAIN_MS), then the process exits.
  const stop = async (signal: string) => {
    console.log(`${signal}: finishing the requests in flight, then stopping`);
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Connections that fall idle during the drain (their last answer sent) are closed too.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    for (const socket of wss.clients) socket.close(1012, "Server restarting");
    const cut = setTimeout(() => {
      console.error(`Requests still open after ${DRAIN_MS} ms are cut`);
      server.closeAllConnections();
      for (const socket of wss.clients) socket.terminate();
    }, DRAIN_MS);
    cut.unref();
    await closed;
    clearInterval(idle);
    // Pending co-editing writes are stored, then the documents' leases are given back.
    await collab.close();
    await Promise.allSettled([services.live.close(), services.db.$disconnect()]);
    process.exit(0);
  };
  if (options.stopOnSignals) {
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
  }
  return server;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, "server.ts")) {
  if (process.argv.includes("--build-only")) buildIfNeeded();
  else await startServer(undefined, { stopOnSignals: true });
}
