// The forum as `npm start` runs it (server.ts: build if needed, migrate, seed, serve), plus a
// SIGTERM handler so that `node --cpu-prof` gets to write its profile when the benchmark ends.
import { startServer } from "../../../server";

process.on("SIGTERM", () => process.exit(0));
await startServer(Number(process.env.PORT ?? 0));
