// @prisma/adapter-better-sqlite3 is patched (patches/, applied by npm install through
// patch-package) so that each connection keeps its prepared statements instead of compiling
// every query anew (docs/decisions/0006). A kept statement must carry nothing from one query to the next.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "forum-statements-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = { arity: "scalar", scalarType: "string" } as const;
const int = { arity: "scalar", scalarType: "int" } as const;

describe("kept SQLite statements", () => {
  it("runs the patched builds", () => {
    // The CommonJS build (index.js) and, next to it, the ES module build the server imports.
    const commonJs = require.resolve("@prisma/adapter-better-sqlite3");
    for (const file of [commonJs, commonJs.replace(/\.js$/, ".mjs")]) {
      expect(readFileSync(file, "utf8")).toContain("function preparedStatement(client, sql)");
    }
  });

  it("gives each run its own parameters and rows, reads and writes alike", async () => {
    const adapter = await new PrismaBetterSqlite3({ url: `file:${join(dir, "test.db")}` }).connect();
    await adapter.executeScript('CREATE TABLE "Item" ("id" TEXT PRIMARY KEY, "rank" INTEGER NOT NULL)');
    const insert = 'INSERT INTO "Item" ("id", "rank") VALUES (?, ?)';
    for (const [id, rank] of [
      ["a", "1"],
      ["b", "2"],
      ["c", "3"],
    ]) {
      expect(await adapter.executeRaw({ sql: insert, args: [id, rank], argTypes: [text, int] })).toBe(1);
    }
    const byRank = 'SELECT "id" FROM "Item" WHERE "rank" >= ? ORDER BY "rank"';
    const ids = async (rank: string) =>
      (await adapter.queryRaw({ sql: byRank, args: [rank], argTypes: [int] })).rows.map((row) => row[0]);
    expect(await ids("1")).toEqual(["a", "b", "c"]);
    expect(await ids("3")).toEqual(["c"]);
    expect(await ids("4")).toEqual([]);
    expect(await ids("2")).toEqual(["b", "c"]);
    // The same text run as a write through queryRaw, and a read after a change of schema.
    await adapter.queryRaw({ sql: insert, args: ["d", "4"], argTypes: [text, int] });
    const everything = { sql: 'SELECT * FROM "Item" WHERE "rank" >= ?', args: ["4"], argTypes: [int] };
    expect((await adapter.queryRaw(everything)).columnNames).toEqual(["id", "rank"]);
    await adapter.executeScript('ALTER TABLE "Item" ADD COLUMN "note" TEXT');
    const after = await adapter.queryRaw(everything);
    expect(after.columnNames).toEqual(["id", "rank", "note"]);
    expect(after.rows).toEqual([["d", 4, null]]);
    expect(await ids("4")).toEqual(["d"]);
    await expect(adapter.queryRaw({ sql: byRank, args: [], argTypes: [] })).rejects.toThrow();
    expect(await ids("1")).toEqual(["a", "b", "c", "d"]);
    await adapter.dispose();
  });
});
