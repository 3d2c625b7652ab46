// Several instances of the forum serving one PostgreSQL database and one Redis, as behind a load
// balancer: each instance is its own process started as `npm start` starts it, spoken to directly.
// What one instance counts or writes, the others must see: rate limits across the cluster, one
// ballot per voter whichever instance each request reaches, and start-ups that take turns.
// SQLite is the embedded default, one process: nothing here applies to it.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseProvider } from "~/database.server";
import { db } from "~/db.server";
import { DATA_POLICY_VERSION } from "~/features/accounts/data-policy";
import { DEMO_ACCOUNTS, DEMO_DEPARTMENTS } from "../../prisma/seed";
import { migrationNames } from "../../prisma/tools/migrations";
import { freePort, startProcess } from "../processes";
import { onPostgresServer, postgresDatabaseUrl } from "./database-template";
import { newResident } from "./helpers";

const onPostgres = databaseProvider(process.env.DATABASE_URL!) === "postgresql";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx"];
const DAY = 86_400_000;

interface Instance {
  base: string;
  child: ChildProcess;
}

/** One instance of the forum, as `npm start` runs it, on a port of its own. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = await startProcess(
    [...NODE_FLAGS, "server.ts"],
    { PORT: String(port), ...env },
    "The forum is running at",
  );
  return { base: `http://127.0.0.1:${port}`, child };
}

const stopInstance = ({ child }: Instance) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });

function post(base: string, path: string, body: URLSearchParams, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, "Accept-Language": "en", ...headers },
    body,
  });
}

describe.skipIf(!onPostgres)("two instances on one database and one Redis", () => {
  let instances: Instance[] = [];
  // A prefix of this file's own: other files and helpers use the same Redis server.
  const env = { REDIS_URL, REDIS_KEY_PREFIX: `test-${randomBytes(6).toString("hex")}` };

  beforeAll(async () => {
    instances = await Promise.all([startInstance(env), startInstance(env)]);
  });
  afterAll(() => Promise.all(instances.map(stopInstance)));

  it("count ten wrong passwords as ten across the cluster, not ten per instance", async () => {
    const resident = await newResident();
    const tryPassword = (instance: Instance) =>
      post(instance.base, "/login", new URLSearchParams({ email: resident.email, password: "wrong password" }), {
        "X-Forwarded-For": "10.9.8.7",
      });
    // The allowance (10 per account and address) is used up half on each instance.
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await tryPassword(instances[attempt % 2]!);
      expect(response.status).toBe(400);
    }
    for (const instance of instances) {
      const refused = await tryPassword(instance);
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain("Too many attempts");
    }
  });

  it("keep exactly one ballot per voter when 500 voters cast 1,000 ballots at once through both", async () => {
    const tag = randomBytes(4).toString("hex");
    const area = await db.area.create({
      data: { slug: `cluster-${tag}`, nameZh: "集群区", nameEn: "Cluster District" },
    });
    const now = Date.now();
    const cycle = await db.cycle.create({
      data: {
        areaId: area.id,
        titleEn: "Cluster vote",
        titleZh: "集群投票",
        ballotMethod: "ranked",
        maxChoices: 3,
        collectStartsAt: new Date(now - 20 * DAY),
        reviewStartsAt: new Date(now - 10 * DAY),
        voteStartsAt: new Date(now - DAY),
        resultsStartsAt: new Date(now + 5 * DAY),
        implementationStartsAt: new Date(now + 20 * DAY),
        reportStartsAt: new Date(now + 300 * DAY),
      },
    });
    await db.proposal.createMany({
      data: Array.from({ length: 5 }, (_, index) => ({
        cycleId: cycle.id,
        title: `Candidate ${index + 1}`,
        description: "A shortlisted candidate.",
        category: "transport",
        status: "shortlisted",
        ballotNumber: index + 1,
      })),
    });
    // Verified residents with a session each, written as the commands would leave them.
    const ids = Array.from({ length: 500 }, (_, index) => `cluster-${tag}-${index}`);
    await db.user.createMany({
      data: ids.map((id, index) => ({
        id,
        email: `${id}@example.org`,
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
      userAgent: "test",
    }));
    await db.session.createMany({ data: sessions });

    // Every voter casts twice, once through each instance: half of them both at the same moment,
    // the other half one after the other in the stream of requests.
    const requests = ids.flatMap((_, index) =>
      [0, 1].map((copy) => ({ index, instance: instances[(index + copy) % 2]!, choice: 1 + ((index + copy) % 5) })),
    );
    const order = [
      ...requests.filter(({ index }) => index % 2 === 0),
      ...requests.filter(({ index }) => index % 2 === 1).sort((a, b) => a.choice - b.choice),
    ];
    const statuses: number[] = [];
    let next = 0;
    // Eight in flight per instance, within its pool of database connections (DATABASE_POOL_SIZE,
    // 10): beyond it, a busy machine made requests wait past Prisma's 2 s for a transaction and
    // answer 500, which is overload, not what this test is about.
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < order.length) {
          const { index, instance, choice } = order[next++]!;
          const response = await post(
            instance.base,
            `/priorities/${cycle.id}/ballot`,
            new URLSearchParams({ [`rank-${choice}`]: "1" }),
            { Cookie: `forum_session=${sessions[index]!.id}`, "X-Forwarded-For": `10.1.${index >> 8}.${index & 255}` },
          );
          await response.arrayBuffer();
          statuses.push(response.status);
        }
      }),
    );

    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const ballots = await db.ballot.findMany({ where: { cycleId: cycle.id }, select: { voterId: true } });
    expect(ballots).toHaveLength(500);
    expect(new Set(ballots.map((ballot) => ballot.voterId)).size).toBe(500);
    expect(await db.participation.count({ where: { cycleId: cycle.id } })).toBe(500);
  }, 120_000);
});

describe.skipIf(!onPostgres)("instances started together on a fresh PostgreSQL database", () => {
  const name = `forum_fresh_${randomBytes(6).toString("hex")}`;
  const url = postgresDatabaseUrl(name);
  let instances: Instance[] = [];

  beforeAll(() => onPostgresServer(`CREATE DATABASE ${name}`));
  afterAll(async () => {
    await Promise.all(instances.map(stopInstance));
    await onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("all come up, with the migrations applied once and the demo city seeded once", async () => {
    const env = { DATABASE_URL: url, SEED_DEMO: "true", REDIS_URL, REDIS_KEY_PREFIX: `test-${name}` };
    instances = await Promise.all([startInstance(env), startInstance(env), startInstance(env)]);
    for (const { base } of instances) expect((await fetch(`${base}/`)).status).toBe(200);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const migrations = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      );
      expect(migrations.rows.map((row) => row.migration_name)).toEqual(migrationNames("postgresql"));
      const users = await client.query<{ email: string }>(`SELECT email FROM "User" WHERE email IS NOT NULL`);
      expect(users.rows.map((row) => row.email).sort()).toEqual(DEMO_ACCOUNTS.map((account) => account.email).sort());
      const departments = await client.query<{ count: string }>(`SELECT count(*) FROM "Department"`);
      expect(Number(departments.rows[0]!.count)).toBe(DEMO_DEPARTMENTS.length);
    } finally {
      await client.end();
    }
  }, 120_000);
});
