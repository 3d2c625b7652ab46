import { resolve } from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const root = resolve(import.meta.dirname, "..");

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  // A stopgap, in CI only: some specs write to the server's SQLite file from the test process
  // while the server runs read-then-write transactions, which SQLite in WAL mode then refuses
  // (SQLITE_BUSY_SNAPSHOT, seen as "Operation has timed out"). A retried journey is listed as
  // "flaky" in the output, so it stays visible; the fix (writes through the server, or
  // BEGIN IMMEDIATE for the server's transactions) is still to do.
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    // Debian's Chromium: Playwright's own browser download cannot reach its CDN here.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  // The real server, started the way `npm start` starts it, on a fresh SQLite file that it
  // migrates and seeds with the demo city itself.
  webServer: {
    command: "rm -f data/e2e.db data/e2e.db-wal data/e2e.db-shm && npm start",
    cwd: root,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      DATABASE_URL: "file:./data/e2e.db",
      // Every test browser comes from 127.0.0.1; the limits themselves are tested in the integration suite.
      RATE_LIMIT_REGISTER_PER_IP: "1000",
      RATE_LIMIT_LOGIN_PER_IP: "1000",
    },
  },
});
