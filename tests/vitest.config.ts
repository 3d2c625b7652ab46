import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const root = resolve(import.meta.dirname, "..");
const integration = (database: "sqlite" | "postgresql") => ({
  extends: true as const,
  test: {
    name: database,
    include: ["tests/integration/**/*.test.ts"],
    // The app's build, for the files that start the real server (unit tests need none), and one
    // migrated template database per run, which setup.ts copies for each file.
    globalSetup: ["tests/integration/build.ts", "tests/integration/database-template.ts"],
    setupFiles: ["tests/integration/setup.ts"],
    env: { TEST_DATABASE: database },
    // Each file gets a database of its own, so files can run side by side.
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  root,
  resolve: { alias: { "~": resolve(root, "app") } },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      integration("sqlite"),
      integration("postgresql"),
    ],
    env: {
      NODE_ENV: "test",
      SEED_DEMO: "false",
      // Guessing tests send a hundred wrong passwords; the slow-down itself is not what they test.
      RATE_LIMIT_LOGIN_SLOW_DOWN_MAX_MS: "20",
      COLLAB_ACCESS_CHECK_SECONDS: "1",
    },
    // Vitest's default is one worker fewer than the cores, which is one worker on the 2-core CI
    // machine: the files ran one after the other, leaving a core idle whenever a file waits (on
    // PostgreSQL, on the servers and processes it starts, on timers) (docs/decisions/0029-ci-duration.md).
    maxWorkers: Math.max(2, availableParallelism()),
    execArgv: ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning"],
  },
});
