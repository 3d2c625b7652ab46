import type { ActionFunctionArgs, LoaderFunctionArgs, AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { listDepartments } from "~/features/departments/departments.server";
import { SessionFields } from "~/features/interviews/session-fields";
import { sessionSchema } from "~/features/interviews/schemas";
import { schedulableDepartments } from "~/features/interviews/permissions.server";
import { scheduleSession } from "~/features/interviews/sessions.server";
import { readPreferences } from "~/features/preferences/preferences.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

async function requireScheduler(request: Request, context: AppLoadContext) {
  const user = await requireUser(request, context);
  const { locale } = await translatorFor(request);
  const departments = schedulableDepartments(user, await listDepartments(locale));
  if (departments.length === 0) throw new Response("Forbidden", { status: 403 });
  return { user, departments };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { departments } = await requireScheduler(request, context);
  const { timeZone } = await readPreferences(request);
  return json({ title: await pageTitle(request, "interviews.schedule"), departments, timeZone });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireScheduler(request, context);
  const { timeZone } = await readPreferences(request);
  const result = await submitForm(request, sessionSchema, (input) => scheduleSession(user, input, timeZone));
  return result.ok
    ? redirectWithFlash(`/interviews/${result.value.id}`, { message: "interviews.host.scheduled" })
    : result.response;
}

export default function ScheduleSession() {
  const { t } = useTranslation();
  const { departments, timeZone } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const selected = values.departmentIds
    ? values.departmentIds.split(",")
    : departments.length === 1
      ? [departments[0]!.id]
      : [];
  return (
    <section aria-labelledby="schedule-title" className="page stack">
      <p>
        <Link to="/interviews" className="standalone-link">
          {t("interviews.title")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="schedule-title">{t("interviews.schedule")}</h1>
      <Form method="post" noValidate className="stack">
        <SessionFields
          values={Object.keys(values).length > 0 ? values : { premoderated: "on", allowAnonymous: "on" }}
          selectedDepartmentIds={selected}
          departments={departments}
          errors={errors}
          timeZone={timeZone}
        />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("interviews.form.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
