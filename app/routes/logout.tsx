import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { blankSessionCookie, getCurrentSession, lucia } from "~/features/accounts/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  const current = await getCurrentSession(request);
  if (current) await lucia.invalidateSession(current.session.id);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}

// Logging out changes state, so it is a POST only; a link here just goes home.
export async function loader() {
  return redirect("/");
}
