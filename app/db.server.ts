import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { createAdapterFactory, databaseProvider, databaseUrl } from "./database.server";

/**
 * Both generated clients have the same models and methods; the SQLite one's type stands for
 * both. Only what both databases support may be used (no `mode: "insensitive"`, no native enums).
 */
export type Db = SqliteClient;

export function createDb(url = databaseUrl()): Db {
  const adapter = createAdapterFactory(url);
  return databaseProvider(url) === "postgresql"
    ? (new PostgresClient({ adapter }) as unknown as Db)
    : new SqliteClient({ adapter });
}

declare global {
  // One client per process, also across the dev server's module reloads.
  var __forumDb: Db | undefined;
}

export const db: Db = (globalThis.__forumDb ??= createDb());
