// The simulated viewers of the live benchmarks (bench:live, bench:cluster): child processes
// holding many event streams (live-viewers.ts), told where to connect and asked when every viewer
// of a target has a marked payload; and the figures both print (CPU from /proc, percentiles, the
// delays from a send to each receipt).
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../processes";
import type { FromViewers, ToViewers, ViewerTarget } from "./live-viewers";

/** CPU seconds the process has used (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const percentile = (sorted: ArrayLike<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export class Viewers {
  readonly processes: ChildProcess[] = [];
  private readonly waiting = new Map<string, { left: number; done: () => void }>();
  /** One frame per target and marker as a viewer received it, for the bare server to send the same. */
  readonly samples = new Map<string, { id: number; event: string; data: string }>();

  /** `children` collects the viewer processes, for the caller to kill when it exits. */
  constructor(count: number, children: ChildProcess[]) {
    for (let i = 0; i < count; i++) {
      const child = fork(join(ROOT, "tests/bench/support/live-viewers.ts"), [], {
        execArgv: ["--import", "tsx"],
        cwd: ROOT,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      children.push(child);
      child.on("message", (message: FromViewers) => {
        if ("complete" in message) {
          const key = `${message.complete.target}:${message.complete.marker}`;
          this.samples.set(key, {
            id: message.complete.id,
            event: message.complete.event,
            data: message.complete.data,
          });
          const entry = this.waiting.get(key);
          if (entry && --entry.left === 0) {
            this.waiting.delete(key);
            entry.done();
          }
        }
      });
      this.processes.push(child);
    }
  }

  private ask(message: ToViewers): Promise<FromViewers[]> {
    return Promise.all(
      this.processes.map(
        (child) =>
          new Promise<FromViewers>((done) => {
            const onMessage = (reply: FromViewers) => {
              if ("complete" in reply) return;
              child.off("message", onMessage);
              done(reply);
            };
            child.on("message", onMessage);
            child.send(message);
          }),
      ),
    );
  }

  /** Opens each target's viewers, split between the processes. */
  async open(targets: ViewerTarget[]) {
    const share = (count: number, i: number) =>
      Math.floor(count / this.processes.length) + (i < count % this.processes.length ? 1 : 0);
    const replies = await Promise.all(
      this.processes.map(
        (child, i) =>
          new Promise<FromViewers>((done) => {
            const onMessage = (reply: FromViewers) => {
              if (!("ready" in reply)) return;
              child.off("message", onMessage);
              done(reply);
            };
            child.on("message", onMessage);
            child.send({
              start: targets.map((target) => ({ ...target, count: share(target.count, i) })),
            } satisfies ToViewers);
          }),
      ),
    );
    const totals: Record<string, { open: number; refused: number; failed: number }> = {};
    for (const reply of replies) {
      if (!("ready" in reply)) continue;
      for (const [name, tally] of Object.entries(reply.ready)) {
        const total = (totals[name] ??= { open: 0, refused: 0, failed: 0 });
        total.open += tally.open;
        total.refused += tally.refused;
        total.failed += tally.failed;
      }
    }
    return totals;
  }

  /** Resolves once every viewer of the target has the marked payload, or after the timeout (false). */
  delivered(target: string, marker: number, timeoutMs: number): Promise<boolean> {
    return new Promise((done) => {
      const key = `${target}:${marker}`;
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        done(false);
      }, timeoutMs);
      this.waiting.set(key, {
        left: this.processes.length,
        done: () => {
          clearTimeout(timer);
          done(true);
        },
      });
    });
  }

  async report() {
    const replies = await this.ask({ report: true });
    const merged: Record<
      string,
      { receipts: Map<number, number[]>; resets: number; viewerEvents: number; dropped: number }
    > = {};
    for (const reply of replies) {
      if (!("report" in reply)) continue;
      for (const [name, part] of Object.entries(reply.report)) {
        const target = (merged[name] ??= { receipts: new Map(), resets: 0, viewerEvents: 0, dropped: 0 });
        for (const [marker, times] of Object.entries(part.receipts))
          target.receipts.set(Number(marker), [...(target.receipts.get(Number(marker)) ?? []), ...times]);
        target.resets += part.resets;
        target.viewerEvents += part.viewerEvents;
        target.dropped += part.dropped;
      }
    }
    return merged;
  }

  /** Ends the streams of one target (after its report was taken). */
  closeTarget(name: string) {
    for (const child of this.processes) child.send({ closeTarget: name } satisfies ToViewers);
  }

  close() {
    for (const child of this.processes) child.send({ close: true } satisfies ToViewers);
  }
}

export interface Delays {
  sorted: Float64Array;
  expected: number;
}

export function delaysOf(receipts: Map<number, number[]>, sentAt: Map<number, number>, viewers: number): Delays {
  const delays: number[] = [];
  for (const [marker, sent] of sentAt)
    for (const at of receipts.get(marker) ?? []) if (!Number.isNaN(at)) delays.push(at - sent);
  return { sorted: Float64Array.from(delays).sort(), expected: sentAt.size * viewers };
}
