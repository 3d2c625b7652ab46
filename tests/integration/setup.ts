// Gives each test file a fresh, migrated database of its own: a copy of the template that
// tests/integration/database-template.ts migrated once for the run, as a SQLite file or as a new
// database on the PostgreSQL server (TEST_POSTGRES_URL, default the machine's local server).
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { onPostgresServer, postgresDatabaseUrl } from "./database-template";

const template = inject("databaseTemplate");
if (!template) throw new Error("no template database: run the integration tests with tests/vitest.config.ts");
let cleanUp: () => Promise<void>;
// The test's own client (the running server's, in the build, is ended by the DROP ... FORCE or
// with its file): imported only now that DATABASE_URL names this file's database.
const disconnect = async () => (await import("~/db.server")).db.$disconnect();

if (process.env.TEST_DATABASE === "postgresql") {
  const name = `forum_test_${randomBytes(6).toString("hex")}`;
  await onPostgresServer(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  process.env.DATABASE_URL = postgresDatabaseUrl(name);
  cleanUp = async () => {
    await disconnect();
    await onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
} else {
  const dir = mkdtempSync(join(tmpdir(), "forum-test-"));
  copyFileSync(template, join(dir, "forum.db"));
  process.env.DATABASE_URL = `file:${join(dir, "forum.db")}`;
  cleanUp = async () => {
    await disconnect();
    rmSync(dir, { recursive: true, force: true });
  };
}

afterAll(async () => {
  await cleanUp();
});
