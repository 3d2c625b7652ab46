// What the draft, history and diff pages read about their policy. A small private lookup: the
// core part's getPolicy(id) serves the policy pages, and the two meet at merge.
import { db } from "~/db.server";
import { isRecordId } from "~/validation";

export async function requireDraftPolicy(policyId: string | undefined) {
  const policy = isRecordId(policyId)
    ? await db.policy.findUnique({
        where: { id: policyId },
        select: { id: true, title: true, status: true, protected: true, departmentId: true },
      })
    : null;
  if (!policy) throw new Response("Not Found", { status: 404 });
  return policy;
}
