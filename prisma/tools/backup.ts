// npm run db:backup [-- <file>]: a consistent copy of the forum's database (DATABASE_URL, default
// ./data/forum.db), safe while the forum runs and writes. Without a file name it is written to
// ./data/backups/ with the time in its name.
// - SQLite: SQLite's online backup API (better-sqlite3's backup()), all pages in one step: one
//   read transaction, which in WAL mode never blocks the forum's writers, so the copy is one
//   moment's database, write-ahead log included. (In small steps, as by default, SQLite restarts
//   the copy whenever another connection writes between two steps; on a busy forum it might not end.)
// - PostgreSQL: pg_dump in its custom format, which reads everything in one snapshot.
// Restore with npm run db:restore -- <file>.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { databaseProvider, databaseUrl, SQLITE_BUSY_TIMEOUT_MS, sqliteFilePath } from "../../app/database.server";
import { libpqUrl } from "./backup-files";

/** better-sqlite3's largest step: every page of the database at once. */
const ALL_PAGES = 0x7fffffff;
const url = databaseUrl();
const provider = databaseProvider(url);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const target = resolve(
  process.argv[2] ?? join("data", "backups", `forum-${stamp}.${provider === "sqlite" ? "db" : "dump"}`),
);
mkdirSync(dirname(target), { recursive: true });

if (provider === "sqlite") {
  const source = new Database(sqliteFilePath(url), { fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    await source.backup(target, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
} else {
  const result = spawnSync(
    "pg_dump",
    ["--format=custom", "--no-owner", `--file=${target}`, `--dbname=${libpqUrl(url)}`],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  if (result.error)
    throw new Error(`pg_dump could not run (is the PostgreSQL client installed?): ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
console.log(`Backed up the ${provider} database to ${target}`);
