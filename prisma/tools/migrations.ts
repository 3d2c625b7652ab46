// Migrations without the Prisma CLI's native engine, which it downloads from a CDN that
// government intranets (and our CI) cannot reach. The wasm schema engine runs in-process
// over the same driver adapters as the app and keeps the same _prisma_migrations table
// as `prisma migrate deploy`, so either tool can serve a database.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { SchemaEngine } from "@prisma/schema-engine-wasm";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { layout } from "./layout";
import {
  createAdapterFactory,
  databaseProvider,
  databaseUrl,
  SQLITE_BUSY_TIMEOUT_MS,
  sqliteFilePath,
  type DatabaseProvider,
} from "../../app/database.server";

/** Each PostgreSQL migration folder keeps the schema it was made from, so the next one can be diffed without introspection. */
export const SNAPSHOT_FILE = "schema.prisma";
const noFilters = { externalTables: [], externalEnums: [] };

export function readSchema(provider: DatabaseProvider): string {
  return readFileSync(layout[provider].schema, "utf8");
}

export function migrationNames(provider: DatabaseProvider): string[] {
  const dir = layout[provider].migrations;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

function migrationsList(provider: DatabaseProvider) {
  const baseDir = layout[provider].migrations;
  const lockPath = join(baseDir, "migration_lock.toml");
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: migrationNames(provider).map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(join(baseDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/**
 * Wraps the adapter factory for the engine. It records every connection so that all are closed
 * when the engine is done (engine.free() leaves them open, and an open SQLite connection keeps
 * its lock), and it routes argument-less raw statements on the shadow database to
 * executeScript: the engine sends whole multi-statement scripts, which better-sqlite3 refuses.
 */
function engineFactory(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const shadow = await factory.connectToShadowDb();
      opened.push(shadow);
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = async (query) => {
        if (query.args.length === 0) {
          await shadow.executeScript(query.sql);
          return 0;
        }
        return executeRaw(query);
      };
      return shadow;
    },
  };
  return { wrapped, closeAll: () => Promise.all(opened.map((adapter) => adapter.dispose())) };
}

async function withEngine<T>(
  provider: DatabaseProvider,
  url: string,
  work: (engine: SchemaEngine) => Promise<T>,
  options: { shadowDatabaseUrl?: string } = {},
): Promise<T> {
  const schema = readSchema(provider);
  // A pool of our own for PostgreSQL, so that it can be closed at once instead of idling out.
  const pool = provider === "postgresql" ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
  const factory: SqlMigrationAwareDriverAdapterFactory = pool ? new PrismaPg(pool) : createAdapterFactory(url, options);
  const { wrapped, closeAll } = engineFactory(factory);
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(wrapped),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await closeAll();
    await pool?.end();
  }
}

/**
 * The committed migrations that the database has not finished applying, read straight from
 * _prisma_migrations. The schema engine takes an exclusive lock on a SQLite file, which fails
 * while another process (the app, the collaboration server) has it open; asking first means a
 * start-up or `npm run admin:create` with nothing to migrate never needs that lock.
 */
export async function pendingMigrations(url: string): Promise<string[]> {
  const provider = databaseProvider(url);
  const applied = new Set<string>();
  const query = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  if (provider === "sqlite") {
    const file = sqliteFilePath(url);
    if (existsSync(file)) {
      const db = new Database(file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
      try {
        const hasTable = db
          .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`)
          .get();
        if (hasTable)
          for (const row of db.prepare(query).all() as Array<{ migration_name: string }>)
            applied.add(row.migration_name);
      } finally {
        db.close();
      }
    }
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ exists: string | null }>(
        `SELECT to_regclass('_prisma_migrations')::text AS exists`,
      );
      if (rows[0]?.exists)
        for (const row of (await client.query<{ migration_name: string }>(query)).rows) applied.add(row.migration_name);
    } finally {
      await client.end();
    }
  }
  return migrationNames(provider).filter((name) => !applied.has(name));
}

/** Applies the committed migrations that the database has not seen yet. */
export async function applyMigrations(url = databaseUrl()): Promise<string[]> {
  const provider = databaseProvider(url);
  if ((await pendingMigrations(url)).length === 0) return [];
  if (provider === "sqlite") enableWriteAheadLog(url);
  return withEngine(provider, url, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: migrationsList(provider),
      filters: noFilters,
    });
    return appliedMigrationNames;
  });
}

// WAL lets the app and a separate collaboration process read while one of them writes.
// The setting is stored in the file itself, so setting it once here covers every connection.
function enableWriteAheadLog(url: string) {
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/**
 * The SQL that would bring the committed migrations up to the schema file; empty when they agree.
 * SQLite replays the migrations into a throwaway shadow file. PostgreSQL diffs the schema snapshot
 * kept with the last migration against the schema file (the engine cannot introspect through
 * @prisma/adapter-pg), which needs a live server but no shadow database.
 */
export async function pendingSchemaChange(provider: DatabaseProvider, url: string): Promise<string> {
  const current = readSchema(provider);
  if (provider === "sqlite") {
    const shadowDir = mkdtempSync(join(tmpdir(), "forum-shadow-"));
    try {
      return await withEngine(
        provider,
        url,
        async (engine) => {
          const list = migrationsList(provider);
          const result = await engine.diff({
            from: list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" },
            to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: current }] },
            script: true,
            exitCode: true,
            filters: noFilters,
          });
          return result.exitCode === 0 ? "" : (result.stdout ?? "");
        },
        { shadowDatabaseUrl: `file:${join(shadowDir, "shadow.db")}` },
      );
    } finally {
      rmSync(shadowDir, { recursive: true, force: true });
    }
  }
  const names = migrationNames(provider);
  const last = names.at(-1);
  return withEngine(provider, url, async (engine) => {
    const result = await engine.diff({
      from: last
        ? {
            tag: "schemaDatamodel",
            files: [
              {
                path: "schema.prisma",
                content: readFileSync(join(layout[provider].migrations, last, SNAPSHOT_FILE), "utf8"),
              },
            ],
          }
        : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: current }] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  });
}
