// Loading one page with autocannon, for the page benchmarks (bench:pages, bench:cluster): the
// demo resident's sign-in, and requests/s, latency percentiles and a server's CPU per request.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export const CONNECTIONS = 20;

export interface Run {
  requestsPerSecond: number;
  cpuPerRequest: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Signs in as the demo resident; the cookies a browser would send back. */
export async function signIn(forum: string): Promise<string> {
  const response = await fetch(`${forum}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
    body: new URLSearchParams({ email: "resident@demo.city", password: "demo-resident-2026" }),
  });
  if (response.status !== 302) throw new Error(`signing in as the demo resident answered ${response.status}`);
  // Everything a browser would send back: the session and the language saved with the account.
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * CPU time the server process has used so far, in ms (Linux /proc; NaN elsewhere). Per request
 * it is steadier than requests/s when other work competes for the machine's cores.
 */
export function cpuTime(pid: number | undefined): number {
  try {
    // utime and stime, in clock ticks (100 a second on Linux), after the parenthesised name.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

export async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  pid?: number,
  connections = CONNECTIONS,
): Promise<Run> {
  // autocannon reports p97.5 but not p95, so the latencies are kept here.
  const latencies: number[] = [];
  const cpuBefore = cpuTime(pid);
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ url, headers, connections, duration: seconds }, (error, outcome) =>
      error ? fail(error) : done(outcome),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    cpuPerRequest: (cpuTime(pid) - cpuBefore) / result.requests.total,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}
