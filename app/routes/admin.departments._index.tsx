import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { DepartmentFields } from "~/features/departments/department-fields";
import { createDepartment, listDepartments } from "~/features/departments/departments.server";
import { departmentSchema } from "~/features/departments/schemas";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  const { locale } = await translatorFor(request);
  return json({
    title: await pageTitle(request, "admin.departments.title"),
    departments: await listDepartments(locale),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAdministrator(request, context);
  const result = await submitForm(request, departmentSchema, (input) => createDepartment(actor, input));
  if (!result.ok) return result.response;
  return redirectWithFlash("/admin/departments", { message: "admin.departments.created" });
}

export default function AdminDepartments() {
  const { t } = useTranslation();
  const { departments } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const format = useFormat();
  // A new location after each success: the form starts empty again for the next department.
  const { key } = useLocation();
  return (
    <section aria-labelledby="departments-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="departments-title">{t("admin.departments.title")}</h1>
      {departments.length === 0 ? (
        <p className="empty-state">{t("admin.departments.empty")}</p>
      ) : (
        <ul className="list">
          {departments.map((department) => (
            <li key={department.id} className="list-item">
              <Link to={`/admin/departments/${department.id}`}>{format.departmentName(department)}</Link>
              <span className="hint">{t("admin.departments.officials", { count: department._count.memberships })}</span>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" noValidate className="stack" key={key}>
        <h2>{t("admin.departments.create")}</h2>
        <DepartmentFields values={values} errors={errors} />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("admin.departments.create")}</SubmitButton>
      </Form>
    </section>
  );
}
