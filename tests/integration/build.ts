// Vitest global setup: build the app once, before the test files that start the real server.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export default function setup() {
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
}
