import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirect } from "~/features/accounts/schemas";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { savePreference } from "~/features/preferences/save-preference.server";
import { preferenceSchema } from "~/features/preferences/schemas";

/** The language and text-size buttons in the header post here; it works without JavaScript. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData().catch(() => new FormData()));
  const parsed = preferenceSchema.safeParse(form);
  const back = safeRedirect(typeof form.redirectTo === "string" ? form.redirectTo : "/");
  if (!parsed.success) return redirect(back);
  const user = await getCurrentUser(request, context);
  const headers = await savePreference(user, parsed.data);
  return redirect(back, { headers });
}

export async function loader() {
  return redirect("/");
}
