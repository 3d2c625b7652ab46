// A request whose database work waits longer than a transaction may (Prisma's P2028: another
// transaction holds what it needs) answers 503 with Retry-After and a page saying "busy, try
// again" in the visitor's language, not 500 "something went wrong"; nothing is half written, and
// the same form sent again once the database is free succeeds.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseProvider, sqliteFilePath } from "~/database.server";
import { db } from "~/db.server";
import { seedDemoCity } from "../../prisma/seed";
import * as http from "./http";

let base: string;
http.withRealServer((url) => (base = url));

const onPostgres = databaseProvider(process.env.DATABASE_URL!) === "postgresql";
/** Prisma's interactive transaction timeout (its default, which the forum keeps for requests). */
const TRANSACTION_TIMEOUT_MS = 5000;

/**
 * Sends a request while another connection holds the question's row (PostgreSQL: FOR UPDATE, as
 * a long transaction of another instance would) past the forum's transaction timeout, or the
 * whole database (SQLite: the write lock of another process); resolves with the answer.
 */
async function sendWhileHeld(questionId: string, send: () => Promise<Response>): Promise<Response> {
  if (onPostgres) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`SELECT "id" FROM "Question" WHERE "id" = $1 FOR UPDATE`, [questionId]);
    const sent = send();
    try {
      await expect
        .poll(
          async () =>
            (
              await client.query<{ count: string }>(
                `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
              )
            ).rows[0].count,
          { timeout: 10_000, interval: 50 },
        )
        .not.toBe("0");
      // The forum's query waits for the lock: held past the transaction's timeout, as under overload.
      await sleep(TRANSACTION_TIMEOUT_MS + 500);
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
    return sent;
  }
  // better-sqlite3 waits for a lock synchronously (the busy timeout, as long as a transaction may
  // last): the forum's answer comes while the lock is still held.
  const other = new Database(sqliteFilePath(process.env.DATABASE_URL!));
  other.prepare("BEGIN IMMEDIATE").run();
  try {
    return await send();
  } finally {
    other.prepare("ROLLBACK").run();
    other.close();
  }
}

describe("a transaction that waits too long (overload)", () => {
  let sessionId: string;
  let questionId: string;
  let official: string;
  beforeAll(async () => {
    await seedDemoCity(db);
    const session = await db.interviewSession.findFirstOrThrow({
      where: { titleEn: { contains: "Housing Bureau" } },
      select: { id: true },
    });
    sessionId = session.id;
    questionId = (
      await db.question.findFirstOrThrow({ where: { sessionId, status: "published" }, select: { id: true } })
    ).id;
    official = (await http.logInOverHttp(base, "official@demo.city", "demo-official-2026")).cookie;
  });
  afterAll(() => db.answer.deleteMany({ where: { text: { startsWith: "Overload test" } } }));

  const answer = (text: string, headers: Record<string, string>, query = "") =>
    http.post(
      base,
      `/interviews/${sessionId}/console${query}`,
      { intent: "answer", questionId, text, submissionKey: randomBytes(18).toString("base64url") },
      { cookie: official, ...headers },
    );

  for (const [language, busy] of [
    ["en", "The forum is very busy"],
    ["zh-CN", "本站正忙"],
  ] as const) {
    it(`answers a form 503 with Retry-After and a "busy" page in ${language}, saves nothing, and the form works again after`, async () => {
      const text = `Overload test ${language} ${randomBytes(4).toString("hex")}`;
      const response = await sendWhileHeld(questionId, () => answer(text, { "Accept-Language": language }));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      const page = await response.text();
      expect(page).toContain(busy);
      expect(await db.answer.count({ where: { text } })).toBe(0);

      const again = await answer(text, { "Accept-Language": language });
      expect(again.status).toBe(302);
      expect(await db.answer.count({ where: { text } })).toBe(1);
    });
  }

  it("answers a form sent by the page's script (?_data=) 503 with Retry-After", async () => {
    const text = `Overload test data ${randomBytes(4).toString("hex")}`;
    const route = encodeURIComponent("routes/interviews.$sessionId.console");
    const response = await sendWhileHeld(questionId, () =>
      answer(text, { "Accept-Language": "en" }, `?_data=${route}`),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await db.answer.count({ where: { text } })).toBe(0);
  });
});
