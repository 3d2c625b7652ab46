import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { databaseProvider, sqliteFilePath } from "~/database.server";
import { derivePostgresSchema } from "../../prisma/tools/schema";
import { layout } from "../../prisma/tools/layout";
import { applyMigrations, migrationNames, pendingSchemaChange } from "../../prisma/tools/migrations";
import { onPostgresServer, postgresDatabaseUrl } from "./database-template";

const url = process.env.DATABASE_URL!;
const provider = databaseProvider(url);

/** The tables, columns, indexes and constraints of a database, in an order that does not depend on how it was made. */
async function structureOf(databaseUrl: string): Promise<string[]> {
  if (provider === "sqlite") {
    const db = new Database(sqliteFilePath(databaseUrl), { readonly: true });
    try {
      const rows = db
        .prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
        .all() as Array<{ type: string; name: string; sql: string | null }>;
      return rows.map((row) => `${row.type} ${row.name}: ${row.sql}`);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ line: string }>(
      `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`,
    );
    const indexes = await client.query<{ line: string }>(
      `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
    );
    const constraints = await client.query<{ line: string }>(
      `SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`,
    );
    return [...columns.rows, ...indexes.rows, ...constraints.rows].map((row) => row.line);
  } finally {
    await client.end();
  }
}

describe(`committed ${provider} migrations`, () => {
  it("bring a database exactly to prisma/schema.prisma (run `npm run db:migration -- <name>` after a schema change)", async () => {
    expect(await pendingSchemaChange(provider, url)).toBe("");
  });

  it("are all applied by start-up, and applying them again changes nothing", async () => {
    expect(migrationNames(provider).length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual([]);
  });

  // The test files' databases are copies of one template migrated at the start of the run
  // (tests/integration/database-template.ts); this is the path a new installation takes.
  it("build an empty database, one after the other, into the same database the tests run on", async () => {
    let emptyUrl: string;
    let drop: () => Promise<void>;
    if (provider === "postgresql") {
      const name = `forum_empty_${randomBytes(6).toString("hex")}`;
      await onPostgresServer(`CREATE DATABASE ${name}`);
      emptyUrl = postgresDatabaseUrl(name);
      drop = () => onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else {
      const dir = mkdtempSync(join(tmpdir(), "forum-empty-"));
      emptyUrl = `file:${join(dir, "forum.db")}`;
      drop = async () => rmSync(dir, { recursive: true, force: true });
    }
    try {
      expect(await applyMigrations(emptyUrl)).toEqual(migrationNames(provider));
      expect(await applyMigrations(emptyUrl)).toEqual([]);
      const fromScratch = await structureOf(emptyUrl);
      expect(fromScratch.length).toBeGreaterThan(10);
      expect(fromScratch).toEqual(await structureOf(url));
    } finally {
      await drop();
    }
  });

  it("come from a PostgreSQL schema that matches the SQLite one (run `npm run db:schema`)", () => {
    expect(readFileSync(layout.postgresql.schema, "utf8")).toBe(
      derivePostgresSchema(readFileSync(layout.sqlite.schema, "utf8")),
    );
  });
});
