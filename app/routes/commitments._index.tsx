import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { listCommitments, listCyclesWithCommitments } from "~/features/commitments/commitments.server";
import { ProgressBar, StatusBadge, useCommitmentText, useDayFormat } from "~/features/commitments/components";
import styles from "~/features/commitments/commitments.css";
import { canMakeCommitments } from "~/features/commitments/permissions.server";
import { COMMITMENT_STATUSES, listQuerySchema } from "~/features/commitments/schemas";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { translatorFor } from "~/i18n/i18next.server";
import { SelectField } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = listQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { locale } = await translatorFor(request);
  const [reader, list, cycles, departments] = await Promise.all([
    getCurrentUser(request, context),
    listCommitments(query),
    listCyclesWithCommitments(),
    listDepartmentNames(locale),
  ]);
  return json({
    title: await pageTitle(request, "commitments.title"),
    query,
    ...list,
    cycles,
    departments,
    can: { make: canMakeCommitments(reader) },
  });
}

export default function Commitments() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const text = useCommitmentText();
  const day = useDayFormat();
  const format = useFormat();
  const filtered = !!(data.query.cycle || data.query.department || data.query.status);
  const downloadQuery = data.query.cycle ? `?cycle=${data.query.cycle}` : "";
  return (
    <section aria-labelledby="commitments-title" className="page stack">
      <h1 id="commitments-title">{t("commitments.title")}</h1>
      <p className="lead">{t("commitments.summary")}</p>
      {data.can.make ? (
        <ul className="link-row">
          <li>
            <Link to={data.query.cycle ? `/commitments/new?cycle=${data.query.cycle}` : "/commitments/new"}>
              {t("commitments.new")}
            </Link>
          </li>
        </ul>
      ) : null}
      <Form method="get" className="inline-fields" aria-label={t("commitments.filters.label")}>
        <SelectField
          name="cycle"
          label={t("commitments.filters.cycle")}
          defaultValue={data.query.cycle ?? ""}
          options={[
            { value: "", label: t("commitments.filters.all") },
            ...data.cycles.map((cycle) => ({ value: cycle.id, label: text.title(cycle), lang: text.titleLang(cycle) })),
          ]}
        />
        <SelectField
          name="department"
          label={t("commitments.filters.department")}
          defaultValue={data.query.department ?? ""}
          options={[
            { value: "", label: t("commitments.filters.all") },
            ...data.departments.map((department) => ({
              value: department.id,
              label: format.departmentName(department),
            })),
          ]}
        />
        <SelectField
          name="status"
          label={t("commitments.filters.status")}
          defaultValue={data.query.status ?? ""}
          options={[
            { value: "", label: t("commitments.filters.all") },
            ...COMMITMENT_STATUSES.map((status) => ({ value: status, label: t(`commitments.statuses.${status}`) })),
          ]}
        />
        <button type="submit">{t("commitments.filters.apply")}</button>
      </Form>
      {data.rows.length === 0 ? (
        <p className="empty-state">{filtered ? t("commitments.emptyFiltered") : t("commitments.empty")}</p>
      ) : (
        <ul className="list" aria-labelledby="commitments-title">
          {data.rows.map((commitment) => (
            <li key={commitment.id} className="list-item commitment-item">
              <Link to={`/commitments/${commitment.id}`} lang={text.titleLang(commitment)}>
                {text.title(commitment)}
              </Link>
              <p>
                <StatusBadge status={commitment.status} /> {format.departmentName(commitment.department)} ·{" "}
                {t("commitments.targetDate", { date: day(commitment.targetDate) })}
              </p>
              <ProgressBar id={`progress-${commitment.id}`} percent={commitment.percent} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={data.query.page} pageCount={data.pageCount} />
      <h2>{t("commitments.openData.commitments")}</h2>
      <OpenDataDownloads
        title={t("commitments.openData.commitments")}
        hrefs={{
          csv: `/commitments/data/commitments.csv${downloadQuery}`,
          json: `/commitments/data/commitments.json${downloadQuery}`,
        }}
      />
      <h2>{t("commitments.openData.reports")}</h2>
      <OpenDataDownloads
        title={t("commitments.openData.reports")}
        hrefs={{
          csv: `/commitments/data/progress-reports.csv${downloadQuery}`,
          json: `/commitments/data/progress-reports.json${downloadQuery}`,
        }}
      />
      <h2>{t("commitments.openData.changes")}</h2>
      <OpenDataDownloads
        title={t("commitments.openData.changes")}
        hrefs={{
          csv: `/commitments/data/changes.csv${downloadQuery}`,
          json: `/commitments/data/changes.json${downloadQuery}`,
        }}
      />
    </section>
  );
}
