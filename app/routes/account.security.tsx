import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { securityPageSchema } from "~/features/accounts/schemas";
import { listPasswordEvents, type ResetCodeEvent } from "~/features/accounts/security.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { page } = securityPageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { events, pageCount } = await listPasswordEvents(user.id, page);
  return json({ title: await pageTitle(request, "account.security.title"), page, pageCount, events });
}

/** Who gave a code out, as the audit log kept them: "王窗口 (Counter staff)", or the roles alone. */
function issuer(t: TFunction, by: ResetCodeEvent["by"]) {
  if (!by) return null;
  const roles = by.roles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(t("shell.listSeparator"));
  if (by.name && roles) return t("account.security.nameWithRoles", { name: by.name, roles });
  return by.name || roles;
}

export default function AccountSecurity() {
  const { t } = useTranslation();
  const { events, page, pageCount } = useLoaderData<typeof loader>();
  const format = useFormat();
  return (
    <section aria-labelledby="security-title" className="stack">
      <h1 id="security-title">{t("account.security.title")}</h1>
      <p>{t("account.security.lead")}</p>
      {events.length === 0 ? (
        <p className="empty-state">{t("account.security.empty")}</p>
      ) : (
        <>
          <ul className="list" aria-labelledby="security-title">
            {events.map((event) => {
              const when = <time dateTime={event.at}>{format.dateTime(event.at)}</time>;
              if (event.kind !== "codeIssued") {
                return (
                  <li key={event.id} className="list-item">
                    <div>
                      <strong>
                        {t(
                          event.kind === "passwordReset"
                            ? "account.security.passwordReset"
                            : "account.security.passwordChanged",
                        )}
                      </strong>
                      <div className="hint">{when}</div>
                    </div>
                  </li>
                );
              }
              const who = issuer(t, event.by);
              const use =
                event.use === "used" && event.usedAt
                  ? t("account.security.used", { date: format.dateTime(event.usedAt) })
                  : t(event.use === "open" ? "account.security.open" : "account.security.unused");
              return (
                <li key={event.id} className="list-item">
                  <div>
                    <strong>
                      {who ? t("account.security.codeIssuedBy", { who }) : t("account.security.codeIssued")}
                    </strong>
                    <div className="hint">
                      {when}
                      {event.expiresAt ? (
                        <> · {t("account.security.expires", { date: format.dateTime(event.expiresAt) })}</>
                      ) : null}{" "}
                      · {use}
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
          <Pagination page={page} pageCount={pageCount} />
        </>
      )}
    </section>
  );
}
