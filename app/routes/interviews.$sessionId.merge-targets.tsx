import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { searchMergeTargets } from "~/features/interviews/moderation.server";
import { canModerate } from "~/features/interviews/permissions.server";
import { requireSessionStaff } from "~/features/interviews/route-helpers.server";
import { mergeSearchSchema } from "~/features/interviews/schemas";

/**
 * The questions a duplicate can be merged into, for the moderation page's script: published
 * questions of the same session with the words typed. Without script the page's own search form
 * gives the same list (`?merge=…&into=…`).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { session } = await requireSessionStaff(request, context, params.sessionId, canModerate);
  const parsed = mergeSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return json({ targets: [] }, { status: 400 });
  return json({ targets: await searchMergeTargets(session.id, parsed.data.questionId, parsed.data.into) });
}
