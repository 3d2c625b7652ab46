// Inline diffs of two plain texts with jsdiff. Words for Latin text; Chinese (and Japanese)
// text has no spaces between words, so a word diff would mark whole sentences as changed:
// where either text holds such characters, the diff is by characters.
//
// Myers' diff costs about the square of the number of changed units: two 20,000-character
// Chinese texts that share little took over a minute of the server's only thread, and anyone
// can ask for the diff of a draft they rewrote. So the work is bounded (decision 0021): the
// texts are first compared paragraph by paragraph (few units, cheap), then each changed
// paragraph run character by character (or word by word) within a budget of changed units and
// of time; a run past the budget is shown whole (deleted, then inserted), and the result says
// so, for the page to tell the reader.
import { diffChars, diffLines, diffWordsWithSpace, type ChangeObject } from "diff";

export interface DiffPart {
  kind: "same" | "added" | "removed";
  value: string;
}

export interface TextComparison {
  parts: DiffPart[];
  /** Some changed passages were too different to compare finely and are shown whole. */
  whole: boolean;
}

/**
 * A fine diff of two strings with the number of units it changed, or undefined when it would
 * pass maxEditLength or the time limit.
 */
export type FineDiff = (
  before: string,
  after: string,
  limits: { maxEditLength: number; timeout: number },
) => { parts: DiffPart[]; changedUnits: number } | undefined;

/**
 * How much one comparison may do. Changed units (characters or words) compared finely, in all
 * and in one passage; paragraphs added or removed in the first pass; and milliseconds in all,
 * which only matters on a slow or busy machine (the unit limits come first otherwise).
 */
export const DIFF_LIMITS = {
  changedUnits: 6000,
  changedUnitsPerPassage: 1500,
  changedParagraphs: 1000,
  passageCharacters: 40_000,
  milliseconds: 300,
};

/** Letters and digits of scripts written with spaces: a cut between two of them would split a word. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;
const isCut = (text: string, at: number) => {
  if (at <= 0 || at >= text.length) return true;
  const code = text.charCodeAt(at);
  if (code >= 0xdc00 && code <= 0xdfff) return false; // inside a surrogate pair
  const [left, right] = [text[at - 1], text[at]];
  return !(WORD_CHARACTER.test(left) && WORD_CHARACTER.test(right) && !CJK.test(left) && !CJK.test(right));
};

/** The text both share at the start and at the end, cut between words (and never inside a character). */
function sharedEnds(before: string, after: string) {
  const shortest = Math.min(before.length, after.length);
  let start = 0;
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  while (start > 0 && !(isCut(before, start) && isCut(after, start))) start--;
  let end = 0;
  while (
    end < shortest - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  )
    end++;
  while (end > 0 && !(isCut(before, before.length - end) && isCut(after, after.length - end))) end--;
  return {
    head: before.slice(0, start),
    removed: before.slice(start, before.length - end),
    added: after.slice(start, after.length - end),
    tail: before.slice(before.length - end),
  };
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u3000-\u303f\uff00-\uffef]/;

export const diffMethod = (before: string, after: string): "characters" | "words" =>
  CJK.test(before) || CJK.test(after) ? "characters" : "words";

const kindOf = (change: ChangeObject<unknown>): DiffPart["kind"] =>
  change.added ? "added" : change.removed ? "removed" : "same";

/** Adds a part, merging it into the last one when they are of the same kind. */
function push(parts: DiffPart[], kind: DiffPart["kind"], value: string) {
  if (!value) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.value += value;
  else parts.push({ kind, value });
}

/** A removed part before an added one, as jsdiff orders a replacement. */
function pushReplacement(parts: DiffPart[], removed: string, added: string) {
  push(parts, "removed", removed);
  push(parts, "added", added);
}

/**
 * Compares two texts with `fine` (characters, words, tokens…) within DIFF_LIMITS: paragraphs
 * first, then each changed run of paragraphs finely while the budget lasts.
 */
export function compareBounded(before: string, after: string, fine: FineDiff, limits = DIFF_LIMITS): TextComparison {
  const deadline = Date.now() + limits.milliseconds;
  const remaining = () => Math.max(0, deadline - Date.now());
  let budget = limits.changedUnits;
  let whole = false;
  const parts: DiffPart[] = [];

  const fineRun = (runBefore: string, runAfter: string) => {
    const { head, removed, added, tail } = sharedEnds(runBefore, runAfter);
    push(parts, "same", head);
    fineMiddle(removed, added);
    push(parts, "same", tail);
  };
  const fineMiddle = (removed: string, added: string) => {
    if (!removed || !added || budget <= 0 || removed.length + added.length > limits.passageCharacters) {
      if (removed && added) whole = true;
      pushReplacement(parts, removed, added);
      return;
    }
    const maxEditLength = Math.min(budget, limits.changedUnitsPerPassage);
    const run = fine(removed, added, { maxEditLength, timeout: remaining() });
    if (!run) {
      whole = true;
      pushReplacement(parts, removed, added);
      return;
    }
    for (const part of run.parts) push(parts, part.kind, part.value);
    budget -= run.changedUnits;
  };

  const paragraphs = diffLines(before, after, { maxEditLength: limits.changedParagraphs, timeout: remaining() });
  if (!paragraphs) {
    // Too many paragraphs changed to pair them up: one run, compared finely if it can be.
    fineRun(before, after);
    return { parts, whole };
  }
  let removed = "";
  let added = "";
  for (const change of paragraphs) {
    if (change.removed) removed += change.value;
    else if (change.added) added += change.value;
    else {
      fineRun(removed, added);
      removed = added = "";
      push(parts, kindOf(change), change.value);
    }
  }
  fineRun(removed, added);
  return { parts, whole };
}

/** jsdiff's changes as parts (token arrays joined), with the number of tokens changed. */
export function fromChanges<T>(
  changes: ChangeObject<T>[] | undefined,
  join: (value: T) => string,
): ReturnType<FineDiff> {
  if (!changes) return undefined;
  let changedUnits = 0;
  const parts = changes.map((change) => {
    if (change.added || change.removed) changedUnits += change.count;
    return { kind: kindOf(change), value: join(change.value) };
  });
  return { parts, changedUnits };
}

const asText = (value: string) => value;

/** The diff the pages show: by characters for Chinese, by words otherwise, bounded. */
export function compareTexts(
  before: string,
  after: string,
  limits = DIFF_LIMITS,
): TextComparison & { method: "characters" | "words" } {
  const method = diffMethod(before, after);
  const fine: FineDiff = (a, b, options) =>
    fromChanges(method === "characters" ? diffChars(a, b, options) : diffWordsWithSpace(a, b, options), asText);
  return { ...compareBounded(before, after, fine, limits), method };
}

export const diffTexts = (before: string, after: string): DiffPart[] => compareTexts(before, after).parts;

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
