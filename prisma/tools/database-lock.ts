// Work that must not run twice at once on one database: applying migrations and seeding the demo
// city when several instances start together. On PostgreSQL it runs under a session-level
// advisory lock on a connection of its own: the next instance waits until the first is done,
// then finds the migrations applied and the demo seeded, and the lock goes with the connection if
// the holder dies. SQLite is the embedded default, one process: nothing to wait for.
import pg from "pg";
import { databaseProvider } from "../../app/database.server";

/** The advisory lock's key, the same in every instance of the forum ("forum" in ASCII). */
const START_UP_LOCK = 0x666f72756d;

export async function underStartUpLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  if (databaseProvider(url) !== "postgresql") return work();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [START_UP_LOCK]);
    return await work();
  } finally {
    // Ending the session releases its advisory locks.
    await client.end();
  }
}
