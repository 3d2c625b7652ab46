// The recount from a downloaded counts file alone (decisions 0018 and 0024): no database, the same
// functions as the results page (tally.ts's resultFromMatrix, counting-rule.ts). `npm run recount
// -- counts.csv` prints what this returns. A file the recount cannot trust is refused with a
// message naming the record (row) and column, never counted: an altered file must not produce a
// plausible ranking. Records are numbered from 1, the first row after the CSV header or the
// first of the JSON's rows, as the open-data readers number them.
import { parse } from "csv-parse/sync";
import { readOpenDataCsv } from "~/features/open-data/csv";
import type { OpenDataCell, OpenDataRecord } from "~/features/open-data/dataset";
import { readOpenDataJson } from "~/features/open-data/json";
import { choiceLimit, countingRule, isCountingMethod, mostWithinBudget } from "./counting-rule";
import { ballotCountsDataset, FILE_CHANNELS, rankColumnName, rankOfHeading, TERM_COLUMNS } from "./open-data";
import {
  resultFromMatrix,
  TALLY_CHANNELS,
  type ChannelMatrix,
  type CountMatrix,
  type TallyChannel,
  type TallyResult,
} from "./tally";

/** A counts file the recount refuses; the message says where and why. */
export class RecountError extends Error {
  override name = "RecountError";
}

const fail = (message: string): never => {
  throw new RecountError(message);
};
const show = (value: OpenDataCell | undefined) =>
  value === null || value === undefined ? "empty" : JSON.stringify(value);

/** The rank columns a CSV header or JSON file names: their count, or null for none (chosen). */
function ranksIn(headings: readonly string[]): number | null {
  const ranks = headings.map(rankOfHeading).filter((rank): rank is number => rank !== null);
  return ranks.length === 0 ? null : Math.max(...ranks);
}

function csvHeadings(text: string): string[] {
  try {
    const [header] = parse(text, { bom: true, to_line: 1 }) as string[][];
    return header ?? [];
  } catch {
    return []; // the reader reports what is wrong with the file
  }
}

function jsonHeadings(text: string): string[] {
  try {
    const document = JSON.parse(text) as { columns?: Array<{ name?: unknown }>; rows?: Array<Record<string, unknown>> };
    if (Array.isArray(document.columns)) return document.columns.map((column) => String(column?.name));
    if (Array.isArray(document.rows) && document.rows[0]) return Object.keys(document.rows[0]);
  } catch {
    // the reader reports what is wrong with the file
  }
  return [];
}

/** The count matrix of a counts file, after every check below; null when it has no rows (no candidates). */
export function readCountsFile(text: string, format: "csv" | "json"): CountMatrix | null {
  const ranks = ranksIn(format === "json" ? jsonHeadings(text) : csvHeadings(text));
  const dataset = ballotCountsDataset(ranks);
  // Column names, types, whole numbers, extra or missing columns: the open-data readers check those.
  const records = format === "json" ? readOpenDataJson(dataset, text) : readOpenDataCsv(dataset, text);
  return matrixFromRecords(records, ranks);
}

const nonNegative = (value: OpenDataCell) => typeof value === "number" && value >= 0;

