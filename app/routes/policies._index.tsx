import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { ConsultationWindow, StatusBadge } from "~/features/policies/components";
import { canCreatePolicies } from "~/features/policies/permissions.server";
import styles from "~/features/policies/policies.css";
import { listPolicies } from "~/features/policies/policies.server";
import { listQuerySchema } from "~/features/policies/schemas";
import { POLICY_STATUSES } from "~/features/policies/state";
import { translatorFor } from "~/i18n/i18next.server";
import { Field, SelectField } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { UserText, textLanguage } from "~/ui/user-text";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = listQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { locale } = await translatorFor(request);
  const [reader, list, departments] = await Promise.all([
    getCurrentUser(request, context),
    listPolicies(query),
    listDepartmentNames(locale),
  ]);
  return json({
    title: await pageTitle(request, "policies.title"),
    query,
    ...list,
    departments,
    can: { create: canCreatePolicies(reader) },
  });
}

export default function Policies() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const filtered = !!(data.query.q || data.query.department || data.query.status);
  return (
    <section aria-labelledby="policies-title" className="page stack">
      <h1 id="policies-title">{t("policies.title")}</h1>
      <p className="lead">{t("policies.summary")}</p>
      {data.can.create ? (
        <ul className="link-row">
          <li>
            <Link to="/policies/new">{t("policies.new")}</Link>
          </li>
        </ul>
      ) : null}
      <Form method="get" className="stack card" role="search" aria-label={t("policies.filters.label")}>
        <Field name="q" type="search" label={t("policies.filters.query")} defaultValue={data.query.q} maxLength={100} />
        <div className="inline-fields">
          <SelectField
            name="department"
            label={t("policies.filters.department")}
            defaultValue={data.query.department ?? ""}
            options={[
              { value: "", label: t("policies.filters.all") },
              ...data.departments.map((department) => ({
                value: department.id,
                label: format.departmentName(department),
              })),
            ]}
          />
          <SelectField
            name="status"
            label={t("policies.filters.status")}
            defaultValue={data.query.status ?? ""}
            options={[
              { value: "", label: t("policies.filters.all") },
              ...POLICY_STATUSES.map((status) => ({ value: status, label: t(`policies.statuses.${status}`) })),
            ]}
          />
        </div>
        <button type="submit">{t("policies.filters.apply")}</button>
      </Form>
      {data.rows.length === 0 ? (
        <p className="empty-state" role="status">
          {filtered ? t("policies.emptyFiltered") : t("policies.empty")}
        </p>
      ) : (
        <>
          <p role="status">{t("policies.results", { count: data.total })}</p>
          <ul className="list" aria-labelledby="policies-title">
            {data.rows.map((policy) => (
              <li key={policy.id} className="list-item policy-item">
                <Link to={`/policies/${policy.id}`} lang={textLanguage(policy.title)}>
                  {policy.title}
                </Link>
                <p>
                  <StatusBadge status={policy.status} /> {format.departmentName(policy.department)} ·{" "}
                  {t("policies.versionCount", { count: policy._count.versions })}
                </p>
                {policy.opensAt || policy.closesAt ? (
                  <p>
                    <ConsultationWindow opensAt={policy.opensAt} closesAt={policy.closesAt} />
                  </p>
                ) : null}
                {policy.summary ? <UserText as="p" className="hint" text={policy.summary} /> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination page={data.query.page} pageCount={data.pageCount} />
      <h2>{t("policies.openData.policies")}</h2>
      <OpenDataDownloads
        title={t("policies.openData.policies")}
        hrefs={{ csv: "/policies/data/policies.csv", json: "/policies/data/policies.json" }}
      />
      <h2>{t("policies.openData.versions")}</h2>
      <OpenDataDownloads
        title={t("policies.openData.versions")}
        hrefs={{ csv: "/policies/data/versions.csv", json: "/policies/data/versions.json" }}
      />
    </section>
  );
}
