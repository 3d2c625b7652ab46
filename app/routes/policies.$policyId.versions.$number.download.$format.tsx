import type { LoaderFunctionArgs } from "@remix-run/node";
import { versionFile } from "~/features/policies/downloads.server";
import { requirePolicy } from "~/features/policies/route-helpers.server";
import { getVersion } from "~/features/policies/versions.server";

/** /policies/<id>/versions/<n>/download/html (or md, json): one version's text as a file. */
export async function loader({ params }: LoaderFunctionArgs) {
  const policy = await requirePolicy(params.policyId);
  const version = /^\d{1,6}$/.test(params.number ?? "") ? await getVersion(policy.id, Number(params.number)) : null;
  if (!version) throw new Response("Not Found", { status: 404 });
  return versionFile(policy, version, params.format);
}
