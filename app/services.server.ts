// What the process around the Remix app needs from it: server.ts mounts these on Express and the
// HTTP server. They reach server.ts through the Remix build (app/entry.server.tsx re-exports
// them), never as app/ source of its own: the build bundles every module it uses, so a module
// server.ts imported again would be a second copy with a second live bus, a second registry of
// topics, a second database client (docs/decisions/0028-one-load-of-each-service.md).
import { POLICY_BODY_LIMITS } from "./features/policies/body-limits";
import { PRIORITY_BODY_LIMITS } from "./features/priorities/body-limits";
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
export { handleRequestErrors, refuseOtherMethods } from "./http/errors.server";
export { readBoundedBody } from "./http/request-body.server";
export { newRequestScope } from "./http/request-scope.server";
export { noStoreWhenSignedIn, nonceForEachResponse, securityHeaders } from "./http/security-headers.server";
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
export { createForumCollabServer } from "../collab-server/forum";
export { attachCollabServer } from "../collab-server/websocket";

/** The paths whose forms carry more than short text, as their features declare them. */
export const BODY_LIMITS: readonly BodyLimit[] = [...POLICY_BODY_LIMITS, ...PRIORITY_BODY_LIMITS];
