// The community draft's first text. When a consultation opens, the draft starts as a copy of
// the latest official version: written as the first stored update of "policy-draft.<id>"
// through the collaboration store, so the collaboration server loads it like any other edit.
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { createHash } from "node:crypto";
import * as Y from "yjs";
import { db } from "~/db.server";
import { loadUpdate, storeUpdates } from "~/features/collab/store.server";
import { formatDocumentName } from "~/shared/collab";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { policySchema } from "./render.server";

export const draftDocumentName = (policyId: string) => formatDocumentName({ kind: "policy-draft", id: policyId });

/**
 * A Yjs client id fixed by the policy and version: the copy is then the same bytes whoever makes
 * it, and Yjs merges identical items into one, so a copy written twice (two officials opening at
 * once) is still one copy of the text. Browsers pick random 32-bit ids, so a clash is as unlikely
 * as between two browsers.
 */
function copyClientId(policyId: string, versionNumber: number) {
  return createHash("sha256").update(`${policyId}:${versionNumber}`).digest().readUInt32BE(0) >>> 1;
}

/** The Yjs update holding `content` (Tiptap JSON) as the document's text. */
export function textAsUpdate(content: unknown, clientId: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  prosemirrorJSONToYXmlFragment(policySchema(), content, doc.getXmlFragment(TEXT_FRAGMENT));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * Writes the version as the draft's first update, unless the draft already has a text (a
 * consultation reopened after closing continues where it stopped).
 */
export async function startCommunityDraft(policyId: string, version: { number: number; content: string }, authorId: string): Promise<boolean> {
  const documentName = draftDocumentName(policyId);
  if ((await db.documentUpdate.count({ where: { documentName } })) > 0) return false;
  await storeUpdates(documentName, [{ update: textAsUpdate(JSON.parse(version.content), copyClientId(policyId, version.number)), authorId, at: new Date() }]);
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
