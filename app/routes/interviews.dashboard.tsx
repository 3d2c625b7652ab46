import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DepartmentSelect } from "~/features/interviews/controls";
import { listDepartments } from "~/features/departments/departments.server";
import { dashboardRecords } from "~/features/interviews/dashboard.server";
import { holidaysMissing } from "~/features/interviews/holiday-calendar.server";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { isAdministrator } from "~/shared/roles";
import { computeStatistics } from "~/features/interviews/statistics";
import { SplitCharts, StatisticsFigures, useDuration } from "~/features/interviews/statistics-view";
import { readPreferences } from "~/features/preferences/preferences.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { translatorFor } from "~/i18n/i18next.server";
import { Field } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { ReflowTable } from "~/ui/table";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { timeZone } = await readPreferences(request);
  const { locale } = await translatorFor(request);
  const [{ query, records }, departments] = await Promise.all([
    dashboardRecords(new URL(request.url), timeZone),
    listDepartments(locale),
  ]);
  const asOf = new Date();
  const perDepartment = departments
    .map((department) => ({
      department: { id: department.id, nameZh: department.nameZh, nameEn: department.nameEn },
      statistics: computeStatistics(
        records.filter((record) => record.departmentId === department.id),
        asOf,
      ),
    }))
    .filter((row) => row.statistics.received > 0);
  return json({
    title: await pageTitle(request, "interviews.dashboardPage.title"),
    query,
    search: new URL(request.url).search,
    statistics: computeStatistics(records, asOf),
    holidaysMissing: holidaysMissing(asOf),
    canEnterHolidays: isAdministrator(await getCurrentUser(request, context)),
    perDepartment,
    departments: departments.map(({ id, nameZh, nameEn }) => ({ id, nameZh, nameEn })),
  });
}

export default function InterviewDashboard() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const duration = useDuration();
  const share = (value: number | null) =>
    value === null ? t("interviews.statistics.none") : `${format.number(Math.round(value * 1000) / 10)}%`;
  return (
    <section aria-labelledby="dashboard-title" className="page stack">
      <p>
        <Link to="/interviews" className="standalone-link">
          {t("interviews.title")}
        </Link>
      </p>
      <h1 id="dashboard-title">{t("interviews.dashboardPage.title")}</h1>
      {data.holidaysMissing.length > 0 ? (
        <p className="note" role="status">
          {t("interviews.dashboardPage.holidaysMissing", {
            years: data.holidaysMissing.join(t("shell.listSeparator")),
          })}{" "}
          {data.canEnterHolidays ? <Link to="/admin/holidays">{t("interviews.holidaysPage.enterThem")}</Link> : null}
        </p>
      ) : null}
      <Form method="get" className="card stack" aria-label={t("interviews.dashboardPage.filter")}>
        <div className="inline-fields">
          <DepartmentSelect
            name="department"
            label={t("interviews.dashboardPage.department")}
            departments={data.departments}
            value={data.query.department}
            anyLabel={t("interviews.dashboardPage.allDepartments")}
          />
          <Field name="from" type="date" label={t("interviews.dashboardPage.from")} defaultValue={data.query.from} />
          <Field name="to" type="date" label={t("interviews.dashboardPage.to")} defaultValue={data.query.to} />
        </div>
        <button type="submit">{t("interviews.dashboardPage.apply")}</button>
      </Form>
      <StatisticsFigures statistics={data.statistics} />
      <p>
        <Link to="/interviews/overdue" className="standalone-link">
          {t("interviews.overduePage.link")}
        </Link>
      </p>
      <h2>{t("interviews.statistics.download")}</h2>
      <p>{t("interviews.statistics.downloadHint")}</p>
      <h3>{t("interviews.statistics.questionsData")}</h3>
      <OpenDataDownloads
        title={t("interviews.statistics.questionsData")}
        hrefs={{
          csv: `/interviews/dashboard/questions.csv${data.search}`,
          json: `/interviews/dashboard/questions.json${data.search}`,
        }}
      />
      <h3>{t("interviews.statistics.figuresData")}</h3>
      <OpenDataDownloads
        title={t("interviews.statistics.figuresData")}
        hrefs={{
          csv: `/interviews/dashboard/statistics.csv${data.search}`,
          json: `/interviews/dashboard/statistics.json${data.search}`,
        }}
      />
      <SplitCharts statistics={data.statistics} />
      <h2 id="per-department">{t("interviews.dashboardPage.perDepartment")}</h2>
      <ReflowTable
        caption={t("interviews.dashboardPage.perDepartment")}
        columns={[
          t("interviews.dashboardPage.department"),
          t("interviews.statistics.received"),
          t("interviews.statistics.answeredLive"),
          t("interviews.statistics.answeredLater"),
          t("interviews.statistics.medianReply"),
          t("interviews.statistics.inTime"),
          t("interviews.statistics.satisfaction"),
        ]}
        rows={data.perDepartment.map(({ department, statistics }) => ({
          key: department.id,
          cells: [
            format.departmentName(department),
            format.number(statistics.received),
            format.number(statistics.answeredLive),
            format.number(statistics.answeredLater),
            statistics.medianReplyMinutes === null
              ? t("interviews.statistics.none")
              : duration(statistics.medianReplyMinutes),
            share(statistics.answeredInTimeShare),
            share(statistics.satisfactionShare),
          ],
        }))}
      />
    </section>
  );
}
