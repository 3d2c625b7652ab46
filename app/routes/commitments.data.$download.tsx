import type { LoaderFunctionArgs } from "@remix-run/node";
import { commitmentsDownload } from "~/features/commitments/downloads.server";
import { isRecordId } from "~/validation";

/** /commitments/data/commitments.csv, …/progress-reports.json (?cycle=<id>): the open data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const cycle = new URL(request.url).searchParams.get("cycle");
  return commitmentsDownload(params.download, isRecordId(cycle) ? cycle : undefined);
}
