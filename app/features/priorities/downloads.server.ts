import { openDataResponse, type OpenDataFormat } from "~/features/open-data/response.server";
import { proposalsDataset } from "./open-data";
import { listProposalRecords } from "./proposals.server";
import { requireCycle } from "./route-helpers.server";

/** A cycle's proposals, every status, as CSV or JSON. */
export async function proposalsDownload(cycleId: string | undefined, format: OpenDataFormat) {
  const cycle = await requireCycle(cycleId);
  return openDataResponse(proposalsDataset, await listProposalRecords(cycle.id), { format, filename: `priorities-${cycle.id}-proposals` });
}
