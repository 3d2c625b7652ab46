// Where a comment's passage is in the community draft. A passage is held by two Yjs relative
// positions on the draft's XmlFragment: they name the passage's first and last characters
// themselves (Yjs item ids), not offsets, so text typed before the passage or inside it moves
// with it. When the passage is deleted both ends fall together and the comment is detached: it
// stays, shown with the quote it was made on. Used in the browser (the editor's selection) and
// on the server (the stored draft), with the same y-tiptap conversions the editor uses.
import type { Node as PMNode } from "@tiptap/pm/model";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from "@tiptap/y-tiptap";
import { fromBase64, toBase64 } from "lib0/buffer";
import * as Y from "yjs";

/** y-tiptap's Yjs type → ProseMirror node map (the type is not exported by name). */
export type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

export interface PassageAnchor {
  /** Base64 of Y.encodeRelativePosition: the passage's first character… */
  anchorStart: string;
  /** …and its last. */
  anchorEnd: string;
}

export interface ResolvedPassage {
  from: number;
  to: number;
  /** The passage's text now (it may have been edited since the comment). */
  text: string;
}

/** How long a quoted passage may be; longer selections are cut (the anchors still cover all). */
export const QUOTE_MAX_LENGTH = 1000;

/** The text between two ProseMirror positions, blocks separated by a line break. */
export function passageText(doc: PMNode, from: number, to: number): string {
  return doc.textBetween(from, to, "\n", " ").trim();
}

/**
 * Relative positions for a ProseMirror range. y-tiptap ties every position inside text to the
 * character before it (assoc -1); the start is re-tied to the character after it, the passage's
 * own first character, so that text typed just before the passage is not taken into it.
 */
export function anchorFromRange(
  fragment: Y.XmlFragment,
  mapping: ProsemirrorMapping,
  from: number,
  to: number,
): PassageAnchor | null {
  if (!(to > from)) return null;
  const doc = fragment.doc;
  if (!doc) return null;
  const end = absolutePositionToRelativePosition(to, fragment, mapping) as Y.RelativePosition;
  let start = absolutePositionToRelativePosition(from, fragment, mapping) as Y.RelativePosition;
  const absolute = Y.createAbsolutePositionFromRelativePosition(start, doc);
  if (absolute && absolute.type instanceof Y.XmlText)
    start = Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, 0);
  return { anchorStart: toBase64(Y.encodeRelativePosition(start)), anchorEnd: toBase64(Y.encodeRelativePosition(end)) };
}

/** Decodes a stored anchor; null for anything that is not one (a form may send anything). */
export function decodeAnchor(
  anchor: Partial<PassageAnchor>,
): { start: Y.RelativePosition; end: Y.RelativePosition } | null {
  if (!anchor.anchorStart || !anchor.anchorEnd) return null;
  try {
    return {
      start: Y.decodeRelativePosition(fromBase64(anchor.anchorStart)),
      end: Y.decodeRelativePosition(fromBase64(anchor.anchorEnd)),
    };
  } catch {
    return null;
  }
}

/**
 * The passage's range in the document now, or null when it is detached: its text was deleted
 * (both ends fell together), or its block went with it.
 */
export function resolveAnchor(
  fragment: Y.XmlFragment,
  mapping: ProsemirrorMapping,
  pmDoc: PMNode,
  anchor: Partial<PassageAnchor>,
): ResolvedPassage | null {
  const decoded = decodeAnchor(anchor);
  const doc = fragment.doc;
  if (!decoded || !doc) return null;
  const from = toAbsolute(doc, fragment, decoded.start, mapping);
  const to = toAbsolute(doc, fragment, decoded.end, mapping);
  if (from === null || to === null || !(to > from) || to > pmDoc.content.size) return null;
  const text = passageText(pmDoc, from, to);
  return text ? { from, to, text } : null;
}

