// A write acknowledged to one request must survive another request's transaction rolling back.
// SQLite through Prisma's adapter has one connection: a query outside the transaction used to
// run inside it and vanish with its rollback (patches/@prisma+adapter-better-sqlite3+7.10.0.patch).
import { setTimeout as sleep } from "node:timers/promises";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";

const department = (label: string) => ({
  slug: `${label}-${randomBytes(4).toString("hex")}`,
  nameZh: "测试",
  nameEn: "Test",
});

describe("a transaction that rolls back", () => {
  it("takes only its own writes with it, not a write another request made meanwhile", async () => {
    const inside = department("inside");
    const outside = department("outside");
    const failing = db
      .$transaction(async (tx) => {
        await tx.department.create({ data: inside });
        await sleep(200);
        throw new Error("rolled back");
      })
      .catch((error: Error) => error.message);
    await sleep(50);
    await db.department.create({ data: outside });
    expect(await failing).toBe("rolled back");
    expect(await db.department.findUnique({ where: { slug: outside.slug } })).not.toBeNull();
    expect(await db.department.findUnique({ where: { slug: inside.slug } })).toBeNull();
  });
});
