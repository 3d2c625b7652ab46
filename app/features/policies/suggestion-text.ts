// Insertions at a point (decision 0046), in the browser and on the server alike: the words next
// to a caret, to which an insertion is anchored, and the spaces new words need where they go in.
import type { Node as PMNode } from "@tiptap/pm/model";
import type { SuggestionKind } from "./suggestion-schemas";

/** How many characters of a neighbouring run the anchor takes at most (a run of Chinese has no spaces). */
export const CONTEXT_MAX_LENGTH = 12;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
const OPENING = /[([{“‘"'«]/u;
const CLOSING = /[)\]}”’"'».,;:!?%]/u;

/** Whether two characters side by side, in a text written with spaces, need one between them. */
function needsSpace(left: string, right: string): boolean {
  if (!left || !right || /\s/.test(left) || /\s/.test(right)) return false;
  if (CJK.test(left) || CJK.test(right)) return false;
  return !OPENING.test(left) && !CLOSING.test(right);
}

/**
 * The new words as they go in between `before` and `after` (the characters on each side of the
 * point): a space added where English words would otherwise run together ("lanes" + "and paths"
 * → "lanes and paths"), none in Chinese, none before punctuation.
 */
export function spacedInsertion(before: string, words: string, after: string): string {
  const text = words.trim();
  if (!text) return text;
  const lead = needsSpace(before.slice(-1), text[0]) ? " " : "";
  const trail = needsSpace(text[text.length - 1], after.slice(0, 1)) ? " " : "";
  return `${lead}${text}${trail}`;
}

/**
 * The words next to a caret, to which an insertion there is anchored: the run of characters
 * before it (up to a space, the block's start or CONTEXT_MAX_LENGTH), the insertion then going
 * after them; at a block's start, the run after it, the insertion going before them. Null in an
 * empty block, where there is nothing to anchor to.
 */
export function caretContext(doc: PMNode, pos: number): { from: number; to: number; kind: SuggestionKind } | null {
  const $pos = doc.resolve(pos);
  if (!$pos.parent.isTextblock) return null;
  const [start, end] = [$pos.start(), $pos.end()];
  const char = (at: number) => doc.textBetween(at, at + 1, "\n", "\n");
  // Spaces right before the caret are skipped: the word before them is the neighbour.
  let to = pos;
  while (to > start && /\s/.test(char(to - 1))) to -= 1;
  let from = to;
  while (from > start && to - from < CONTEXT_MAX_LENGTH && !/\s/.test(char(from - 1))) from -= 1;
  if (from < to) return { from, to, kind: "insertAfter" };
  from = pos;
  while (from < end && /\s/.test(char(from))) from += 1;
  to = from;
  while (to < end && to - from < CONTEXT_MAX_LENGTH && !/\s/.test(char(to))) to += 1;
  return from < to ? { from, to, kind: "insertBefore" } : null;
}
