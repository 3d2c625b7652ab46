import { readFileSync, writeFileSync } from "node:fs";
import { layout } from "./layout";

const HEADER = "// Generated from ../schema.prisma by `npm run db:schema`. Do not edit: edit ../schema.prisma.\n";

/** PostgreSQL gets the same model; only the provider and the generated client's folder differ. */
export function derivePostgresSchema(sqliteSchema: string): string {
  const derived = sqliteSchema
    .replace(/^\/\/ The source of truth[^\n]*\n(\/\/[^\n]*\n)*/m, HEADER)
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../app/generated/sqlite"', 'output       = "../../app/generated/postgresql"');
  if (derived === sqliteSchema)
    throw new Error("prisma/schema.prisma no longer has the expected provider/output lines");
  return derived;
}

export function writePostgresSchema(): boolean {
  const wanted = derivePostgresSchema(readFileSync(layout.sqlite.schema, "utf8"));
  let current = "";
  try {
    current = readFileSync(layout.postgresql.schema, "utf8");
  } catch {
    // first run: the file does not exist yet
  }
  if (current === wanted) return false;
  writeFileSync(layout.postgresql.schema, wanted);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    writePostgresSchema() ? "Wrote prisma/postgresql/schema.prisma" : "prisma/postgresql/schema.prisma is up to date",
  );
}
