// Gives each test file a fresh, migrated database of its own: a SQLite file, or a new database
// on the PostgreSQL server (TEST_POSTGRES_URL, default the machine's local server).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { applyMigrations } from "../../prisma/tools/migrations";

const database = process.env.TEST_DATABASE;
const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
let cleanUp: () => Promise<void>;
// The test's own client (the running server's, in the build, is ended by the DROP ... FORCE or
// with its file): imported only now that DATABASE_URL names this file's database.
const disconnect = async () => (await import("~/db.server")).db.$disconnect();

if (database === "postgresql") {
  const name = `forum_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  cleanUp = async () => {
    await disconnect();
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), "forum-test-"));
  process.env.DATABASE_URL = `file:${join(dir, "forum.db")}`;
  cleanUp = async () => {
    await disconnect();
    rmSync(dir, { recursive: true, force: true });
  };
}

await applyMigrations(process.env.DATABASE_URL);

afterAll(async () => {
  await cleanUp();
});
