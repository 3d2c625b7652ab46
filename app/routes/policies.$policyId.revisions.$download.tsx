import type { LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { requireDraftPolicy } from "~/features/policies/editing-pages.server";
import { revisionsDataset } from "~/features/policies/editing-open-data";
import { revisionInFull, revisionRows } from "~/features/policies/revisions.server";
import { streamedBody } from "~/http/streamed-body.server";
import { openDataFormatSchema, openDataResponse } from "~/features/open-data/response.server";

/**
 * /policies/<id>/revisions/revisions.json (or .csv): the community draft's revisions as open
 * data, each with its change from the one before; /policies/<id>/revisions/<n>.json: one
 * revision with its full text.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const policy = await requireDraftPolicy(params.policyId);
  const one = /^([1-9]\d{0,8})\.json$/.exec(params.download ?? "");
  if (one) {
    const revision = await revisionInFull(policy.id, Number(one[1]));
    if (!revision) throw new Response("Not Found", { status: 404 });
    const { content, ...rest } = revision;
    const body = { policy: { id: policy.id }, ...rest, createdAt: rest.createdAt.toISOString() };
    // The text goes out after the metadata, in slices, without being copied into one more string.
    const head = JSON.stringify(body).slice(0, -1);
    return new Response(streamedBody([head, `,"content":`, content, "}\n"]), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": contentDisposition(`policy-${policy.id}-revision-${revision.number}.json`),
      },
    });
  }
  const match = /^revisions\.([a-z]+)$/.exec(params.download ?? "");
  const format = openDataFormatSchema.safeParse(match?.[1]);
  if (!format.success) throw new Response("Not Found", { status: 404 });
  return openDataResponse(revisionsDataset, revisionRows(policy.id), {
    format: format.data,
    filename: `policy-${policy.id}-revisions`,
  });
}