function matrixFromRecords(records: OpenDataRecord[], ranks: number | null): CountMatrix | null {
  if (records.length === 0) return null;
  const at = (index: number, column?: string) => {
    const record = records[index];
    const which =
      typeof record.ballot_number === "number" && typeof record.channel === "string"
        ? ` (${record.channel}, No. ${record.ballot_number})`
        : "";
    return `Record ${index + 1}${which}${column ? `, column ${column}` : ""}`;
  };

  // The terms: the same on every row, and sensible.
  const first = records[0];
  for (const column of TERM_COLUMNS) {
    records.forEach((record, index) => {
      if (record[column] !== first[column])
        fail(
          `${at(index, column)}: ${show(record[column])} differs from record 1 (${show(first[column])}): the terms of the vote are the same on every row.`,
        );
    });
  }
  const method = first.method;
  if (!isCountingMethod(method))
    return fail(`${at(0, "method")}: ${show(method)} is not a counting method (approval, ranked or budget).`);
  const maxChoices = first.max_choices as number | null;
  const budgetTotal = first.budget_total as number | null;
  const candidateCount = first.candidate_count as number | null;
  if (method === "budget" && maxChoices !== null)
    fail(`${at(0, "max_choices")}: budget ballots are limited by the total, not by K: it must be empty.`);
  if (method !== "budget" && maxChoices !== null && maxChoices < 1)
    fail(`${at(0, "max_choices")}: ${show(maxChoices)} is not a whole number from 1 (or empty, for no limit).`);
  if (method !== "budget" && budgetTotal !== null)
    fail(`${at(0, "budget_total")}: only budget ballots have a total: it must be empty.`);
  if (budgetTotal !== null && budgetTotal < 0) fail(`${at(0, "budget_total")}: ${show(budgetTotal)} is negative.`);
  if (candidateCount === null || candidateCount < 1)
    return fail(
      `${at(0, "candidate_count")}: ${show(candidateCount)} is not a number of candidates (a whole number from 1).`,
    );

  // The count columns: one per rank up to K for ranked ballots, one (chosen) for the others.
  const limit = choiceLimit(method, maxChoices, candidateCount);
  if (method === "ranked" && ranks === null)
    fail(`The method is ranked, but the file has no rank columns (rank_1 … rank_${limit}).`);
  if (method !== "ranked" && ranks !== null)
    fail(`The method is ${method}, counted in one column (chosen), but the file has rank columns.`);
  const columns = ranks === null ? ["chosen"] : Array.from({ length: ranks }, (_, index) => rankColumnName(index + 1));
  if (ranks !== null && ranks > limit) {
    for (const [index, record] of records.entries()) {
      const beyond = columns.slice(limit).find((column) => (record[column] ?? 0) !== 0);
      if (beyond)
        fail(
          `${at(index, beyond)}: ${show(record[beyond])} ballots at rank ${beyond.slice(5)}, but a ballot ranks at most ${limit} candidates (K = ${limit}).`,
        );
    }
    fail(`Column ${columns[limit]}: a rank beyond K = ${limit}; the counts run from rank_1 to rank_${limit}.`);
  }
  if (ranks !== null && ranks < limit)
    fail(
      `The file lacks the column ${rankColumnName(ranks + 1)}: with K = ${limit}, the counts run from rank_1 to rank_${limit}.`,
    );

  // One row per channel and candidate; counts whole and not negative; the channel's totals and
  // the candidate's cost the same on each of its rows.
  const rowOf = new Map<string, number>();
  const firstOfChannel = new Map<string, number>();
  const costRow = new Map<number, number>();
  for (const [index, record] of records.entries()) {
    const channel = record.channel;
    if (channel !== FILE_CHANNELS.online && channel !== FILE_CHANNELS.offline)
      fail(`${at(index, "channel")}: ${show(channel)} is not a channel (online or paper).`);
    const number = record.ballot_number;
    if (typeof number !== "number" || number < 1)
      fail(`${at(index, "ballot_number")}: ${show(number)} is not a ballot number (a whole number from 1).`);
    const key = `${channel} ${number}`;
    if (rowOf.has(key))
      fail(
        `${at(index)}: a second ${channel} row for No. ${number} (the first is record ${rowOf.get(key)! + 1}): each candidate has one row per channel.`,
      );
    rowOf.set(key, index);
    if (record.cost !== null && !nonNegative(record.cost))
      fail(`${at(index, "cost")}: ${show(record.cost)} is negative.`);
    const sameCost = costRow.get(number as number);
    if (sameCost === undefined) costRow.set(number as number, index);
    else if (records[sameCost].cost !== record.cost)
      fail(
        `${at(index, "cost")}: ${show(record.cost)} differs from record ${sameCost + 1} (${show(records[sameCost].cost)}): a candidate has one cost.`,
      );
    for (const column of [...columns, "ballots_counted", "ballots_set_aside"]) {
      if (!nonNegative(record[column]))
        fail(`${at(index, column)}: ${show(record[column])} is not a count (a whole number from 0).`);
    }
    const channelFirst = firstOfChannel.get(channel as string);
    if (channelFirst === undefined) firstOfChannel.set(channel as string, index);
    else {
      for (const column of ["ballots_counted", "ballots_set_aside"]) {
        if (record[column] !== records[channelFirst][column]) {
          fail(
            `${at(index, column)}: ${show(record[column])} differs from record ${channelFirst + 1} (${show(records[channelFirst][column])}): a channel's totals are the same on each of its rows.`,
          );
        }
      }
    }
  }

  // Every candidate of the terms, on both channels.
  const numbers = [...costRow.keys()].sort((a, b) => a - b);
  if (numbers.length !== candidateCount) {
    fail(
      `The terms say ${candidateCount} candidates (column candidate_count), but the file has rows for ${numbers.length} (No. ${numbers.join(", ")}).`,
    );
  }
  for (const number of numbers) {
    for (const channel of TALLY_CHANNELS) {
      if (!rowOf.has(`${FILE_CHANNELS[channel]} ${number}`))
        fail(`No. ${number} has no ${FILE_CHANNELS[channel]} row: each candidate has one row per channel.`);
    }
  }

  const candidates = numbers.map((ballotNumber) => ({
    ballotNumber,
    cost: records[costRow.get(ballotNumber)!].cost as number | null,
  }));
  const channelMatrix = (channel: TallyChannel): ChannelMatrix => {
    const name = FILE_CHANNELS[channel];
    const row = (number: number) => records[rowOf.get(`${name} ${number}`)!];
    const totals = row(numbers[0]);
    return {
      counted: totals.ballots_counted as number,
      setAside: totals.ballots_set_aside as number,
      counts: numbers.map((number) => columns.map((column) => row(number)[column] as number)),
    };
  };
  const matrix: CountMatrix = {
    terms: { method, maxChoices, budgetTotal, candidates },
    columns: columns.length,
    online: channelMatrix("online"),
    offline: channelMatrix("offline"),
  };
  for (const channel of TALLY_CHANNELS)
    checkTotals(matrix, channel, (number) => at(rowOf.get(`${FILE_CHANNELS[channel]} ${number}`)!));
  return matrix;
}

