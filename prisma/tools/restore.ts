// npm run db:restore -- <file>: puts a backup made by npm run db:backup into DATABASE_URL, which
// must be a new, empty database (a SQLite file that does not exist yet, or a PostgreSQL database
// just created with CREATE DATABASE). Restoring over a forum's data is refused: stop the forum,
// point DATABASE_URL at the restored database, and start it again.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, databaseUrl, sqliteFilePath } from "../../app/database.server";
import { libpqUrl } from "./backup-files";

const file = process.argv[2] && resolve(process.argv[2]);
if (!file || !existsSync(file)) {
  console.error("Usage: npm run db:restore -- <backup file>   (into DATABASE_URL, a new empty database)");
  process.exit(2);
}
const url = databaseUrl();
const provider = databaseProvider(url);

function refuse(reason: string): never {
  console.error(`Not restoring: ${reason}. Restore into a new database and point DATABASE_URL at it.`);
  process.exit(1);
}

if (provider === "sqlite") {
  const target = sqliteFilePath(url);
  if (existsSync(target)) refuse(`${target} already exists`);
  // A backup is a whole database file; checking it opens before copying catches a wrong file.
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  try {
    backup.prepare("SELECT count(*) FROM _prisma_migrations").get();
  } catch {
    refuse(`${file} is not a backup of the forum's SQLite database`);
  } finally {
    backup.close();
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  // As the migrations leave the forum's file (prisma/tools/migrations.ts): the app and the
  // collaboration process read while the other writes.
  const restored = new Database(target);
  try {
    restored.pragma("journal_mode = WAL");
  } finally {
    restored.close();
  }
} else {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    if (Number(rows[0]!.count) > 0) refuse("the database already has tables");
  } finally {
    await client.end();
  }
  const result = spawnSync(
    "pg_restore",
    ["--no-owner", "--exit-on-error", "--single-transaction", `--dbname=${libpqUrl(url)}`, file],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (result.error)
    throw new Error(`pg_restore could not run (is the PostgreSQL client installed?): ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
console.log(`Restored ${file} into the ${provider} database.`);
