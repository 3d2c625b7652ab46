import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAccountData } from "~/features/accounts/accounts.server";
import { requireUser } from "~/features/accounts/auth.server";

/** Everything the forum holds about the signed-in person, as a JSON file. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const data = await exportAccountData(user.id);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-forum-data-${data.exportedAt.slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
