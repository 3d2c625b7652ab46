import type { AppLoadContext } from "@remix-run/node";
import { requireUser } from "~/features/accounts/auth.server";
import { canManagePolicy } from "./permissions.server";
import { getPolicy } from "./policies.server";

/** The policy named in the address, or a 404 page: an unknown or malformed id names nothing. */
export async function requirePolicy(policyId: string | undefined) {
  const policy = await getPolicy(policyId);
  if (!policy) throw new Response("Not Found", { status: 404 });
  return policy;
}

/** The signed-in official (or administrator) managing the policy, or 403 for anyone else. */
export async function requirePolicyManager(request: Request, context: AppLoadContext, policyId: string | undefined) {
  const user = await requireUser(request, context);
  const policy = await requirePolicy(policyId);
  if (!canManagePolicy(user, policy.departmentId)) throw new Response("Forbidden", { status: 403 });
  return { user, policy };
}
