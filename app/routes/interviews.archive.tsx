import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DepartmentSelect } from "~/features/interviews/controls";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { searchArchive } from "~/features/interviews/archive.server";
import type { QuestionView } from "~/features/interviews/live-view";
import { QuestionCard } from "~/features/interviews/question-card";
import { archiveQuerySchema } from "~/features/interviews/schemas";
import { useSessionText } from "~/features/interviews/session-header";
import { QUESTION_TYPES } from "~/features/interviews/state";
import { readPreferences } from "~/features/preferences/preferences.server";
import { translatorFor } from "~/i18n/i18next.server";
import { Field, SelectField } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";

export const meta = titleFromLoader;

export async function loader({ request }: LoaderFunctionArgs) {
  const query = archiveQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { timeZone } = await readPreferences(request);
  const { locale } = await translatorFor(request);
  const [found, departments] = await Promise.all([searchArchive(query, timeZone), listDepartmentNames(locale)]);
  return json({
    title: await pageTitle(request, "interviews.archivePage.title"),
    query,
    ...found,
    departments,
    now: Date.now(),
  });
}

export default function Archive() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const text = useSessionText();
  return (
    <section aria-labelledby="archive-title" className="page stack">
      <p>
        <Link to="/interviews" className="standalone-link">
          {t("interviews.title")}
        </Link>
      </p>
      <h1 id="archive-title">{t("interviews.archivePage.title")}</h1>
      <Form method="get" className="stack card" role="search">
        <Field
          name="q"
          type="search"
          label={t("interviews.archivePage.query")}
          defaultValue={data.query.q}
          maxLength={100}
        />
        <div className="inline-fields">
          <DepartmentSelect
            name="department"
            label={t("interviews.dashboardPage.department")}
            departments={data.departments}
            value={data.query.department}
            anyLabel={t("interviews.dashboardPage.allDepartments")}
          />
          <SelectField
            name="type"
            label={t("interviews.archivePage.type")}
            defaultValue={data.query.type ?? ""}
            options={[
              { value: "", label: t("interviews.archivePage.anyType") },
              ...QUESTION_TYPES.map((type) => ({ value: type, label: t(`interviews.types.${type}`) })),
            ]}
          />
          <Field name="from" type="date" label={t("interviews.dashboardPage.from")} defaultValue={data.query.from} />
          <Field name="to" type="date" label={t("interviews.dashboardPage.to")} defaultValue={data.query.to} />
        </div>
        <button type="submit">{t("actions.search")}</button>
      </Form>
      <p role="status">
        {data.total === 0
          ? t("interviews.archivePage.noResults")
          : t("interviews.archivePage.results", { count: data.total })}
      </p>
      <div className="question-list">
        {data.results.map((question) => (
          <QuestionCard
            key={question.id}
            question={question as unknown as QuestionView}
            answering={false}
            now={data.now}
          >
            <p className="question-meta">
              {t("interviews.archivePage.inSession")}
              <Link to={`/interviews/${question.session.id}#q-${question.id}`} lang={text.lang(question.session)}>
                {text.title(question.session)}
              </Link>
            </p>
          </QuestionCard>
        ))}
      </div>
      <Pagination page={data.query.page} pageCount={data.pageCount} />
    </section>
  );
}
