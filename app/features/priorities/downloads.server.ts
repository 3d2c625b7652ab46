import { openDataFormatSchema, openDataResponse, type OpenDataFormat } from "~/features/open-data/response.server";
import { phaseAt } from "./phases";
import {
  ballotCountsDataset,
  countColumnsOf,
  countRows,
  proposalsDataset,
  resultsDataset,
  type ResultRow,
} from "./open-data";
import { listProposalRecords } from "./proposals.server";
import { requireCycle } from "./route-helpers.server";
import { cycleResult, resultsArePublic, type ResultsCycle } from "./results.server";

/**
 * "results.csv", "ballot-counts.json" …: the file names the results page links to. The record of
 * single ballots (ballots.csv) is no longer published (decision 0024): its address is a 404.
 */
export function parseDownloadName(name: string | undefined) {
  const match = /^(results|ballot-counts)\.([a-z]+)$/.exec(name ?? "");
  const format = openDataFormatSchema.safeParse(match?.[2]);
  if (!match || !format.success) throw new Response("Not Found", { status: 404 });
  return { dataset: match[1] as "results" | "ballot-counts", format: format.data };
}

/**
 * A cycle's results or ballot counts as a download, from the results phase on (before, a 404: a
 * running count would sway the vote). Both come from the kept count the page shows (cycleResult),
 * so a download reads no ballot: a few dozen rows, however many ballots were cast.
 */
export async function cycleDownload(cycle: ResultsCycle, name: string | undefined, language: "zh-CN" | "en") {
  const { dataset, format } = parseDownloadName(name);
  if (!resultsArePublic(phaseAt(cycle))) throw new Response("Not Found", { status: 404 });
  const filename = `priorities-${cycle.id}-${dataset}`;
  const result = await cycleResult(cycle);
  if (dataset === "ballot-counts")
    return openDataResponse(ballotCountsDataset(countColumnsOf(result.matrix)), countRows(result.matrix), {
      format,
      filename,
    });
  const byNumber = new Map(cycle.candidates.map((candidate) => [candidate.ballotNumber, candidate]));
  const ranked = result.method === "ranked";
  const rows: ResultRow[] = result.candidates.map((candidate) => {
    const shortlisted = byNumber.get(candidate.ballotNumber)!;
    const department = language === "zh-CN" ? shortlisted.departmentZh : shortlisted.departmentEn;
    return { candidate, ranked, title: shortlisted.title, department };
  });
  return openDataResponse(resultsDataset, rows, { format, filename });
}

/** A cycle's proposals, every status, as CSV or JSON. */
export async function proposalsDownload(cycleId: string | undefined, format: OpenDataFormat) {
  const cycle = await requireCycle(cycleId);
  return openDataResponse(proposalsDataset, await listProposalRecords(cycle.id), {
    format,
    filename: `priorities-${cycle.id}-proposals`,
  });
}
