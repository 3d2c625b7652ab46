// Child processes for tests and benchmarks that start a server as `npm start` or `npm run collab`
// would: a free port, and a start that resolves once the server prints that it listens.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", () => done()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/** Starts `node <args>` in the project and resolves once its output includes `readyLine`. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  readyLine: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes(readyLine) && ready());
    child.once("exit", (code) => fail(new Error(`node ${args.join(" ")} exited with ${code} before it was ready`)));
  });
  child.stdout!.resume();
  return child;
}

/** `npm run collab` on a port, with the environment's database; `node` takes `nodeArgs` first. */
export const startCollabProcess = (port: number, env: Record<string, string> = {}, nodeArgs: string[] = []) =>
  startProcess(
    [...nodeArgs, "--import", "tsx", "collab-server/main.ts"],
    { ...env, COLLAB_PORT: String(port) },
    "Collaboration server on",
  );
