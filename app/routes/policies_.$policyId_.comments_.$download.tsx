import type { LoaderFunctionArgs } from "@remix-run/node";
import { passageCommentsDownload } from "~/features/policies/comments-downloads.server";
import { findPolicyForComments } from "~/features/policies/comments.server";

/** /policies/<id>/comments/passage-comments.json (or .csv): the comments with their outcomes, as open data. */
export async function loader({ params }: LoaderFunctionArgs) {
  const policy = await findPolicyForComments(params.policyId);
  if (!policy) throw new Response("Not Found", { status: 404 });
  return passageCommentsDownload(policy.id, params.download);
}
