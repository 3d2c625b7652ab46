import { findVersionReport } from "./adoption.server";
import { findPolicyForComments } from "./comments.server";

/** The version named in the address with its report, or a 404 for anything else. */
export async function requireVersionReport(policyId: string | undefined, number: string | undefined) {
  const policy = await findPolicyForComments(policyId);
  const n = /^\d{1,6}$/.test(number ?? "") ? Number(number) : NaN;
  const version = policy && Number.isInteger(n) ? await findVersionReport(policy.id, n) : null;
  if (!version) throw new Response("Not Found", { status: 404 });
  return version;
}

/** The file name of a report download: "policy-<id>-v2-report.json". */
export const reportFilename = (policyId: string, number: number, extension: string) =>
  `policy-${policyId}-v${number}-report.${extension}`;
