// The community draft as the comments and adoption read it: from the stored Yjs updates (every
// accepted change is stored before it is relayed, so this is what every reader has seen), as a
// ProseMirror document with y-tiptap's Yjs ⇄ ProseMirror mapping (which the anchors need), and
// as Tiptap JSON.
import type { JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { initProseMirrorDoc, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import type { ProsemirrorMapping } from "./comment-anchors";
import * as Y from "yjs";
import { loadUpdate } from "~/features/collab/store.server";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { draftDocumentName } from "./draft-access.server";
import { policySchema } from "./draft-text";
import { renderHtml } from "./render.server";

export { draftDocumentName };
export { policySchema };

export interface DraftView {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  doc: PMNode;
  mapping: ProsemirrorMapping;
}

/** The community draft now; an empty document when nothing was ever stored. */
export async function loadDraftView(policyId: string): Promise<DraftView> {
  const ydoc = new Y.Doc();
  const update = await loadUpdate(draftDocumentName(policyId));
  if (update) Y.applyUpdate(ydoc, update);
  return draftViewOf(ydoc);
}

export function draftViewOf(ydoc: Y.Doc): DraftView {
  const fragment = ydoc.getXmlFragment(TEXT_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, policySchema());
  return { ydoc, fragment, doc, mapping };
}

/** The draft's text as Tiptap JSON, what an official version stores. */
export function draftJSON(view: DraftView): JSONContent {
  return yDocToProsemirrorJSON(view.ydoc, TEXT_FRAGMENT) as JSONContent;
}

/**
 * The draft's HTML, rendered here with the shared extension list (never taken from a client),
 * from the document already built, without a round trip through JSON; empty when it has no text.
 */
export const draftHtml = (view: DraftView) => (view.doc.textContent ? renderHtml(view.doc) : "");
