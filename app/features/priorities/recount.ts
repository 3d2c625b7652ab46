// The recount from a downloaded ballots file alone (decision 0018): no database, the same tally
// function as the results page. `npm run recount -- ballots.csv` prints what this returns.
import { readOpenDataCsv } from "~/features/open-data/csv";
import { readOpenDataJson } from "~/features/open-data/json";
import { ballotsDataset, ballotsFromOpenData } from "./open-data";
import { tallyBallots, type TallyResult } from "./tally";

/** The result counted from a ballots file's text; null when the file holds no ballots. */
export function recountBallotsFile(text: string, format: "csv" | "json"): TallyResult | null {
  const records = format === "json" ? readOpenDataJson(ballotsDataset, text) : readOpenDataCsv(ballotsDataset, text);
  const { terms, ballots } = ballotsFromOpenData(records);
  return terms ? tallyBallots(terms, ballots) : null;
}

/** The result as a plain text table, one candidate a line, in rank order. */
export function formatRecount(result: TallyResult | null): string {
  if (!result) return "The file holds no ballots: there is nothing to count.\n";
  const budget = result.method === "budget";
  const heading = ["rank", "ballot_number", "online_score", "offline_score", "score", "ballots", "first_preferences", ...(budget ? ["funded"] : []), "placed_by"];
  const lines = result.candidates.map((candidate) => [
    candidate.rank,
    candidate.ballotNumber,
    candidate.online.score,
    candidate.offline.score,
    candidate.combined.score,
    candidate.combined.ballots,
    candidate.combined.firstPreferences,
    ...(budget ? [candidate.funded ? "yes" : "no"] : []),
    candidate.placedBy ?? "",
  ].map(String));
  const widths = heading.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const row = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column])).join("  ").trimEnd();
  const k = result.maxChoices === null ? "" : `, K = ${result.maxChoices}`;
  const total = result.budgetTotal === null ? "" : `, budget total ${result.budgetTotal}`;
  return [
    `Method: ${result.method}${k}${total}`,
    `Ballots counted: ${result.ballots.combined} (online ${result.ballots.online}, offline ${result.ballots.offline}); set aside as invalid: ${result.invalid.combined}`,
    ...(budget ? [`Funded cost: ${result.fundedCost}`] : []),
    "",
    row(heading),
    ...lines.map(row),
    "",
  ].join("\n");
}
