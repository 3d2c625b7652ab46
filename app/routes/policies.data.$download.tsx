import type { LoaderFunctionArgs } from "@remix-run/node";
import { policiesDownload } from "~/features/policies/downloads.server";
import { isRecordId } from "~/validation";

/** /policies/data/policies.csv, …/versions.json (?policy=<id>): the policies' open data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const policy = new URL(request.url).searchParams.get("policy");
  return policiesDownload(params.download, isRecordId(policy) ? policy : undefined);
}
