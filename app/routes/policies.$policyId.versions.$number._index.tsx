import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { nestHeadings } from "~/features/policies/heading-levels";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import styles from "~/features/policies/policies.css";
import { requirePolicy } from "~/features/policies/route-helpers.server";
import { getVersion } from "~/features/policies/versions.server";
import { translatorFor } from "~/i18n/i18next.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { htmlLanguage } from "~/ui/user-text";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** An official version: its text as rendered at publication, its change note; prints as a document. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const policy = await requirePolicy(params.policyId);
  const version = /^\d{1,6}$/.test(params.number ?? "") ? await getVersion(policy.id, Number(params.number)) : null;
  if (!version) throw new Response("Not Found", { status: 404 });
  const { t } = await translatorFor(request);
  return json({
    title: `${t("policies.version.title", { title: policy.title, number: version.number })} · ${t("shell.siteName")}`,
    policy: { id: policy.id, title: policy.title, department: policy.department },
    version: {
      number: version.number,
      changeNote: version.changeNote,
      html: version.html,
      createdAt: version.createdAt,
    },
  });
}

export default function VersionPage() {
  const { t } = useTranslation();
  const { policy, version } = useLoaderData<typeof loader>();
  const format = useFormat();
  const download = `/policies/${policy.id}/versions/${version.number}/download`;
  return (
    <article aria-labelledby="version-title" className="page stack">
      <p className="no-print">
        <Link to={`/policies/${policy.id}`} className="standalone-link">
          {t("policies.version.back")}
        </Link>
      </p>
      <h1 id="version-title">{t("policies.version.title", { title: policy.title, number: version.number })}</h1>
      <p className="hint">
        {format.departmentName(policy.department)} ·{" "}
        {t("policies.version.publishedOn", { date: format.date(version.createdAt) })}
      </p>
      <section aria-labelledby="change-note-title" className="stack">
        <h2 id="change-note-title">{t("policies.version.changeNote")}</h2>
        <p className="pre-line">{version.changeNote}</p>
      </section>
      {/* The text under a heading of its own, so that its chapters are not siblings of the change note. */}
      <section aria-labelledby="text-title" className="stack">
        <h2 id="text-title">{t("policies.version.text")}</h2>
        <div
          className="policy-text"
          lang={htmlLanguage(version.html)}
          dangerouslySetInnerHTML={{ __html: nestHeadings(version.html, 2) }}
        />
      </section>
      <ul className="link-row no-print">
        <li>
          <a href={`${download}/html`}>{t("policies.version.downloadHtml")}</a>
        </li>
        <li>
          <a href={`${download}/md`}>{t("policies.version.downloadMarkdown")}</a>
        </li>
        <li>
          <a href={`${download}/json`}>{t("policies.version.downloadJson")}</a>
        </li>
      </ul>
    </article>
  );
}
