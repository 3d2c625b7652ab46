import { resolve } from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const root = resolve(import.meta.dirname, "..");

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  // No retries: a journey that fails once is a defect to fix. Some specs write to the server's
  // SQLite file from the test process; the server's transactions take the write lock when they
  // begin, so such a write waits its turn (docs/decisions/0029-ci-duration.md).
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