function toAbsolute(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  position: Y.RelativePosition,
  mapping: ProsemirrorMapping,
): number | null {
  let absolute: number | null;
  try {
    absolute = relativePositionToAbsolutePosition(doc, fragment, position, mapping);
  } catch {
    // A form may carry a position that decodes but names nothing (no item, type or name): Yjs
    // throws on it rather than answering null. It is no place in this draft.
    return null;
  }
  if (absolute !== null) return absolute;
  // y-tiptap refuses any text position that resolves to 1, the start of the first block (a guard
  // against blocks reordered by drag and drop, which this text has no way to do); but that is
  // exactly where a comment on the first words of a draft begins.
  const decoded = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!decoded || decoded.index !== 0 || !(decoded.type instanceof Y.XmlText) || decoded.type._item?.deleted)
    return null;
  const block = fragment.get(0);
  return block instanceof Y.XmlElement && block.get(0) === decoded.type ? 1 : null;
}

/**
 * The range of a quoted passage in a document, for the form without JavaScript (the reader
 * copies the passage into it): where its text occurs, across blocks as written with line breaks;
 * the first place, or the one nearest to `near` (a document position). Spaces and line breaks
 * are compared loosely.
 */
export function findQuote(pmDoc: PMNode, quote: string, near?: number): { from: number; to: number } | null {
  const wanted = quote.replace(/\s+/g, " ").trim();
  if (!wanted) return null;
  // The document's characters with the position of each; a block boundary is one space.
  let flat = "";
  const positions: number[] = [];
  pmDoc.descendants((node, pos) => {
    if (node.isBlock && flat && !flat.endsWith(" ")) {
      flat += " ";
      positions.push(-1);
    }
    if (node.isText && node.text) {
      for (let i = 0; i < node.text.length; i++) {
        const char = /\s/.test(node.text[i]) ? " " : node.text[i];
        if (char === " " && flat.endsWith(" ")) continue;
        flat += char;
        positions.push(pos + i);
      }
    }
    return true;
  });
  let best: { from: number; to: number } | null = null;
  for (let index = flat.indexOf(wanted); index >= 0; index = flat.indexOf(wanted, index + 1)) {
    const from = positions.slice(index).find((p) => p >= 0);
    const last = positions
      .slice(0, index + wanted.length)
      .reverse()
      .find((p) => p >= 0);
    if (from === undefined || last === undefined) continue;
    const found = { from, to: last + 1 };
    if (near === undefined) return found;
    if (!best || Math.abs(found.from - near) < Math.abs(best.from - near)) best = found;
  }
  return best;
}

export interface LocatedPassage extends ResolvedPassage {
  /** A new anchor on the words found again, when the stored one named deleted text; else null. */
  anchor: PassageAnchor | null;
}

/**
 * Where a comment's passage is now: at its anchors, or, when they name deleted text, at its
 * quote. Undo and a moderator's restore bring deleted words back as new Yjs items, which the
 * old anchors do not name (only the browser that undid knows which items replaced which), so a
 * detached comment is looked for again on every reading: its quote, nearest to where its
 * anchors now fall. Null when the words are not in the text: detached, until they are back.
 */
export function locatePassage(
  fragment: Y.XmlFragment,
  mapping: ProsemirrorMapping,
  pmDoc: PMNode,
  comment: Partial<PassageAnchor> & { quote?: string | null },
): LocatedPassage | null {
  const resolved = resolveAnchor(fragment, mapping, pmDoc, comment);
  if (resolved) return { ...resolved, anchor: null };
  if (!comment.quote?.trim()) return null;
  const range = findQuote(pmDoc, comment.quote, formerPlace(fragment, mapping, comment));
  if (!range) return null;
  const anchor = anchorFromRange(fragment, mapping, range.from, range.to);
  const text = passageText(pmDoc, range.from, range.to);
  return anchor && text ? { from: range.from, to: range.to, text, anchor } : null;
}

/** Where a detached passage's start falls now (both its ends fell together there), if anywhere. */
function formerPlace(
  fragment: Y.XmlFragment,
  mapping: ProsemirrorMapping,
  anchor: Partial<PassageAnchor>,
): number | undefined {
  const decoded = decodeAnchor(anchor);
  if (!decoded || !fragment.doc) return undefined;
  return toAbsolute(fragment.doc, fragment, decoded.start, mapping) ?? undefined;
}
