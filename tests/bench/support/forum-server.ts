// The forum as `npm start` runs it (server.ts: build if needed, migrate, seed, serve). With
// BENCH_PROFILE=<file>, SIGUSR2 starts the V8 CPU profiler and SIGTERM writes the profile to
// that file before exiting, so that the profile holds the steady state under load and not the
// build, migrations and seeding at start-up.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { startServer } from "../../../server";

const profileFile = process.env.BENCH_PROFILE;
let profiler: Session | undefined;

process.on("SIGUSR2", () => {
  if (!profileFile || profiler) return;
  profiler = new Session();
  profiler.connect();
  void profiler.post("Profiler.enable").then(() => profiler!.post("Profiler.start"));
});
process.on("SIGTERM", async () => {
  if (profileFile && profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(profileFile, JSON.stringify(profile));
  }
  process.exit(0);
});

await startServer(Number(process.env.PORT ?? 0));
