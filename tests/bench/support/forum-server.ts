// The forum as `npm start` runs it (server.ts: build if needed, migrate, seed, serve). With
// BENCH_PROFILE=<file>, a first SIGUSR2 starts the V8 CPU profiler and a second one writes the
// profile to that file, so that the profile holds the steady state under load and not the build,
// migrations and seeding at start-up. (Not on SIGTERM: the server's own drain exits on it.)
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { startServer } from "../../../server";

const profileFile = process.env.BENCH_PROFILE;
let profiler: Session | undefined;

process.on("SIGUSR2", async () => {
  if (!profileFile) return;
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(profileFile, JSON.stringify(profile));
    return;
  }
  profiler = new Session();
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
});

await startServer(Number(process.env.PORT ?? 0));
