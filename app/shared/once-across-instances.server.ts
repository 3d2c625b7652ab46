// Periodic work that must not run in every instance at once (sending the same email twice, two
// instances compacting the same document). On PostgreSQL, a round runs only in the instance that
// gets a session-level advisory lock for its name, on a connection of its own; the others skip
// that round. The lock goes with the connection if the instance dies mid-round. On SQLite (the
// embedded default, one process) the round simply runs.
import pg from "pg";
import { databaseProvider, databaseUrl } from "~/database.server";

/** The lock's key for a name: the same in every instance, one per kind of work. */
const KEY = "SELECT pg_try_advisory_lock(hashtext($1)) AS locked";

/** Runs `work` unless another instance is running the work of this name; returns whether it ran. */
export async function runInOneInstance(name: string, work: () => Promise<unknown>): Promise<boolean> {
  const url = databaseUrl();
  if (databaseProvider(url) !== "postgresql") {
    await work();
    return true;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(KEY, [`civic-forum:${name}`]);
    if (!rows[0]?.locked) return false;
    await work();
    return true;
  } finally {
    // Ending the session releases the lock.
    await client.end();
  }
}
