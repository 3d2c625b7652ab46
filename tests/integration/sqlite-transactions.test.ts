// A write acknowledged to one request must survive another request's transaction rolling back.
// SQLite through Prisma's adapter has one connection: a query outside the transaction used to
// run inside it and vanish with its rollback (patches/@prisma+adapter-better-sqlite3+7.10.0.patch).
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { databaseProvider, sqliteFilePath } from "~/database.server";
import { db } from "~/db.server";
import { PrismaClient as SqliteClient } from "~/generated/sqlite/client";

const department = (label: string) => ({
  slug: `${label}-${randomBytes(4).toString("hex")}`,
  nameZh: "测试",
  nameEn: "Test",
});

describe("a transaction that rolls back", () => {
  it("takes only its own writes with it, not a write another request made meanwhile", async () => {
    const inside = department("inside");
    const outside = department("outside");
    let outsideWrite: Promise<unknown> | undefined;
    let outsideDone = false;
    const failing = db
      .$transaction(async (tx) => {
        await tx.department.create({ data: inside });
        // Another request writes while this transaction is open.
        outsideWrite = db.department.create({ data: outside }).then(() => (outsideDone = true));
        // The rollback must come after that write has been done, or has been queued behind this
        // transaction. PostgreSQL does it at once on a connection of its own, as did SQLite when the
        // write ran on the transaction's one connection (the defect). Done right, SQLite holds it
        // back until this transaction ends: that cannot be seen, only waited out, for a short while.
        await vi.waitFor(() => expect(outsideDone).toBe(true), { timeout: 300, interval: 5 }).catch(() => {});
        throw new Error("rolled back");
      })
      .catch((error: Error) => error.message);
    expect(await failing).toBe("rolled back");
    await outsideWrite;
    expect(await db.department.findUnique({ where: { slug: outside.slug } })).not.toBeNull();
    expect(await db.department.findUnique({ where: { slug: inside.slug } })).toBeNull();
  });
});

// The tests in the browser (and a separately run collaboration server) write to the server's
// SQLite file from another process while the server's transactions read, then write.
describe.runIf(databaseProvider(process.env.DATABASE_URL!) === "sqlite")(
  "a transaction while another process writes to the same SQLite file",
  () => {
    const file = () => sqliteFilePath(process.env.DATABASE_URL!);

    it("holds the write lock from its start, so that the other writer waits instead of breaking it", async () => {
      // Another process's connection, here one that does not wait for locks at all.
      const other = new Database(file(), { timeout: 0 });
      other.exec("CREATE TABLE IF NOT EXISTS other_process_writes (n INTEGER)");
      const written = department("read-then-write");
      let otherWriter: string;
      try {
        await db.$transaction(async (tx) => {
          await tx.department.count(); // reads first, as most of the app's transactions do
          try {
            other.prepare("INSERT INTO other_process_writes (n) VALUES (1)").run();
            otherWriter = "wrote in the middle of the transaction";
          } catch (error) {
            otherWriter = (error as { code?: string }).code ?? String(error);
          }
          // With a deferred BEGIN, the write above succeeded and this one failed: SQLite refuses to
          // upgrade a read snapshot that another writer has made stale (SQLITE_BUSY_SNAPSHOT).
          await tx.department.create({ data: written });
        });
      } finally {
        other.close();
      }
      expect(otherWriter!).toBe("SQLITE_BUSY");
      expect(await db.department.findUnique({ where: { slug: written.slug } })).not.toBeNull();
    });

    it("fails when it cannot have the write lock in time, and leaves the connection usable", async () => {
      const url = `file:${file()}`;
      const impatient = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 100 }) });
      const other = new Database(file());
      try {
        other.prepare("BEGIN IMMEDIATE").run();
        await expect(impatient.$transaction((tx) => tx.department.count())).rejects.toThrow();
        other.prepare("ROLLBACK").run();
        // The adapter's lock for its one connection was handed back when BEGIN failed.
        expect(await impatient.department.count()).toBeGreaterThanOrEqual(0);
        expect(await impatient.$transaction((tx) => tx.department.count())).toBeGreaterThanOrEqual(0);
      } finally {
        if (other.inTransaction) other.prepare("ROLLBACK").run();
        other.close();
        await impatient.$disconnect();
      }
    });
  },
);
