import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportFilename, requireVersionReport } from "~/features/policies/report-route.server";

/** /policies/<id>/versions/<n>/report.json: the response report as published, for download. */
export async function loader({ params }: LoaderFunctionArgs) {
  const version = await requireVersionReport(params.policyId, params.number);
  if (!version.report) throw new Response("Not Found", { status: 404 });
  return new Response(JSON.stringify(version.report, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportFilename(version.policy.id, version.number, "json")}"`,
    },
  });
}
