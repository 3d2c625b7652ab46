import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { databaseProvider } from "~/database.server";
import { derivePostgresSchema } from "../../prisma/tools/schema";
import { layout } from "../../prisma/tools/layout";
import { applyMigrations, migrationNames, pendingSchemaChange } from "../../prisma/tools/migrations";

const url = process.env.DATABASE_URL!;
const provider = databaseProvider(url);

describe(`committed ${provider} migrations`, () => {
  it("bring a database exactly to prisma/schema.prisma (run `npm run db:migration -- <name>` after a schema change)", async () => {
    expect(await pendingSchemaChange(provider, url)).toBe("");
  });

  it("are all applied by start-up, and applying them again changes nothing", async () => {
    expect(migrationNames(provider).length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual([]);
  });

  it("come from a PostgreSQL schema that matches the SQLite one (run `npm run db:schema`)", () => {
    expect(readFileSync(layout.postgresql.schema, "utf8")).toBe(
      derivePostgresSchema(readFileSync(layout.sqlite.schema, "utf8")),
    );
  });
});
