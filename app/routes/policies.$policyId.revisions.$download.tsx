import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireDraftPolicy } from "~/features/policies/editing-pages.server";
import { revisionsDataset } from "~/features/policies/editing-open-data";
import { revisionRows } from "~/features/policies/revisions.server";
import { openDataFormatSchema, openDataResponse } from "~/features/open-data/response.server";

/** /policies/<id>/revisions/revisions.json (or .csv): the community draft's revisions as open data. */
export async function loader({ params }: LoaderFunctionArgs) {
  const policy = await requireDraftPolicy(params.policyId);
  const match = /^revisions\.([a-z]+)$/.exec(params.download ?? "");
  const format = openDataFormatSchema.safeParse(match?.[1]);
  if (!format.success) throw new Response("Not Found", { status: 404 });
  return openDataResponse(revisionsDataset, await revisionRows(policy.id), {
    format: format.data,
    filename: `policy-${policy.id}-revisions`,
  });
}
