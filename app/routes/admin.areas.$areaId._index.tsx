import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { AreaFields } from "~/features/priorities/area-fields";
import { getArea, renameArea } from "~/features/priorities/areas.server";
import { useCycleText } from "~/features/priorities/cycle-view";
import { areaSchema } from "~/features/priorities/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

async function requireArea(id: string | undefined) {
  const area = await getArea(id ?? "");
  if (!area) throw new Response("Not Found", { status: 404 });
  return area;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  return json({ title: await pageTitle(request, "priorities.areas.rename"), area: await requireArea(params.areaId) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireAdministrator(request, context);
  const area = await requireArea(params.areaId);
  const result = await submitForm(request, areaSchema, (input) => renameArea(actor, area.id, input));
  return result.ok
    ? redirectWithFlash(`/admin/areas/${area.id}`, { message: "priorities.flash.areaSaved" })
    : result.response;
}

export default function EditArea() {
  const { t } = useTranslation();
  const { area } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const text = useCycleText();
  return (
    <section aria-labelledby="area-title" className="stack">
      <p>
        <Link to="/admin/areas" className="standalone-link">
          {t("priorities.areas.title")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="area-title">{text.area(area)}</h1>
      <Form method="post" noValidate className="stack">
        <h2>{t("priorities.areas.rename")}</h2>
        <AreaFields values={{ slug: area.slug, nameZh: area.nameZh, nameEn: area.nameEn, ...values }} errors={errors} />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("priorities.areas.save")}</SubmitButton>
      </Form>
    </section>
  );
}
