// A policy text as a Yjs update of the community draft's document: how an official version
// becomes the draft's first text (consultation.server.ts, and the demo seed).
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { createHash } from "node:crypto";
import * as Y from "yjs";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { policySchema } from "./render.server";

/**
 * A Yjs client id fixed by the policy and version: the copy is then the same bytes whoever makes
 * it, and Yjs merges identical items into one, so a copy written twice (two officials opening at
 * once) is still one copy of the text. Browsers pick random 32-bit ids, so a clash is as unlikely
 * as between two browsers.
 */
export function copyClientId(policyId: string, versionNumber: number) {
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
