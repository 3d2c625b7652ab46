import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { AreaFields } from "~/features/priorities/area-fields";
import { createArea, listAreas } from "~/features/priorities/areas.server";
import { useCycleText } from "~/features/priorities/cycle-view";
import { areaSchema } from "~/features/priorities/schemas";
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
  const { locale } = await translatorFor(request);
  return json({ title: await pageTitle(request, "priorities.areas.title"), areas: await listAreas(locale) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAdministrator(request, context);
  const result = await submitForm(request, areaSchema, (input) => createArea(actor, input));
  return result.ok ? redirectWithFlash("/admin/areas", { message: "priorities.flash.areaCreated" }) : result.response;
}

export default function AdminAreas() {
  const { t } = useTranslation();
  const { areas } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const text = useCycleText();
  // A new location after each success: the form starts empty again for the next area.
  const { key } = useLocation();
  return (
    <section aria-labelledby="areas-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="areas-title">{t("priorities.areas.title")}</h1>
      <p>{t("priorities.areas.lead")}</p>
      {areas.length === 0 ? (
        <p className="empty-state">{t("priorities.areas.empty")}</p>
      ) : (
        <ul className="list">
          {areas.map((area) => (
            <li key={area.id} className="list-item">
              <Link to={`/admin/areas/${area.id}`}>{text.area(area)}</Link>
              <span className="hint">
                {area.slug} · {t("priorities.areas.cycles", { count: area._count.cycles })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" noValidate className="stack" key={key}>
        <h2>{t("priorities.areas.create")}</h2>
        <AreaFields values={values} errors={errors} />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("priorities.areas.create")}</SubmitButton>
      </Form>
    </section>
  );
}
