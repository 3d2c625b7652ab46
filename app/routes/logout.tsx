import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logOut } from "~/features/accounts/accounts.server";
import { blankSessionCookie, getCurrentSession } from "~/features/accounts/auth.server";
import { redirectWithFlash } from "~/ui/flash.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const current = await getCurrentSession(request, context);
  if (current) await logOut(current.session.id, current.user.id);
  return redirectWithFlash("/", { message: "logout.done" }, { "Set-Cookie": blankSessionCookie(request) });
}

// Logging out changes state, so it is a POST only; a link here just goes home.
export async function loader() {
  return redirect("/");
}
