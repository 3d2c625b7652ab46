import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { readableAccountData } from "~/features/accounts/my-data.server";
import { deviceName } from "~/ui/device-name";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return json({ title: await pageTitle(request, "account.data.title"), data: await readableAccountData(user.id) });
}

/** Everything held about the person, readable on the page (and printable), with the JSON file for programs. */
export default function MyData() {
  const { t } = useTranslation();
  const { data } = useLoaderData<typeof loader>();
  const format = useFormat();
  const { profile } = data;
  return (
    <section aria-labelledby="data-title" className="stack">
      <h1 id="data-title">{t("account.data.title")}</h1>
      <p>{t("account.data.lead")}</p>

      <h2>{t("account.data.profile")}</h2>
      <dl className="facts">
        <dt>{t("fields.email")}</dt>
        <dd>{profile.email}</dd>
        <dt>{t("fields.displayName")}</dt>
        <dd>{profile.displayName}</dd>
        <dt>{t("fields.locale")}</dt>
        <dd>{t(`languages.${profile.locale}`, { defaultValue: profile.locale })}</dd>
        <dt>{t("fields.textSize")}</dt>
        <dd>{t(`shell.textSizes.${profile.textSize}`, { defaultValue: profile.textSize })}</dd>
        <dt>{t("notifications.emailSetting")}</dt>
        <dd>{t(profile.emailNotifications ? "notifications.myData.on" : "notifications.myData.off")}</dd>
        <dt>{t("account.data.consent")}</dt>
        <dd>
          {profile.consentedAt
            ? t("account.data.consentGiven", {
                version: profile.consentVersion,
                date: format.dateTime(profile.consentedAt),
              })
            : "—"}
        </dd>
        <dt>{t("account.profile.memberSince")}</dt>
        <dd>{format.dateTime(profile.createdAt)}</dd>
      </dl>

      <h2>{t("account.data.roles")}</h2>
      <ul>
        <li>{t("roles.resident")}</li>
        {data.roles.map((role) => (
          <li key={role.name}>
            {t("account.data.since", {
              what: t(`roles.${role.name}`, { defaultValue: role.name }),
              date: format.date(role.grantedAt),
            })}
          </li>
        ))}
        {data.departmentMemberships.map((membership) => (
          <li key={membership.department.slug}>
            {t("account.data.since", {
              what: t("roles.officialOf", { department: format.departmentName(membership.department) }),
              date: format.date(membership.createdAt),
            })}
          </li>
        ))}
      </ul>

      <h2>{t("account.data.devices")}</h2>
      {data.sessions.length ? (
        <dl className="facts">
          {data.sessions.map((session) => (
            <Fragment key={session.createdAt}>
              <dt>{deviceName(t, session.device)}</dt>
              <dd>
                {t("account.sessions.started", { date: format.dateTime(session.createdAt) })} ·{" "}
                {t("account.sessions.expires", { date: format.dateTime(session.expiresAt) })}
              </dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <p>{t("account.data.none")}</p>
      )}

      <h2>{t("account.data.actions")}</h2>
      {data.auditEntries.length ? (
        <dl className="facts">
          {data.auditEntries.map((entry, index) => (
            <Fragment key={index}>
              <dt>{format.dateTime(entry.createdAt)}</dt>
              <dd>
                {t(entry.byThisAccount ? "account.data.actionByYou" : "account.data.actionByOthers", {
                  action: t(`admin.audit.actions.${entry.action}`, { defaultValue: entry.action }),
                })}
              </dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <p>{t("account.data.none")}</p>
      )}

      <h2>{t("notifications.title")}</h2>
      <p>
        {t("notifications.myData.summary", {
          count: data.notifications.kept,
          unread: data.notifications.unread,
          emailed: data.notifications.emailed,
        })}{" "}
        <Link to="/notifications">{t("notifications.myData.link")}</Link>
      </p>

      {data.participation.length > 0 ? (
        <>
          <h2>{t("account.data.participation")}</h2>
          <ul>
            {data.participation.map((part) => (
              <li key={part.name}>{t(part.key, { count: part.count })}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t("account.data.fileTitle")}</h2>
      <p>{t("account.data.fileLead")}</p>
      <p>
        {/* A plain link: the browser downloads the file, with or without JavaScript. */}
        <a className="button" href="/account/data.json" download>
          {t("account.data.download")}
        </a>
      </p>
    </section>
  );
}
