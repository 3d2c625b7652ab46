import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { holidaysMissing } from "~/features/interviews/holiday-calendar.server";
import { listHolidayYears, setHolidays } from "~/features/interviews/holidays.server";
import { holidaysSchema } from "~/features/interviews/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { ReflowTable } from "~/ui/table";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

/** Consecutive dates as "first/last", the way the form takes them back. */
function asRanges(dates: readonly string[]): string {
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  const ranges: Array<[string, string]> = [];
  for (const date of dates) {
    const last = ranges.at(-1);
    if (last && day(date) === day(last[1]) + 1) last[1] = date;
    else ranges.push([date, date]);
  }
  return ranges.map(([first, end]) => (first === end ? first : `${first}/${end}`)).join("\n");
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  const years = await listHolidayYears();
  const missing = holidaysMissing();
  const asked = Number(new URL(request.url).searchParams.get("year"));
  const year =
    Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : (missing[0] ?? new Date().getFullYear() + 1);
  const shown = years.find((entry) => entry.year === year);
  return json({
    title: await pageTitle(request, "interviews.holidaysPage.title"),
    years: years.map(({ year, source, daysOff, workingDays }) => ({
      year,
      source,
      daysOff: daysOff.length,
      workingDays: workingDays.length,
    })),
    missing,
    form: { year, daysOff: asRanges(shown?.daysOff ?? []), workingDays: asRanges(shown?.workingDays ?? []) },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAdministrator(request, context);
  const result = await submitForm(request, holidaysSchema, (input) => setHolidays(actor, input));
  if (!result.ok) return result.response;
  return redirectWithFlash(`/admin/holidays?year=${result.value.year}`, { message: "interviews.holidaysPage.saved" });
}

export default function AdminHolidays() {
  const { t } = useTranslation();
  const { years, missing, form } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const format = useFormat();
  const { key } = useLocation();
  return (
    <section aria-labelledby="holidays-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="holidays-title">{t("interviews.holidaysPage.title")}</h1>
      <p>{t("interviews.holidaysPage.lead")}</p>
      {missing.length > 0 ? (
        <p className="note" role="status">
          {t("interviews.holidaysPage.missing", { years: missing.join(t("shell.listSeparator")) })}
        </p>
      ) : null}
      {years.length === 0 ? (
        <p className="empty-state">{t("interviews.holidaysPage.empty")}</p>
      ) : (
        <ReflowTable
          caption={t("interviews.holidaysPage.known")}
          columns={[
            t("interviews.holidaysPage.year"),
            t("interviews.holidaysPage.source"),
            t("interviews.holidaysPage.daysOff"),
            t("interviews.holidaysPage.workingDays"),
            t("interviews.holidaysPage.change"),
          ]}
          rows={years.map((entry) => ({
            key: String(entry.year),
            cells: [
              String(entry.year),
              t(`interviews.holidaysPage.sources.${entry.source}`),
              format.number(entry.daysOff),
              format.number(entry.workingDays),
              <Link key="edit" to={`?year=${entry.year}`} className="standalone-link">
                {t("interviews.holidaysPage.edit", { year: entry.year })}
              </Link>,
            ],
          }))}
        />
      )}
      <Form method="post" noValidate className="card stack" key={`${key}-${form.year}`}>
        <h2>{t("interviews.holidaysPage.enter")}</h2>
        <p className="hint">{t("interviews.holidaysPage.replaces")}</p>
        <Field
          name="year"
          label={t("interviews.holidaysPage.year")}
          inputMode="numeric"
          defaultValue={values.year ?? String(form.year)}
          error={errors.year}
          required
        />
        <TextArea
          name="daysOff"
          label={t("interviews.holidaysPage.daysOff")}
          hint={t("interviews.holidaysPage.datesHint")}
          rows={6}
          defaultValue={values.daysOff ?? form.daysOff}
          error={errors.daysOff}
          required
        />
        <TextArea
          name="workingDays"
          label={t("interviews.holidaysPage.workingDays")}
          hint={t("interviews.holidaysPage.workingDaysHint")}
          rows={4}
          defaultValue={values.workingDays ?? form.workingDays}
          error={errors.workingDays}
        />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("interviews.holidaysPage.save")}</SubmitButton>
      </Form>
    </section>
  );
}
