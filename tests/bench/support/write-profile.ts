// Asks a forum started with BENCH_PROFILE (forum-server.ts, live-forum-server.ts) for its CPU
// profile, and waits until the file is written, before the bench stops the forum.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";

export async function writeProfile(child: ChildProcess, file: string) {
  mkdirSync(dirname(file), { recursive: true });
  rmSync(file, { force: true });
  child.kill("SIGUSR2");
  while (!existsSync(file)) await new Promise((done) => setTimeout(done, 100));
}
