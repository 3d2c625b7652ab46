// Vitest global setup of the integration projects: build the app once, before the test files that
// start the real server. Both projects (SQLite, PostgreSQL) list this file and Vitest calls each
// project's global setup in the same process, so the second call finds the build done and returns.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

declare global {
  var __forumBuiltForTests: boolean | undefined;
}

export default function setup() {
  if (globalThis.__forumBuiltForTests) return;
  const root = resolve(import.meta.dirname, "..", "..");
  const result = spawnSync(
    process.execPath,
    [
      "--experimental-wasm-modules",
      "--disable-warning=ExperimentalWarning",
      "--import",
      "tsx",
      "server.ts",
      "--build-only",
    ],
    { cwd: root, stdio: "inherit" },
  );
  if (result.status !== 0) throw new Error("the app did not build");
  globalThis.__forumBuiltForTests = true;
}
