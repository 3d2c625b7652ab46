// Changes the forum makes to a collaborative document itself (a moderator restoring a revision)
// must reach the people editing it: the collaboration server applies them to the open document,
// stores them with their author and relays them, as if that author had typed them. When no
// collaboration server runs in this process (a script, a test of the domain alone), the change
// is stored, and whoever opens the document next loads it.
//
// With several instances the document may be open on another one (the load balancer sends each
// document's editors to one instance): once stored here, the change goes out on the live bus,
// and the instance that holds the document open applies and relays it without storing it again.
import { randomUUID } from "node:crypto";
import { live, TOPICS } from "~/features/live/live.server";
import { formatDocumentName, parseDocumentName, type DocumentName } from "~/shared/collab";
import { storeUpdates } from "./store.server";

export interface ChangeAuthor {
  id: string;
  displayName: string;
}

type Applier = (name: DocumentName, update: Uint8Array, author: ChangeAuthor) => Promise<void>;

interface DocumentChanged {
  document: string;
  /** The Yjs update, base64. */
  update: string;
  author: ChangeAuthor;
  /** The process that stored it (and applied it to its own open document). */
  from: string;
}

const thisProcess = randomUUID();

// The collaboration server of this process, once it has registered. server.ts takes that server
// from the Remix build, where the commands run too (docs/decisions/0028-one-load-of-each-service.md).
let registered: { apply: Applier; relayStored: Applier } | undefined;
let unsubscribe: (() => void) | undefined;

/**
 * The collaboration server of this process registers itself (collab-server/forum.ts): `apply`
 * applies, stores and relays; `relayStored` applies and relays a change another instance stored,
 * if the document is open here.
 */
export function registerServerChanges(apply: Applier, relayStored: Applier) {
  registered = { apply, relayStored };
  unsubscribe?.();
  unsubscribe = live.subscribe<DocumentChanged>(TOPICS.documentChanged, ({ data }) => {
    const name = parseDocumentName(data.document);
    if (data.from === thisProcess || !name || !registered) return;
    registered
      .relayStored(name, new Uint8Array(Buffer.from(data.update, "base64")), data.author)
      .catch((error: unknown) => console.error(`collab: applying a change to ${data.document} failed`, error));
  });
}

/** Resolves once the change is stored (and relayed to open connections, if any). */
export async function applyServerChange(documentName: string, update: Uint8Array, author: ChangeAuthor): Promise<void> {
  const name = parseDocumentName(documentName);
  if (!name) throw new Error(`collab: ${documentName} is no document name`);
  const server = registered;
  if (server) await server.apply(name, update, author);
  else await storeUpdates(documentName, [{ update, authorId: author.id, at: new Date() }]);
  // One process holds every open document itself: nothing to tell, and nothing to keep for replay.
  if (!live.status().shared) return;
  const changed: DocumentChanged = {
    document: formatDocumentName(name),
    update: Buffer.from(update).toString("base64"),
    author: { id: author.id, displayName: author.displayName },
    from: thisProcess,
  };
  await live.publish(TOPICS.documentChanged, changed);
}
