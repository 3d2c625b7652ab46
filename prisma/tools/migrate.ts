// npm run db:migrate: applies the committed migrations to DATABASE_URL (default ./data/forum.db).
import { databaseUrl } from "../../app/database.server";
import { applyMigrations } from "./migrations";

const applied = await applyMigrations(databaseUrl());
console.log(
  applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "The database is up to date.",
);
