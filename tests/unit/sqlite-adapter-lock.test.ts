// @prisma/adapter-better-sqlite3 7.10.0 has one connection for the whole process. Upstream, a
// query made outside a transaction while another request's transaction is open runs inside that
// transaction, and its rollback erases a write that was already acknowledged. The patch
// (patches/@prisma+adapter-better-sqlite3+7.10.0.patch, docs/decisions/0006, report ready to file:
// docs/upstream/prisma-adapter-better-sqlite3-rollback.md) makes such a query wait for the
// transaction to end. This test fails on the unpatched adapter.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "forum-adapter-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = { arity: "scalar", scalarType: "string" } as const;
const insert = (id: string) => ({ sql: 'INSERT INTO "Item" ("id") VALUES (?)', args: [id], argTypes: [text] });
const allIds = { sql: 'SELECT "id" FROM "Item" ORDER BY "id"', args: [], argTypes: [] };

describe("the SQLite adapter's one connection", () => {
  it("keeps a write made outside a transaction when that transaction rolls back", async () => {
    const adapter = await new PrismaBetterSqlite3({ url: `file:${join(dir, "lock.db")}` }).connect();
    await adapter.executeScript('CREATE TABLE "Item" ("id" TEXT PRIMARY KEY)');

    const transaction = await adapter.startTransaction();
    // Prisma's engine sends BEGIN's counterpart itself (the adapter's usePhantomQuery is false).
    await transaction.executeRaw(insert("inside"));
    // Another request's write. Upstream, the adapter runs it at once, on the connection that is
    // inside the open transaction; patched, it waits for the transaction to end.
    const outside = adapter.executeRaw(insert("outside"));
    await transaction.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
    await transaction.rollback();

    expect(await outside).toBe(1);
    expect((await adapter.queryRaw(allIds)).rows).toEqual([["outside"]]);
    await adapter.dispose();
  });

  it("lets a read outside a transaction see only what was committed", async () => {
    const adapter = await new PrismaBetterSqlite3({ url: `file:${join(dir, "read.db")}` }).connect();
    await adapter.executeScript('CREATE TABLE "Item" ("id" TEXT PRIMARY KEY)');

    const transaction = await adapter.startTransaction();
    await transaction.executeRaw(insert("uncommitted"));
    const read = adapter.queryRaw(allIds);
    await transaction.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
    await transaction.rollback();

    expect((await read).rows).toEqual([]);
    await adapter.dispose();
  });
});
