// npm run db:migration -- <name>
// Writes the next migration for both databases from the change to prisma/schema.prisma.
// PostgreSQL needs a reachable server for the diff (POSTGRES_URL, default the local test server).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layout } from "./layout";
import { pendingSchemaChange, SNAPSHOT_FILE } from "./migrations";
import { writePostgresSchema } from "./schema";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   e.g. npm run db:migration -- add_questions");
  process.exit(1);
}
writePostgresSchema();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = `${stamp}_${name}`;
const postgresUrl = process.env.POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

const scratch = mkdtempSync(join(tmpdir(), "forum-migration-"));
try {
  const changes = {
    sqlite: await pendingSchemaChange("sqlite", `file:${join(scratch, "scratch.db")}`),
    postgresql: await pendingSchemaChange("postgresql", postgresUrl),
  };
  for (const provider of ["sqlite", "postgresql"] as const) {
    const sql = changes[provider];
    if (!sql.trim()) {
      console.log(`${provider}: no change`);
      continue;
    }
    const dir = join(layout[provider].migrations, folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(layout[provider].migrations, "migration_lock.toml"), `provider = "${provider}"\n`);
    writeFileSync(join(dir, "migration.sql"), sql);
    if (provider === "postgresql") copyFileSync(layout.postgresql.schema, join(dir, SNAPSHOT_FILE));
    console.log(`${provider}: wrote ${join(dir, "migration.sql")}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
