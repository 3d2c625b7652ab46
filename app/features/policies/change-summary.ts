// The changes from one policy text to the next, summarised for the response report and for each
// revision of the community draft: counts, and each changed place with a little context.
import { diffArrays } from "diff";
import { compareBounded, fromChanges, type FineDiff } from "./diff";

export interface ReportChange {
  /** A little of the unchanged text before the change, to find it. */
  before: string;
  removed: string;
  added: string;
}

export interface ChangeSummary {
  charactersAdded: number;
  charactersRemoved: number;
  count: number;
  list: ReportChange[];
  /** Some changed passages were too different to compare piece by piece and count as one change each (absent in older reports). */
  whole?: boolean;
}

/** Changes listed in a report; the counts cover all of them. */
const LISTED_CHANGES = 200;
const CHANGE_EXCERPT = 400;
const CONTEXT = 30;

/**
 * The units a text is compared in: Chinese (and Japanese, Korean) has no spaces between words,
 * so each of its characters is a unit; other scripts go by words, spaces and punctuation. A
 * regulation mixing both (article numbers, English names) is compared by each in its place.
 */
const CJK = "\\u3040-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af";
const TOKEN = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}_])+|\\s+|.`, "gsu");
export const diffTokens = (text: string) => text.match(TOKEN) ?? [];

const byTokens: FineDiff = (before, after, limits) =>
  fromChanges(diffArrays(diffTokens(before), diffTokens(after), limits), (tokens) => tokens.join(""));

/**
 * The changes from one text to the next, summarised: counts and each changed place. The texts
 * are given as their blocks (./draft-text.ts textBlocks; a string is split at its line ends) and
 * compared block by block, then within each changed block (./diff.ts): a block separator is
 * never a change, and characters count only text. A change is one changed place within a block,
 * or a run of blocks added or removed whole. Bounded like the diff page (residents write the
 * draft, so its distance from the last version is theirs to choose): passages too different to
 * compare piece by piece count as one change each.
 */
export function summariseChanges(
  previous: string | readonly string[],
  next: string | readonly string[],
): ChangeSummary {
  const { blocks, whole } = compareBounded(previous, next, byTokens);
  const list: ReportChange[] = [];
  let charactersAdded = 0;
  let charactersRemoved = 0;
  let count = 0;
  let before = "";
  let open: ReportChange | null = null;
  /** Whether `open` is a run of whole blocks, which the next whole block joins. */
  let openWhole = false;
  const start = () => {
    count++;
    const change = { before: before.slice(-CONTEXT), removed: "", added: "" };
    if (list.length < LISTED_CHANGES) list.push(change);
    return change;
  };
  const append = (change: ReportChange, kind: "added" | "removed", value: string, separator: string) => {
    if (kind === "added") charactersAdded += value.length;
    else charactersRemoved += value.length;
    const joined = change[kind] ? `${change[kind]}${separator}${value}` : value;
    change[kind] = joined.slice(0, CHANGE_EXCERPT);
  };
  for (const block of blocks) {
    if (block.kind === "same") {
      open = null;
      before = block.parts[0]?.value ?? "";
      continue;
    }
    if (block.kind === "added" || block.kind === "removed") {
      if (!open || !openWhole) open = start();
      openWhole = true;
      append(open, block.kind, block.parts[0]?.value ?? "", "\n");
      continue;
    }
    // A changed block: each run of changed parts within it is one change.
    open = null;
    openWhole = false;
    let text = "";
    for (const part of block.parts) {
      if (part.kind === "same") {
        open = null;
        text += part.value;
        before = text;
        continue;
      }
      open ??= start();
      append(open, part.kind, part.value, "");
      if (part.kind === "removed") continue;
      text += part.value;
    }
    before = text;
    open = null;
  }
  return { charactersAdded, charactersRemoved, count, list, whole };
}
