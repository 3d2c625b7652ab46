import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { readPreferences } from "~/features/preferences/preferences.server";
import { listAreas } from "~/features/priorities/areas.server";
import { CycleFields } from "~/features/priorities/cycle-fields";
import { createCycle } from "~/features/priorities/cycles.server";
import { cycleSchema } from "~/features/priorities/schemas";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  const { timeZone } = await readPreferences(request);
  const { locale } = await translatorFor(request);
  return json({
    title: await pageTitle(request, "priorities.form.createTitle"),
    areas: await listAreas(locale),
    timeZone,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdministrator(request, context);
  const { timeZone } = await readPreferences(request);
  const result = await submitForm(request, cycleSchema, (input) => createCycle(user, input, timeZone));
  return result.ok
    ? redirectWithFlash(`/priorities/${result.value.id}`, { message: "priorities.flash.cycleCreated" })
    : result.response;
}

export default function NewCycle() {
  const { t } = useTranslation();
  const { areas, timeZone } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="new-cycle-title" className="page stack">
      <p>
        <Link to="/priorities" className="standalone-link">
          {t("priorities.title")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="new-cycle-title">{t("priorities.form.createTitle")}</h1>
      {areas.length === 0 ? (
        <p className="empty-state">
          <Link to="/admin/areas" className="standalone-link">
            {t("priorities.form.noAreas")}
          </Link>
        </p>
      ) : (
        <Form method="post" noValidate className="stack">
          <CycleFields
            values={
              Object.keys(values).length > 0
                ? values
                : { ballotMethod: "approval", maxChoices: "3", areaId: areas[0]?.id }
            }
            areas={areas}
            errors={errors}
            timeZone={timeZone}
          />
          <SubmitButton pendingLabel={t("actions.saving")}>{t("priorities.form.create")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
