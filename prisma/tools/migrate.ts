// npm run db:migrate: applies the committed migrations to DATABASE_URL (default ./data/forum.db).
import { databaseUrl } from "../../app/database.server";
import { underStartUpLock } from "./database-lock";
import { applyMigrations } from "./migrations";

// Under the start-up lock: a release step may run while instances are starting.
const applied = await underStartUpLock(databaseUrl(), () => applyMigrations(databaseUrl()));
console.log(
  applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.",
);
