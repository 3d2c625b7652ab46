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
 * A text's blocks (headings and paragraphs, list items' paragraphs included) as plain text, in
 * reading order: inline text run together (Chinese has no spaces between words, so nothing is
 * added between text nodes), a line break inside a block as "\n". Blocks without text are left
 * out: an empty paragraph is layout, not text, and must never count as a change. This and
 * canonicalText are the one way from a policy text to plain text (docs/decisions/0031): versions,
 * revisions, the draft, the report and the diffs all read it, so a block separator cannot differ
 * between two texts that say the same.
 */
export function textBlocks(json: JSONContent): string[] {
  const blocks: string[] = [];
  const walk = (node: JSONContent) => {
    if (node.type === "paragraph" || node.type === "heading") {
      const text = (node.content ?? [])
        .map((child) => (child.type === "text" ? (child.text ?? "") : child.type === "hardBreak" ? "\n" : ""))
        .join("");
      if (text) blocks.push(text);
      return;
    }
    for (const child of node.content ?? []) walk(child);
  };
  walk(json);
  return blocks;
}

/** The canonical plain text of a policy text: its blocks, one a line (docs/decisions/0031). */
export const canonicalText = (json: JSONContent): string => textBlocks(json).join("\n");

/** What versions, revisions and the draft store as their plain text: the canonical form. */
export const plainTextOf = canonicalText;

/** The form of the plain text that canonicalText writes (PolicyVersion.textForm, Revision.textForm). */
export const CANONICAL_TEXT_FORM = 1;

/**
 * How large a policy text may be, checked at every door (the co-editing socket, the version form,
 * adoption, restore): past this the forum could not render, download or diff it in reasonable
 * time. Characters are UTF-16 units of the text (what Yjs and JavaScript count), blocks are
 * headings and paragraphs (empty ones too: each costs markup to render).
 */
export const POLICY_TEXT_LIMITS = { characters: 300_000, blocks: 10_000 } as const;

/** A text's size as POLICY_TEXT_LIMITS counts it. */
export function measureText(json: JSONContent): { characters: number; blocks: number } {
  let characters = 0;
  let blocks = 0;
  const walk = (node: JSONContent) => {
    if (node.type === "paragraph" || node.type === "heading") blocks++;
    if (node.type === "text") characters += (node.text ?? "").length;
    for (const child of node.content ?? []) walk(child);
  };
  walk(json);
  return { characters, blocks };
}

export const withinTextLimits = ({ characters, blocks }: { characters: number; blocks: number }) =>
  characters <= POLICY_TEXT_LIMITS.characters && blocks <= POLICY_TEXT_LIMITS.blocks;

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