/**
 * What any set of real ballots would give: counts that no ballots could produce mean the file was
 * altered (or written by something else), and are refused rather than counted.
 */
function checkTotals(matrix: CountMatrix, channel: TallyChannel, recordOf: (ballotNumber: number) => string) {
  const { terms } = matrix;
  const { counted, counts } = matrix[channel];
  const name = FILE_CHANNELS[channel];
  const limit = choiceLimit(terms.method, terms.maxChoices, terms.candidates.length);
  const where = `The ${name} rows`;
  // A candidate appears at most once on a ballot.
  counts.forEach((row, index) => {
    const naming = row.reduce((sum, count) => sum + count, 0);
    if (naming > counted)
      fail(
        `${recordOf(terms.candidates[index].ballotNumber)}: ${naming} ballots name this candidate, more than the ${counted} ${name} ballots counted.`,
      );
  });
  if (terms.method === "ranked") {
    // Every counted ballot ranks a first choice; a ballot ranking a third choice ranks a second.
    const atRank = Array.from({ length: matrix.columns }, (_, column) =>
      counts.reduce((sum, row) => sum + row[column], 0),
    );
    if ((atRank[0] ?? 0) !== counted) {
      fail(
        `${where}, column rank_1: ${atRank[0] ?? 0} ballots rank a first choice, but ${counted} are counted (ballots_counted): every counted ballot ranks one candidate first.`,
      );
    }
    for (let column = 1; column < atRank.length; column++) {
      if (atRank[column] > atRank[column - 1]) {
        fail(
          `${where}, column ${rankColumnName(column + 1)}: ${atRank[column]} ballots name a candidate at rank ${column + 1}, but only ${atRank[column - 1]} at rank ${column}: a ballot's ranks run 1, 2, 3 without gaps.`,
        );
      }
    }
    return;
  }
  const choices = counts.reduce((sum, row) => sum + row[0], 0);
  if (choices < counted)
    fail(
      `${where}, column chosen: ${choices} choices in all, fewer than the ${counted} ballots counted: every counted ballot chooses at least one candidate.`,
    );
  const most = terms.method === "approval" ? limit : mostWithinBudget(terms);
  if (choices > most * counted) {
    const why =
      terms.method === "approval"
        ? `a ballot chooses at most ${limit} (K)`
        : `no ballot can choose more than ${most} candidates within the budget total`;
    fail(
      `${where}, column chosen: ${choices} choices in all, more than ${most} for each of the ${counted} ballots counted: ${why}.`,
    );
  }
  if (terms.method === "budget" && terms.budgetTotal !== null) {
    // Exact, in case costs times ballots pass 2^53.
    const spent = counts.reduce(
      (sum, row, index) => sum + BigInt(terms.candidates[index].cost ?? 0) * BigInt(row[0]),
      0n,
    );
    if (spent > BigInt(terms.budgetTotal) * BigInt(counted)) {
      fail(
        `${where}, column chosen: the choices cost ${spent} in all, more than the budget total (${terms.budgetTotal}) for each of the ${counted} ballots counted.`,
      );
    }
  }
}

