import type { LoaderFunctionArgs } from "@remix-run/node";
import { proposalsDownload } from "~/features/priorities/downloads.server";

/** /priorities/<id>/proposals.json: the cycle's proposals as open data. */
export async function loader({ params }: LoaderFunctionArgs) {
  return proposalsDownload(params.cycleId, "json");
}
