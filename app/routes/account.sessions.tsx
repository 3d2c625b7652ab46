import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { revokeSession } from "~/features/accounts/accounts.server";
import { requireSession, requireUser } from "~/features/accounts/auth.server";
import { listDevices } from "~/features/accounts/devices.server";
import { revokeSessionSchema } from "~/features/accounts/schemas";
import { deviceName } from "~/ui/device-name";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = await requireSession(request, context);
  return json({
    title: await pageTitle(request, "account.sessions.title"),
    sessions: await listDevices(user.id, session.id),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await submitForm(request, revokeSessionSchema, (data) => revokeSession(user, data.session));
  if (!result.ok) return result.response;
  return redirectWithFlash("/account/sessions", { message: "account.sessions.revoked" });
}

export default function Sessions() {
  const { t } = useTranslation();
  const { sessions } = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  const format = useFormat();
  return (
    <section aria-labelledby="sessions-title" className="stack">
      {/* The reference of a device is not a field a person can correct: the message stands alone. */}
      <ErrorSummary errors={{ form: errors.form ?? errors.session }} />
      <h1 id="sessions-title">{t("account.sessions.title")}</h1>
      <p>{t("account.sessions.lead")}</p>
      <ul className="list" aria-labelledby="sessions-title">
        {sessions.map((session) => {
          const name = deviceName(t, session.device);
          return (
            <li key={session.reference} className="list-item">
              <div>
                <strong>{name}</strong>
                {session.current ? <span className="badge">{t("account.sessions.current")}</span> : null}
                <div className="hint">
                  {t("account.sessions.lastUsed", { date: format.dateTime(session.lastUsedAt) })} ·{" "}
                  {t("account.sessions.started", { date: format.dateTime(session.createdAt) })} ·{" "}
                  {t("account.sessions.expires", { date: format.dateTime(session.expiresAt) })}
                </div>
              </div>
              {session.current ? null : (
                <Form method="post">
                  <input type="hidden" name="session" value={session.reference} />
                  <button type="submit" className="secondary">
                    {t("account.sessions.revoke")}
                    <span className="visually-hidden">{t("account.sessions.revokeWhich", { device: name })}</span>
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