/** The result recounted from a counts file's text; null when the file has no rows (no candidates). */
export function recountCountsFile(text: string, format: "csv" | "json"): TallyResult | null {
  const matrix = readCountsFile(text, format);
  return matrix ? resultFromMatrix(matrix) : null;
}

/** The result as a plain text table, one candidate a line, in rank order. */
export function formatRecount(result: TallyResult | null): string {
  if (!result) return "The file has no rows: the vote had no candidates, so there is nothing to count.\n";
  const budget = result.method === "budget";
  const ranked = result.method === "ranked";
  const heading = [
    "rank",
    "ballot_number",
    "online_score",
    "offline_score",
    "score",
    "ballots",
    ...(ranked ? ["first_preferences"] : []),
    ...(budget ? ["funded"] : []),
    "placed_by",
  ];
  const lines = result.candidates.map((candidate) =>
    [
      candidate.rank,
      candidate.ballotNumber,
      candidate.online.score,
      candidate.offline.score,
      candidate.combined.score,
      candidate.combined.ballots,
      ...(ranked ? [candidate.combined.firstPreferences] : []),
      ...(budget ? [candidate.funded ? "yes" : "no"] : []),
      candidate.placedBy ?? "",
    ].map(String),
  );
  const widths = heading.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const row = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padStart(widths[column]))
      .join("  ")
      .trimEnd();
  const limit = choiceLimit(result.method, result.maxChoices, result.candidates.length);
  const k =
    result.method === "budget"
      ? ""
      : `, K = ${limit}${result.maxChoices !== limit ? ` (the vote set ${result.maxChoices ?? "no limit"}; ${result.candidates.length} candidates)` : ""}`;
  const points = ranked
    ? `, points ${countingRule(result.matrix.terms).points.join(", ")} for ranks 1 to ${limit}`
    : "";
  const total = result.budgetTotal === null ? "" : `, budget total ${result.budgetTotal}`;
  return [
    `Method: ${result.method}${k}${points}${total}`,
    `Ballots counted: ${result.ballots.combined} (online ${result.ballots.online}, paper ${result.ballots.offline}); set aside: ${result.invalid.combined} (online ${result.invalid.online}, paper ${result.invalid.offline})`,
    ...(budget ? [`Funded cost: ${result.fundedCost}`] : []),
    "",
    row(heading),
    ...lines.map(row),
    "",
  ].join("\n");
}
