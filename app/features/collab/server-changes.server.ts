// Changes the forum makes to a collaborative document itself (a moderator restoring a revision)
// must reach the people editing it: the collaboration server applies them to the open document,
// stores them with their author and relays them, as if that author had typed them. When no
// collaboration server runs in this process (a script, a test of the domain alone), the change
// is stored, and whoever opens the document next loads it.
import { parseDocumentName, type DocumentName } from "~/shared/collab";
import { storeUpdates } from "./store.server";

export interface ChangeAuthor {
  id: string;
  displayName: string;
}

type Applier = (name: DocumentName, update: Uint8Array, author: ChangeAuthor) => Promise<void>;

// The collaboration server of this process, once it has registered. server.ts takes that server
// from the Remix build, where the commands run too (docs/decisions/0028-one-load-of-each-service.md).
let registered: Applier | undefined;

/** The collaboration server of this process registers itself (collab-server/forum.ts). */
export function registerServerChanges(applier: Applier) {
  registered = applier;
}

/** Resolves once the change is stored (and relayed to open connections, if any). */
export async function applyServerChange(documentName: string, update: Uint8Array, author: ChangeAuthor): Promise<void> {
  const name = parseDocumentName(documentName);
  if (!name) throw new Error(`collab: ${documentName} is no document name`);
  const applier = registered;
  if (applier) await applier(name, update, author);
  else await storeUpdates(documentName, [{ update, authorId: author.id, at: new Date() }]);
}
