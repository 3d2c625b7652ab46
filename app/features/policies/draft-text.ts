// The community draft's text between its forms: the Yjs state the collaboration server stores,
// the Tiptap JSON the pages render with the shared extension list, and plain text for sizes,
// search and diffs. Shared by the server and the tests; nothing here trusts a client.
import { getSchema, type JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { policyTextExtensions, TEXT_FRAGMENT } from "~/shared/editor";

let schema: ReturnType<typeof getSchema> | null = null;
export const policySchema = () => (schema ??= getSchema(policyTextExtensions()));

export const EMPTY_DOCUMENT: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };

/** A document from a stored state (encoding v1); an empty one from null. */
export function docFromState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/** The Tiptap JSON of a Yjs document; an empty paragraph when nothing was written yet. */
export function jsonOfDoc(doc: Y.Doc): JSONContent {
  const json = yDocToProsemirrorJSON(doc, TEXT_FRAGMENT) as JSONContent;
  return json.content && json.content.length > 0 ? json : EMPTY_DOCUMENT;
}

/**
 * Plain text: one line per block (heading, paragraph, list item), inline text run together.
 * Chinese has no spaces between words, so nothing is added between text nodes.
 */
export function plainTextOf(json: JSONContent): string {
  const lines: string[] = [];
  const walk = (node: JSONContent) => {
    if (node.type === "paragraph" || node.type === "heading") {
      lines.push(
        (node.content ?? [])
          .map((child) => (child.type === "text" ? (child.text ?? "") : child.type === "hardBreak" ? "\n" : ""))
          .join(""),
      );
      return;
    }
    for (const child of node.content ?? []) walk(child);
  };
  walk(json);
  return lines.join("\n").replace(/\n+$/, "");
}

/** Characters as a reader counts them: a Chinese character or an emoji is one. */
export const characterCount = (text: string) => [...text].length;

/**
 * The Yjs update that turns `doc` into the text `json`, made in `doc` (which then holds it):
 * y-prosemirror's updateYFragment keeps what both texts share and changes the rest, so the
 * update is small and merges with whatever editors type meanwhile.
 */
export function updateTowards(doc: Y.Doc, json: JSONContent): Uint8Array {
  const before = Y.encodeStateVector(doc);
  prosemirrorJSONToYXmlFragment(policySchema(), json, doc.getXmlFragment(TEXT_FRAGMENT));
  return Y.encodeStateAsUpdate(doc, before);
}

/** A Yjs update holding a whole text: a draft's first content (tests, and opening consultation). */
export function stateOfJson(json: JSONContent): Uint8Array {
  const doc = new Y.Doc();
  return updateTowards(doc, json);
}

/** Tiptap JSON of plain paragraphs, one per line (tests and simple texts). */
export function paragraphs(...lines: string[]): JSONContent {
  return {
    type: "doc",
    content: lines.map((line) =>
      line ? { type: "paragraph", content: [{ type: "text", text: line }] } : { type: "paragraph" },
    ),
  };
}
