import type { AppLoadContext } from "@remix-run/node";
import type { User } from "lucia";
import { requireUser } from "~/features/accounts/auth.server";
import { translatorFor } from "~/i18n/i18next.server";
import { formFailure } from "~/ui/submit.server";
import { getSession } from "./sessions.server";

/** The session named in the address, or a 404 page: an unknown or malformed id names nothing. */
export async function requireInterviewSession(sessionId: string | undefined) {
  const session = await getSession(sessionId ?? "");
  if (!session) throw new Response("Not Found", { status: 404 });
  return session;
}

/** The form's intent, or "" when it names none: each route lists what it accepts. */
export async function readIntent(request: Request): Promise<string> {
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const intent = form?.get("intent");
  return typeof intent === "string" ? intent : "";
}

/** A form naming an action this page does not have: refused with a message, nothing changes. */
export async function unknownIntent(request: Request) {
  const { t } = await translatorFor(request);
  return formFailure({ fieldErrors: { form: t("validation.invalid") }, values: {} });
}

/**
 * The signed-in person and the session of a staff page, or 403 for anyone the rule refuses,
 * checked before the session is even looked up.
 */
export async function requireSessionStaff(
  request: Request,
  context: AppLoadContext,
  sessionId: string | undefined,
  allowed: (user: User) => boolean,
) {
  const user = await requireUser(request, context);
  if (!allowed(user)) throw new Response("Forbidden", { status: 403 });
  return { user, session: await requireInterviewSession(sessionId) };
}

type Submitted = { ok: true } | { ok: false; response: Response };

/**
 * Runs the command the form's intent names, from the page's own list; an intent the page does
 * not have is refused with a message and changes nothing.
 */
export async function runIntent<K extends string>(request: Request, commands: Record<K, () => Promise<Submitted>>) {
  const intent = await readIntent(request);
  if (!Object.hasOwn(commands, intent)) return { intent: null, response: await unknownIntent(request) };
  const result = await commands[intent as K]();
  return result.ok ? { intent: intent as K, response: null } : { intent: null, response: result.response };
}
