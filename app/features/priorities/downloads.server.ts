import { openDataFormatSchema, openDataResponse, type OpenDataFormat } from "~/features/open-data/response.server";
import { phaseAt } from "./phases";
import { ballotsDataset, candidatesText, proposalsDataset, resultsDataset, type BallotRow, type ResultRow } from "./open-data";
import { listProposalRecords } from "./proposals.server";
import { requireCycle } from "./route-helpers.server";
import { cycleResult, listPublishedBallots, resultsArePublic, tallyTermsOf, type ResultsCycle } from "./results.server";

/** "results.csv", "ballots.json" …: the file names the results page links to. */
export function parseDownloadName(name: string | undefined) {
  const match = /^(results|ballots)\.([a-z]+)$/.exec(name ?? "");
  const format = openDataFormatSchema.safeParse(match?.[2]);
  if (!match || !format.success) throw new Response("Not Found", { status: 404 });
  return { dataset: match[1] as "results" | "ballots", format: format.data };
}

/**
 * A cycle's results or anonymised ballots as a download, from the results phase on (before,
 * a 404: a running count would sway the vote). The results are the cached count the page shows;
 * the ballots are exactly those that count computes from.
 */
export async function cycleDownload(cycle: ResultsCycle, name: string | undefined, language: "zh-CN" | "en") {
  const { dataset, format } = parseDownloadName(name);
  if (!resultsArePublic(phaseAt(cycle))) throw new Response("Not Found", { status: 404 });
  const filename = `priorities-${cycle.id}-${dataset}`;
  if (dataset === "results") {
    const result = await cycleResult(cycle);
    const byNumber = new Map(cycle.candidates.map((candidate) => [candidate.ballotNumber, candidate]));
    const rows: ResultRow[] = result.candidates.map((candidate) => {
      const shortlisted = byNumber.get(candidate.ballotNumber)!;
      const department = language === "zh-CN" ? shortlisted.departmentZh : shortlisted.departmentEn;
      return { candidate, title: shortlisted.title, department };
    });
    return openDataResponse(resultsDataset, rows, { format, filename });
  }
  const terms = tallyTermsOf(cycle);
  const candidates = candidatesText(terms);
  const ballots = await listPublishedBallots(cycle.id);
  function* rows(): Generator<BallotRow> {
    let first = true;
    for (const ballot of ballots) {
      yield { ...ballot, terms, candidates: first ? candidates : null };
      first = false;
    }
  }
  return openDataResponse(ballotsDataset, rows(), { format, filename });
}

/** A cycle's proposals, every status, as CSV or JSON. */
export async function proposalsDownload(cycleId: string | undefined, format: OpenDataFormat) {
  const cycle = await requireCycle(cycleId);
  return openDataResponse(proposalsDataset, await listProposalRecords(cycle.id), { format, filename: `priorities-${cycle.id}-proposals` });
}
