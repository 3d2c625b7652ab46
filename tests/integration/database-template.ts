// Vitest global setup of each integration project: migrates one template database for the whole
// run, which tests/integration/setup.ts then copies for every test file (a file copy on SQLite,
// CREATE DATABASE … TEMPLATE on PostgreSQL). Running every migration in every file cost more than
// any other part of a file's setup (docs/decisions/0029-ci-duration.md). Migrating from an empty
// database is still tested, by tests/integration/migrations.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template: a SQLite file path, or the name of a PostgreSQL database. */
    databaseTemplate: string;
  }
}

export const postgresServerUrl = () => process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export function postgresDatabaseUrl(name: string) {
  const url = new URL(postgresServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function onPostgresServer(sql: string) {
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * `npm run db:migrate`, as its own process: the wasm schema engine needs Node's
 * --experimental-wasm-modules, which Vitest's main process, where global setups run, lacks.
 */
function applyMigrations(url: string) {
  const result = spawnSync(
    process.execPath,
    [
      "--experimental-wasm-modules",
      "--disable-warning=ExperimentalWarning",
      "--import",
      "tsx",
      "prisma/tools/migrate.ts",
    ],
    { cwd: resolve(import.meta.dirname, "..", ".."), env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`migrating the template ${url} failed:\n${result.stdout}${result.stderr}`);
}

export default async function setup(project: TestProject) {
  const database = project.config.env.TEST_DATABASE;
  if (database === "postgresql") {
    const name = `forum_template_${randomBytes(6).toString("hex")}`;
    await onPostgresServer(`CREATE DATABASE ${name}`);
    // The migrating process has ended, so none of its connections is left: PostgreSQL copies a template only while nobody is connected to it.
    applyMigrations(postgresDatabaseUrl(name));
    project.provide("databaseTemplate", name);
    return () => onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "forum-template-"));
  const file = join(dir, "forum.db");
  applyMigrations(`file:${file}`);
  // Everything into the file itself, so that copying the one file copies the whole database
  // (WAL mode, set by the migrations, is kept in the file's header).
  const db = new Database(file);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  if (existsSync(`${file}-wal`)) throw new Error(`the template ${file} still has a write-ahead log`);
  project.provide("databaseTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
