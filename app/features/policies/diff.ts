// Inline diffs of two policy texts with jsdiff. The texts are compared by their structure
// (docs/decisions/0031): block by block first (headings and paragraphs, from the one canonical
// form in ./draft-text.ts), then within each changed block by words for Latin text, or by
// characters where either side holds Chinese (or Japanese) text, which has no spaces between
// words. A separator between blocks is never part of a compared text, so a change of separator
// cannot show as a change of text.
//
// Myers' diff costs about the square of the number of changed units: two 20,000-character
// Chinese texts that share little took over a minute of the server's only thread, and anyone
// can ask for the diff of a draft they rewrote. So the work is bounded (decision 0021): blocks
// first (few units, cheap), then each changed block finely within a budget of changed units and
// of time; a very long block is first compared sentence by sentence. A passage past the budget
// is shown whole (deleted, then inserted), and the result says so, for the page to tell the reader.
import { diffArrays, diffChars, diffWordsWithSpace, type ChangeObject } from "diff";

export interface DiffPart {
  kind: "same" | "added" | "removed";
  value: string;
}

/** One block of the comparison: unchanged, added or removed whole, or changed within. */
export interface DiffBlock {
  kind: "same" | "added" | "removed" | "changed";
  parts: DiffPart[];
}

export interface TextComparison {
  blocks: DiffBlock[];
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
 * and in one passage; blocks (or sentences of one long block) added or removed in the first
 * pass; and milliseconds in all, which only matters on a slow or busy machine (the unit limits
 * come first otherwise).
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

/** Sentences of a long block, each with its closing punctuation and the spaces after it. */
const SENTENCE = /[^。！？；!?;.\n]*(?:[。！？；!?;.\n]+\s*|$)/gu;
const sentencesOf = (text: string) => (text.match(SENTENCE) ?? []).filter((sentence) => sentence !== "");

/** How much two blocks share at their ends, against the shorter: whether one is the other edited. */
function likeness(a: string, b: string): number {
  const shortest = Math.min(a.length, b.length);
  if (shortest === 0) return 0;
  let start = 0;
  while (start < shortest && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let end = 0;
  while (end < shortest - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  return (start + end) / shortest;
}

/** Runs longer than this are paired in order (the alignment costs their product). */
const ALIGNED_RUN = 64;
const LIKE = 0.3;

type AlignStep =
  | { kind: "pair"; removed: string; added: string }
  | { kind: "removed"; value: string }
  | { kind: "added"; value: string };

/**
 * Pairs removed with added blocks in order. Where a run adds or removes blocks besides editing
 * some, the pairs are the most alike (a small dynamic programme), so that a paragraph inserted
 * before an edited one is not compared with it.
 */
function alignBlocks(removed: readonly string[], added: readonly string[]): AlignStep[] {
  const [m, n] = [removed.length, added.length];
  // As many blocks removed as added: each block edited in place (the usual case), paired in
  // order, however little a long block with scattered edits shares at its ends.
  if (m === 0 || n === 0 || m === n || m > ALIGNED_RUN || n > ALIGNED_RUN) {
    const paired = m === 0 || n === 0 ? 0 : Math.min(m, n);
    return [
      ...removed.slice(0, paired).map((value, i) => ({ kind: "pair" as const, removed: value, added: added[i] })),
      ...removed.slice(paired).map((value) => ({ kind: "removed" as const, value })),
      ...added.slice(paired).map((value) => ({ kind: "added" as const, value })),
    ];
  }
  const like = removed.map((a) => added.map((b) => likeness(a, b)));
  // score[i][j]: the best total likeness aligning removed[i..] with added[j..].
  const score = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--)
      score[i][j] = Math.max(
        score[i + 1][j],
        score[i][j + 1],
        like[i][j] >= LIKE ? score[i + 1][j + 1] + like[i][j] : -Infinity,
      );
  const steps: AlignStep[] = [];
  let [i, j] = [0, 0];
  while (i < m && j < n) {
    if (like[i][j] >= LIKE && score[i][j] === score[i + 1][j + 1] + like[i][j]) {
      steps.push({ kind: "pair", removed: removed[i++], added: added[j++] });
    } else if (score[i][j] === score[i + 1][j]) steps.push({ kind: "removed", value: removed[i++] });
    else steps.push({ kind: "added", value: added[j++] });
  }
  while (i < m) steps.push({ kind: "removed", value: removed[i++] });
  while (j < n) steps.push({ kind: "added", value: added[j++] });
  return steps;
}

/** A text as blocks: a string is split at its line ends (the canonical form's block separator). */
export const asBlocks = (text: string | readonly string[]): readonly string[] =>
  typeof text === "string" ? (text === "" ? [] : text.split("\n")) : text;

/**
 * Compares two texts, given as their blocks, with `fine` (characters, words, tokens…) within
 * DIFF_LIMITS: blocks first, then each changed block finely while the budget lasts.
 */
export function compareBounded(
  beforeText: string | readonly string[],
  afterText: string | readonly string[],
  fine: FineDiff,
  limits = DIFF_LIMITS,
): TextComparison {
  const before = asBlocks(beforeText);
  const after = asBlocks(afterText);
  const deadline = Date.now() + limits.milliseconds;
  const remaining = () => Math.max(0, deadline - Date.now());
  let budget = limits.changedUnits;
  let whole = false;
  const blocks: DiffBlock[] = [];

  /** The changed middle of a block (or sentence), finely if the budget allows, else whole. */
  const fineMiddle = (parts: DiffPart[], removed: string, added: string) => {
    if (!removed || !added || budget <= 0) {
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
    for (const part of joinedAcrossSpaces(run.parts)) push(parts, part.kind, part.value);
    budget -= run.changedUnits;
  };
  const fineBlock = (blockBefore: string, blockAfter: string) => {
    const parts: DiffPart[] = [];
    const { head, removed, added, tail } = sharedEnds(blockBefore, blockAfter);
    push(parts, "same", head);
    if (removed && added && removed.length + added.length > limits.passageCharacters) {
      // A very long block (a regulation pasted as one paragraph): sentence by sentence first.
      const [sentencesBefore, sentencesAfter] = [sentencesOf(removed), sentencesOf(added)];
      const sentences = diffArrays(sentencesBefore, sentencesAfter, {
        maxEditLength: limits.changedParagraphs,
        timeout: remaining(),
      });
      if (!sentences) {
        whole = true;
        pushReplacement(parts, removed, added);
      } else {
        let runRemoved: string[] = [];
        let runAdded: string[] = [];
        const flush = () => {
          const [r, a] = [runRemoved.join(""), runAdded.join("")];
          if (r.length + a.length > limits.passageCharacters) {
            if (r && a) whole = true;
            pushReplacement(parts, r, a);
          } else fineMiddle(parts, r, a);
          runRemoved = [];
          runAdded = [];
        };
        for (const change of sentences) {
          if (change.removed) runRemoved.push(...change.value);
          else if (change.added) runAdded.push(...change.value);
          else {
            flush();
            push(parts, "same", change.value.join(""));
          }
        }
        flush();
      }
    } else fineMiddle(parts, removed, added);
    push(parts, "same", tail);
    blocks.push({ kind: "changed", parts });
  };
  /**
   * Blocks removed and added in one place: each removed block is paired with the added block
   * that is plainly the same block edited (they share enough of their start and end), in order;
   * pairs are compared within, the rest are shown removed or added whole.
   */
  const changedRun = (removed: readonly string[], added: readonly string[]) => {
    for (const step of alignBlocks(removed, added)) {
      if (step.kind === "pair") fineBlock(step.removed, step.added);
      else if (step.kind === "removed")
        blocks.push({ kind: "removed", parts: [{ kind: "removed", value: step.value }] });
      else blocks.push({ kind: "added", parts: [{ kind: "added", value: step.value }] });
    }
  };

  const byBlock = diffArrays([...before], [...after], {
    maxEditLength: limits.changedParagraphs,
    timeout: remaining(),
  });
  if (!byBlock) {
    // Too many blocks changed to pair them up: compared in order while the budget lasts.
    changedRun(before, after);
    return { blocks, whole: true };
  }
  let removed: string[] = [];
  let added: string[] = [];
  for (const change of byBlock) {
    if (change.removed) removed.push(...change.value);
    else if (change.added) added.push(...change.value);
    else {
      changedRun(removed, added);
      removed = [];
      added = [];
      for (const value of change.value) blocks.push({ kind: "same", parts: [{ kind: "same", value }] });
    }
  }
  changedRun(removed, added);
  return { blocks, whole };
}

/**
 * Changes separated only by spaces made one: "bicycle lanes" replaced by "protected cycle tracks"
 * is one change to a reader, but a word diff keeps the space between the words as unchanged and
 * finds two ("bicycle" → "protected", "lanes" → "cycle tracks"). Each run of changed parts and the
 * spaces between them becomes one removal and one addition, each with its spaces.
 */
export function joinedAcrossSpaces(parts: readonly DiffPart[]): DiffPart[] {
  const joined: DiffPart[] = [];
  let index = 0;
  while (index < parts.length) {
    if (parts[index].kind === "same") {
      joined.push(parts[index++]);
      continue;
    }
    let removed = "";
    let added = "";
    let end = index;
    for (;;) {
      while (end < parts.length && parts[end].kind !== "same") {
        if (parts[end].kind === "removed") removed += parts[end].value;
        else added += parts[end].value;
        end++;
      }
      const space = parts[end];
      const next = parts[end + 1];
      if (!space || !next || next.kind === "same" || !/^\s+$/u.test(space.value)) break;
      removed += space.value;
      added += space.value;
      end++;
    }
    if (removed) joined.push({ kind: "removed", value: removed });
    if (added) joined.push({ kind: "added", value: added });
    index = end;
  }
  return joined;
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
  before: string | readonly string[],
  after: string | readonly string[],
  limits = DIFF_LIMITS,
): TextComparison & { method: "characters" | "words" } {
  const method = diffMethod(asBlocks(before).join("\n"), asBlocks(after).join("\n"));
  const fine: FineDiff = (a, b, options) =>
    fromChanges(method === "characters" ? diffChars(a, b, options) : diffWordsWithSpace(a, b, options), asText);
  return { ...compareBounded(before, after, fine, limits), method };
}

/** The parts of all blocks, in order, for a short comparison (tests, one-line texts). */
export const partsOf = (blocks: readonly DiffBlock[]): DiffPart[] => blocks.flatMap((block) => block.parts);

export const diffTexts = (before: string, after: string): DiffPart[] => partsOf(compareTexts(before, after).blocks);

/** Characters added and removed (never a block separator), for a one-line summary above the diff. */
export function diffCounts(blocks: readonly DiffBlock[]) {
  let added = 0;
  let removed = 0;
  for (const part of partsOf(blocks)) {
    if (part.kind === "added") added += [...part.value].length;
    if (part.kind === "removed") removed += [...part.value].length;
  }
  return { added, removed };
}
