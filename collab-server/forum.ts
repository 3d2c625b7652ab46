// The forum's collaboration server: the core with the forum's own hooks.
import { activeSessionUsers, sessionFromCookieHeader } from "../app/features/accounts/auth.server";
import { live, TOPICS } from "../app/features/live/live.server";
import { documentAccess } from "../app/shared/collab";
import { CollabServer } from "./core";

interface ForumContext {
  sessionId: string;
  userId: string;
  displayName: string;
}

const CARET_COLOUR = /^#[0-9a-fA-F]{6}$/;

export function createForumCollabServer() {
  const collab = new CollabServer<ForumContext>({
    async onAuthenticate({ documentName, headers }) {
      const cookie = Array.isArray(headers.cookie) ? headers.cookie.join("; ") : (headers.cookie ?? null);
      const current = await sessionFromCookieHeader(cookie);
      if (!current) return null;
      const { user, session } = current;
      return {
        context: { sessionId: session.id, userId: user.id, displayName: user.displayName },
        access: documentAccess(user, documentName),
      };
    },

    async onCheckAccess(connections) {
      const users = await activeSessionUsers([...new Set(connections.map(({ context }) => context.sessionId))]);
      return connections.map(({ context, documentName }) => {
        const user = users.get(context.sessionId);
        return user ? documentAccess(user, documentName) : "none";
      });
    },

    // Presence shows the name the forum knows, never one the client typed ("Director Wang").
    onChangeAwareness(context, state) {
      const claimed = typeof state.user === "object" && state.user !== null ? (state.user as Record<string, unknown>) : {};
      const color = typeof claimed.color === "string" && CARET_COLOUR.test(claimed.color) ? claimed.color : undefined;
      return { ...state, user: { name: context.displayName, color } };
    },
    // Documents start empty for now; the policy wiki issue loads and stores draft revisions.
  });

  // An ended session closes its sockets at once, not only at the next periodic check.
  live.subscribe(TOPICS.sessionsEnded, () => void collab.checkAccess().catch((error: unknown) => console.error("collab: checking access failed", error)));
  return collab;
}
