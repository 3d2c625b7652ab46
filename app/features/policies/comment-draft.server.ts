// The community draft as the comments and adoption read it: from the stored Yjs updates (every
// accepted change is stored before it is relayed, so this is what every reader has seen), as a
// ProseMirror document with y-tiptap's Yjs ⇄ ProseMirror mapping (which the anchors need), and
// as Tiptap JSON.
import type { JSONContent } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { renderToHTMLString } from "@tiptap/static-renderer/pm/html-string";
import { initProseMirrorDoc, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import type { ProsemirrorMapping } from "./comment-anchors";
import * as Y from "yjs";
import { loadUpdate } from "~/features/collab/store.server";
import { isAllowedLink, policyTextExtensions, TEXT_FRAGMENT } from "~/shared/editor";
import { draftDocumentName } from "./draft-access.server";
import { policySchema } from "./draft-text";

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
 * A policy text sent by a browser (Tiptap JSON in a hidden field), checked against the schema:
 * anything the schema has no place for, or a link that is not http(s) or mailto, refuses the
 * whole text rather than being stored. Null when it is not a valid text.
 */
export function parsePolicyText(json: string): PMNode | null {
  try {
    const node = policySchema().nodeFromJSON(JSON.parse(json));
    node.check();
    let linksAllowed = true;
    node.descendants((child) => {
      for (const mark of child.marks)
        if (mark.type.name === "link" && !isAllowedLink(String(mark.attrs.href ?? ""))) linksAllowed = false;
      return true;
    });
    return linksAllowed && node.textContent.trim() ? node : null;
  } catch {
    return null;
  }
}

/** A text's HTML (rendered here with the shared extension list, never taken from a client) and plain text. */
export function renderPolicyText(node: PMNode): { html: string; text: string } {
  return {
    html: renderToHTMLString({ content: node, extensions: policyTextExtensions() }),
    text: node.textBetween(0, node.content.size, "\n\n", " "),
  };
}
