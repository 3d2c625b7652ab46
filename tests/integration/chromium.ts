// Debian's Chromium for the integration tests that need a real browser (forms sent by Remix's
// script, a live page's EventSource): Playwright cannot download its own here, and without the
// background-networking flags Chromium floods the closed network with refused connections.
import { chromium } from "playwright-core";

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
