// The upkeep that closes ended votes runs in every instance. Two instances starting it at once
// must close each vote once and log no error: one runs the round, the other skips it, and a close
// that must wait for another transaction on the cycle (a close or a ballot batch elsewhere) waits
// for it instead of failing Prisma's default 5 s transaction timeout (P2028).
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseProvider } from "~/database.server";
import { db } from "~/db.server";
import { runVoteUpkeepRound } from "~/features/priorities/vote-close.server";
import { castOnline, createCycle, createPeople, verify } from "./priorities-fixtures";

const onPostgres = databaseProvider(process.env.DATABASE_URL!) === "postgresql";

async function endedVote() {
  const { area, cycle } = await createCycle(db, {
    method: "approval",
    maxChoices: 1,
    costs: [null, null],
    phase: "results",
  });
  const people = await createPeople(db, 3);
  await verify(
    db,
    area.id,
    people.map((person) => person.id),
  );
  for (const person of people) await castOnline(db, cycle.id, person.id, "1");
  return cycle;
}

describe("the vote-close upkeep", () => {
  let errors: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    errors = vi.spyOn(console, "error");
  });
  afterEach(() => errors.mockRestore());

  it("closes an ended vote once when two instances run their round at the same moment, and logs no error", async () => {
    const cycle = await endedVote();
    const rounds = await Promise.all([runVoteUpkeepRound(), runVoteUpkeepRound()]);
    // On PostgreSQL one round ran and the other skipped it (null); SQLite is one process.
    const ran = rounds.filter((closed) => closed !== null);
    if (onPostgres) expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(ran.reduce<number>((sum, closed) => sum + (closed ?? 0), 0)).toBeGreaterThanOrEqual(1);
    const closed = await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } });
    expect(closed.voteClosedAt).not.toBeNull();
    expect(closed.electorate).toBe(3);
    expect(await db.ballot.count({ where: { cycleId: cycle.id, voterId: { not: null } } })).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "cycle.voteClose", targetId: cycle.id } })).toBe(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it.runIf(onPostgres)(
    "waits for another instance's transaction on the cycle that lasts longer than 5 s, then closes it, with no error",
    async () => {
      const cycle = await endedVote();
      // Another instance holds the cycle's row, as a long close or a ballot batch entry does.
      const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
      await other.query("BEGIN");
      await other.query(`SELECT "id" FROM "Cycle" WHERE "id" = $1 FOR UPDATE`, [cycle.id]);
      const round = runVoteUpkeepRound();
      try {
        await expect
          .poll(
            async () =>
              (
                await other.query<{ count: string }>(
                  `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
                )
              ).rows[0].count,
            { timeout: 10_000, interval: 50 },
          )
          .not.toBe("0");
        // Longer than Prisma's default transaction timeout, which ended the close with P2028.
        await sleep(5500);
      } finally {
        await other.query("ROLLBACK");
        await other.end();
      }
      expect(await round).toBeGreaterThanOrEqual(1);
      expect((await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } })).voteClosedAt).not.toBeNull();
      expect(errors).not.toHaveBeenCalled();
    },
  );
});
