// Generates both Prisma clients (SQLite and PostgreSQL). `prisma generate` needs no schema
// engine, but the CLI still tries to download one first; where none is installed, point it at
// a stub so that generation works offline. A real engine, where present, is left alone.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layout } from "./layout";

// No update check or telemetry call: the install may be on a network without internet access.
const env: NodeJS.ProcessEnv = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const stub = join(mkdtempSync(join(tmpdir(), "prisma-stub-")), "schema-engine");
  writeFileSync(stub, "#!/bin/sh\necho 'no native schema engine here: use npm run db:migrate' >&2\nexit 1\n");
  chmodSync(stub, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
const cli = join(import.meta.dirname, "..", "..", "node_modules", "prisma", "build", "index.js");
for (const { schema } of Object.values(layout)) {
  if (!existsSync(schema)) throw new Error(`missing ${schema}`);
  execFileSync(process.execPath, [cli, "generate", "--schema", schema], { stdio: "inherit", env });
}
