import { db } from "~/db.server";
import { openDataFormatSchema, openDataResponse } from "~/features/open-data/response.server";
import { passageCommentsDataset } from "./comments-open-data";

/** /policies/<id>/comments/passage-comments.json (or .csv): one policy's comments and replies with their outcomes. */
export async function passageCommentsDownload(policyId: string, name: string | undefined) {
  const match = /^passage-comments\.([a-z]+)$/.exec(name ?? "");
  const format = openDataFormatSchema.safeParse(match?.[1]);
  if (!match || !format.success) throw new Response("Not Found", { status: 404 });
  const rows = await db.passageComment.findMany({
    where: { policyId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      policyId: true,
      parentId: true,
      kind: true,
      quote: true,
      text: true,
      hiddenReason: true,
      authorName: true,
      asOfficial: true,
      outcome: true,
      outcomeReason: true,
      outcomeAt: true,
      createdAt: true,
    },
  });
  return openDataResponse(passageCommentsDataset, rows, {
    format: format.data,
    filename: `policy-${policyId}-comments`,
  });
}
