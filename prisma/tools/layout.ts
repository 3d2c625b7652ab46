import { join, resolve } from "node:path";
import type { DatabaseProvider } from "../../app/database.server";

const PRISMA_DIR = resolve(import.meta.dirname, "..");

/** Where each database's schema file and committed migrations live. */
export const layout: Record<DatabaseProvider, { schema: string; migrations: string }> = {
  sqlite: { schema: join(PRISMA_DIR, "schema.prisma"), migrations: join(PRISMA_DIR, "migrations") },
  postgresql: {
    schema: join(PRISMA_DIR, "postgresql", "schema.prisma"),
    migrations: join(PRISMA_DIR, "postgresql", "migrations"),
  },
};
