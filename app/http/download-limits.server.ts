// How many downloads (open data, revisions, reports, calendars: any path ending in a file
// extension the forum serves as a download) run at once. Each is streamed with backpressure, but
// making one costs the process CPU between its writes; with no bound, a few visitors asking for
// the revisions of a 300,000-character draft over and over took the co-editing sockets' turn.
// A visitor (an address, as the server sees it behind the trusted proxy) may run a few at once;
// the process runs a bounded number in all. Past either bound the answer is at once and plain:
// 429 or 503 with Retry-After, a page in the visitor's language, and nothing half-sent.
// Per instance on purpose: with several instances the proxy's limit_conn bounds the address
// across them (docs/deploy.md), and a slot held in Redis would outlive an instance that died.
import type { RequestHandler } from "express";
import { RequestRefused } from "./errors.server";

export interface DownloadLimits {
  /** Downloads one address may have running at once. */
  perAddress: number;
  /** Downloads the process runs at once, for everyone. */
  total: number;
}

/** The extensions of the forum's downloads (not /build or public files, served before this). */
const DOWNLOAD_PATH = /\.(?:json|csv|md|ics|txt)$/i;

/** Seconds a refused visitor is asked to wait: downloads take seconds, not minutes. */
const RETRY_AFTER_SECONDS = 10;

export function downloadLimitsFromEnv(): DownloadLimits {
  return {
    perAddress: Number(process.env.DOWNLOADS_PER_ADDRESS ?? 3),
    total: Number(process.env.MAX_DOWNLOADS ?? 8),
  };
}

export function limitDownloads(limits: DownloadLimits): RequestHandler {
  const byAddress = new Map<string, number>();
  let running = 0;
  return (req, res, next) => {
    if (req.method !== "GET" || !DOWNLOAD_PATH.test(req.path)) return next();
    const address = req.ip ?? "unknown";
    const mine = byAddress.get(address) ?? 0;
    if (mine >= limits.perAddress || running >= limits.total) {
      res.set("Retry-After", String(RETRY_AFTER_SECONDS));
      return next(new RequestRefused(mine >= limits.perAddress ? 429 : 503));
    }
    running += 1;
    byAddress.set(address, mine + 1);
    // "close" comes once, when the response is finished or the visitor went away.
    res.once("close", () => {
      running -= 1;
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left > 0) byAddress.set(address, left);
      else byAddress.delete(address);
    });
    next();
  };
}
