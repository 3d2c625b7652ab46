// The community draft's first text. When a consultation opens, the draft starts as a copy of
// the latest official version: written as the first stored update of "policy-draft.<id>"
// through the collaboration store, so the collaboration server loads it like any other edit.
import * as Y from "yjs";
import { db } from "~/db.server";
import { loadUpdate, storeUpdates } from "~/features/collab/store.server";
import { copyClientId, textAsUpdate } from "./draft-update";
import { draftDocumentName } from "./draft-access.server";
import { recordRevision } from "./revisions.server";

export { draftDocumentName };

/**
 * Writes the version as the draft's first update, unless the draft already has a text (a
 * consultation reopened after closing continues where it stopped), and records it as the first
 * revision, the official's alone: otherwise the first residents' edits joined it in revision 1,
 * and its change could not tell the official's starting text from what residents wrote.
 */
export async function startCommunityDraft(
  policyId: string,
  version: { number: number; content: string },
  authorId: string,
): Promise<boolean> {
  const documentName = draftDocumentName(policyId);
  if ((await db.documentUpdate.count({ where: { documentName } })) > 0) return false;
  await storeUpdates(documentName, [
    {
      update: textAsUpdate(JSON.parse(version.content), copyClientId(policyId, version.number)),
      authorId,
      at: new Date(),
    },
  ]);
  await recordRevision(policyId);
  return true;
}

/** The community draft as stored, as a Y.Doc (for tests and the draft's readers). */
export async function loadDraftDoc(policyId: string): Promise<Y.Doc | null> {
  const update = await loadUpdate(draftDocumentName(policyId));
  if (!update) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
