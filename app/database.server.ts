import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseProvider = "sqlite" | "postgresql";

/** The embedded default: a SQLite file in ./data, so `npm start` needs no server. */
export const DEFAULT_DATABASE_URL = "file:./data/forum.db";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function databaseProvider(url = databaseUrl()): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url}"`);
}

export function sqliteFilePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** How long a writer waits for another process's lock before giving up (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function createAdapterFactory(url = databaseUrl(), options: { shadowDatabaseUrl?: string } = {}) {
  if (databaseProvider(url) === "postgresql") {
    return new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  return new PrismaBetterSqlite3(
    { url: `file:${file}`, timeout: SQLITE_BUSY_TIMEOUT_MS },
    { shadowDatabaseUrl: options.shadowDatabaseUrl },
  );
}
