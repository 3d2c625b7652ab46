import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPreviousResult } from "~/features/priorities/corrections.server";
import { isRecordId } from "~/validation";

/** /priorities/<id>/results/corrections/<correctionId>.json: the result as published before a correction. */
export async function loader({ params }: LoaderFunctionArgs) {
  const previous =
    isRecordId(params.cycleId) && isRecordId(params.correctionId)
      ? await getPreviousResult(params.cycleId, params.correctionId)
      : null;
  if (previous === null) throw new Response("Not Found", { status: 404 });
  return new Response(previous, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="priorities-${params.cycleId}-results-before-correction-${params.correctionId}.json"`,
    },
  });
}
