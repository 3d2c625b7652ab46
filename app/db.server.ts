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

// One client per process: server.ts takes it from the Remix build, like every other service
// (docs/decisions/0028-one-load-of-each-service.md).
export const db: Db = createDb();
