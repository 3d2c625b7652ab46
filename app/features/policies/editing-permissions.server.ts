import { isModerator, type Actor } from "~/shared/roles";

// Who may look after a community draft. Editing rights themselves are documentAccess
// (app/shared/collab.ts), asked through draftAccessFor, because the collaboration server asks the same.

/** Moderators restore revisions, protect pages and block editors; every such act is audited. */
export const canModerateDraft = (actor: Actor | null) => isModerator(actor);
