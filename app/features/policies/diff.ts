// Inline diffs of two plain texts with jsdiff. Words for Latin text; Chinese (and Japanese)
// text has no spaces between words, so a word diff would mark whole sentences as changed:
// where either text holds such characters, the diff is by characters.
import { diffChars, diffWordsWithSpace } from "diff";

export interface DiffPart {
  kind: "same" | "added" | "removed";
  value: string;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u3000-\u303f\uff00-\uffef]/;

export const diffMethod = (before: string, after: string): "characters" | "words" => (CJK.test(before) || CJK.test(after) ? "characters" : "words");

export function diffTexts(before: string, after: string): DiffPart[] {
  const changes = diffMethod(before, after) === "characters" ? diffChars(before, after) : diffWordsWithSpace(before, after);
  return changes.map((change) => ({ kind: change.added ? "added" : change.removed ? "removed" : "same", value: change.value }));
}

/** Characters added and removed, for a one-line summary above the diff. */
export function diffCounts(parts: readonly DiffPart[]) {
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.kind === "added") added += [...part.value].length;
    if (part.kind === "removed") removed += [...part.value].length;
  }
  return { added, removed };
}
