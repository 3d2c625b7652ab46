// What the process around the Remix app needs from it: server.ts mounts these on Express and the
// HTTP server. They reach server.ts through the Remix build (app/entry.server.tsx re-exports
// them), never as app/ source of its own: the build bundles every module it uses, so a module
// server.ts imported again would be a second copy with a second live bus, a second registry of
// topics, a second database client (docs/decisions/0028-one-load-of-each-service.md).
import { POLICY_BODY_LIMITS } from "./features/policies/body-limits";
import { PRIORITY_BODY_LIMITS } from "./features/priorities/body-limits";
import { db } from "./db.server";
import { live } from "./features/live/live.server";
import { leaseStoreStatus } from "./features/collab/leases.server";
import { NOT_USED, type ReadinessCheck } from "./http/health.server";
import type { BodyLimit } from "./http/request-body.server";

export { db } from "./db.server";
// The demo city is seeded on first start with the build's modules too: its helpers (revisions,
// adoption reports) use the database client and the live bus.
export { DEMO_ACCOUNTS, seedDemoCity } from "../prisma/seed";
export {
  connectionLimitsFromEnv,
  limitConnections,
  limitPipelining,
  requestTimeoutsFromEnv,
} from "./http/connection-limits.server";
export { createRemixHandler } from "./http/remix-handler.server";
export { downloadLimitsFromEnv, limitDownloads } from "./http/download-limits.server";
export { handleRequestErrors, refuseOtherMethods } from "./http/errors.server";
export { readBoundedBody } from "./http/request-body.server";
export { newRequestScope } from "./http/request-scope.server";
export { newOverloadMark } from "./http/overload.server";
export {
  allowFramingOfScreen,
  noStoreWhenSignedIn,
  nonceForEachResponse,
  securityHeaders,
} from "./http/security-headers.server";
export { endStreamsOnClose } from "./features/live/event-stream.server";
export { LIVE_PATH } from "./features/live/live-events";
export { createLiveStreamHandler } from "./features/live/stream-handler.server";
// The live channel itself: tests that run the server in their own process publish on its bus,
// declare topics of their own and tune its streams (builtServices() in server.ts).
export { live } from "./features/live/live.server";
export { declareLiveTopics, withdrawLiveTopics } from "./features/live/topics.server";
export { eventStreams, eventStreamSettingsFromEnv } from "./features/live/event-stream.server";
export { startNotificationUpkeep } from "./features/notifications/upkeep.server";
export { startVoteUpkeep } from "./features/priorities/vote-close.server";
export { loadHolidays } from "./features/interviews/holiday-calendar.server";
export { startInterviewUpkeep } from "./features/interviews/counter-desk.server";
export { createForumCollabServer } from "../collab-server/forum";
export { attachCollabServer } from "../collab-server/websocket";

/** The paths whose forms carry more than short text, as their features declare them. */
export const BODY_LIMITS: readonly BodyLimit[] = [...POLICY_BODY_LIMITS, ...PRIORITY_BODY_LIMITS];

export { answerHealth, answerReadiness, HEALTH_PATH, READINESS_PATH } from "./http/health.server";

/**
 * What /readyz asks: the database answers, Redis is reachable where the forum uses it (for the
 * live bus and for the leases of co-edited documents), and the
 * database has every migration this build expects (`expected`, the committed migrations' names).
 */
export function readinessChecks(expected: readonly string[]): Record<string, ReadinessCheck> {
  return {
    database: async () => {
      await db.$queryRawUnsafe("SELECT 1");
      return "ok";
    },
    redis: async () => {
      const { shared, connected } = live.status();
      // Without REDIS_URL nothing depends on Redis: saying "ok" would claim a check that never ran.
      if (!shared) return NOT_USED;
      return connected ? "ok" : "unreachable: live events reach this instance's pages only";
    },
    // The leases of co-edited documents (docs/decisions/0038), on their own Redis connection.
    leases: async () => leaseStoreStatus(),
    migrations: async () => {
      const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      );
      const applied = new Set(rows.map((row) => row.migration_name));
      const pending = expected.filter((name) => !applied.has(name));
      return pending.length ? `${pending.length} not applied: ${pending.join(", ")}` : "ok";
    },
  };
}
