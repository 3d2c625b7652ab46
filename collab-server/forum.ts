// The forum's collaboration server: the core with the forum's own hooks.
import { sessionFromCookieHeader } from "../app/features/accounts/auth.server";
import { documentAccess } from "../app/shared/collab";
import { CollabServer } from "./core";

export function createForumCollabServer() {
  return new CollabServer({
    async onAuthenticate({ documentName, headers }) {
      const cookie = Array.isArray(headers.cookie) ? headers.cookie.join("; ") : (headers.cookie ?? null);
      const session = await sessionFromCookieHeader(cookie);
      if (!session) return null;
      return { context: { userId: session.user.id }, access: documentAccess(session.user, documentName) };
    },
    // Documents start empty for now; the policy wiki issue loads and stores draft revisions.
  });
}
