import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { nestHeadings } from "~/features/policies/heading-levels";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { ConsultationWindow, StatusBadge } from "~/features/policies/components";
import { canAdopt } from "~/features/policies/comment-permissions.server";
import { canManagePolicy } from "~/features/policies/permissions.server";
import styles from "~/features/policies/policies.css";
import { requirePolicy } from "~/features/policies/route-helpers.server";
import { latestVersion, listVersions } from "~/features/policies/versions.server";
import { translatorFor } from "~/i18n/i18next.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { UserText, htmlLanguage } from "~/ui/user-text";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const policy = await requirePolicy(params.policyId);
  const [reader, latest, versions, { t }] = await Promise.all([
    getCurrentUser(request, context),
    latestVersion(policy.id),
    listVersions(policy.id),
    translatorFor(request),
  ]);
  return json({
    title: `${policy.title} · ${t("shell.siteName")}`,
    policy,
    // The HTML was rendered on the server from the stored JSON when the version was published.
    latest: latest && {
      number: latest.number,
      html: latest.html,
      changeNote: latest.changeNote,
      createdAt: latest.createdAt,
    },
    versions,
    can: { manage: canManagePolicy(reader, policy.departmentId), adopt: canAdopt(reader, policy) },
    nextNumber: (latest?.number ?? 0) + 1,
  });
}

export default function PolicyPage() {
  const { t } = useTranslation();
  const { policy, latest, versions, can, nextNumber } = useLoaderData<typeof loader>();
  const format = useFormat();
  const base = `/policies/${policy.id}`;
  return (
    <article aria-labelledby="policy-title" className="page stack">
      <p>
        <Link to="/policies" className="standalone-link">
          {t("policies.title")}
        </Link>
      </p>
      <UserText as="h1" id="policy-title" text={policy.title} />
      <dl className="facts">
        <dt>{t("policies.page.status")}</dt>
        <dd>
          <StatusBadge status={policy.status} /> {t(`policies.statusHelp.${policy.status}`)}
        </dd>
        <dt>{t("policies.page.department")}</dt>
        <dd>{format.departmentName(policy.department)}</dd>
        {policy.opensAt || policy.closesAt ? (
          <>
            <dt>{t("policies.form.window")}</dt>
            <dd>
              <ConsultationWindow opensAt={policy.opensAt} closesAt={policy.closesAt} />
            </dd>
          </>
        ) : null}
      </dl>
      {policy.summary ? <UserText as="p" className="lead pre-line" text={policy.summary} /> : null}
      {can.adopt ? (
        // During and after the consultation, adopting the draft is the next step, not a new version.
        <div className="card stack" data-testid="adopt-next">
          <p>
            <Link to={`${base}/adopt`} className="button">
              {t("policies.page.adopt", { number: nextNumber })}
            </Link>
          </p>
          <p className="hint">{t("policies.page.adoptHint")}</p>
        </div>
      ) : null}
      <nav aria-label={t("policies.title")}>
        <ul className="link-row">
          {policy.status !== "draft" ? (
            <>
              <li>
                <Link to={`${base}/draft`}>{t("policies.page.draft")}</Link>
              </li>
              <li>
                <Link to={`${base}/history`}>{t("policies.page.history")}</Link>
              </li>
              <li>
                <Link to={`${base}/comments`}>{t("policies.page.comments")}</Link>
              </li>
            </>
          ) : null}
          {can.manage ? (
            <>
              <li>
                <Link to={`${base}/edit`}>{t("policies.page.edit")}</Link>
              </li>
              {policy.status === "open" ? null : (
                <li>
                  <Link to={`${base}/versions/new`}>{t("policies.page.publish")}</Link>
                </li>
              )}
            </>
          ) : null}
        </ul>
      </nav>

      <section aria-labelledby="latest-title" className="stack">
        {latest ? (
          <>
            <h2 id="latest-title">{t("policies.page.latest", { number: latest.number })}</h2>
            <p className="hint">
              {t("policies.page.publishedOn", { date: format.date(latest.createdAt) })} ·{" "}
              <Link to={`${base}/versions/${latest.number}`}>{t("policies.page.printable")}</Link>
            </p>
            {/* The text's chapters and articles nest under this section's heading. */}
            <div
              className="policy-text"
              lang={htmlLanguage(latest.html)}
              dangerouslySetInnerHTML={{ __html: nestHeadings(latest.html, 2) }}
            />
          </>
        ) : (
          <>
            <h2 id="latest-title">{t("policies.page.versions")}</h2>
            <p className="empty-state">{t("policies.page.noVersion")}</p>
          </>
        )}
      </section>

      {versions.length > 0 ? (
        <section aria-labelledby="versions-title" className="stack">
          <h2 id="versions-title">{t("policies.page.versions")}</h2>
          <ol className="versions-list" reversed>
            {versions.map((version) => (
              <li key={version.number}>
                <Link to={`${base}/versions/${version.number}`}>
                  {t("policies.page.view", { number: version.number })}
                </Link>{" "}
                · {format.date(version.createdAt)} · {version.changeNote}
              </li>
            ))}
          </ol>
          <h3>{t("policies.openData.versions")}</h3>
          <OpenDataDownloads
            title={t("policies.openData.versions")}
            hrefs={{
              csv: `/policies/data/versions.csv?policy=${policy.id}`,
              json: `/policies/data/versions.json?policy=${policy.id}`,
            }}
          />
        </section>
      ) : null}
    </article>
  );
}
