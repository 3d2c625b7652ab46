import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { DepartmentFields } from "~/features/departments/department-fields";
import { deleteDepartment, getDepartment, updateDepartment } from "~/features/departments/departments.server";
import { deleteDepartmentSchema, departmentSchema } from "~/features/departments/schemas";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, SubmitButton } from "~/ui/form";
import { departmentName } from "~/ui/department-names";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { PersonName } from "~/ui/person-name";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

async function requireDepartment(id: string | undefined) {
  const department = await getDepartment(id ?? "");
  if (!department) throw new Response("Not Found", { status: 404 });
  return department;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  return json({
    title: await pageTitle(request, "admin.departments.edit"),
    department: await requireDepartment(params.departmentId),
  });
}

const intentSchema = z.object({ intent: z.enum(["update", "delete"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireAdministrator(request, context);
  const department = await requireDepartment(params.departmentId);
  const { intent } = intentSchema.catch({ intent: "update" }).parse(
    Object.fromEntries(
      await request
        .clone()
        .formData()
        .catch(() => new FormData()),
    ),
  );
  if (intent === "delete") {
    const result = await submitForm(request, deleteDepartmentSchema, async () => {
      await deleteDepartment(actor, department.id);
      return { ok: true, value: undefined };
    });
    if (!result.ok) return result.response;
    const { locale } = await translatorFor(request);
    return redirectWithFlash("/admin/departments", {
      message: "admin.departments.deleted",
      values: { department: departmentName(department, locale) },
    });
  }
  const result = await submitForm(request, departmentSchema, (input) => updateDepartment(actor, department.id, input));
  return result.ok
    ? redirectWithFlash(`/admin/departments/${department.id}`, { message: "admin.departments.saved" })
    : result.response;
}

export default function EditDepartment() {
  const { t } = useTranslation();
  const { department } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const format = useFormat();
  return (
    <section aria-labelledby="department-title" className="stack">
      <p>
        <Link to="/admin/departments" className="standalone-link">
          {t("admin.departments.back")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="department-title">{format.departmentName(department)}</h1>
      <Form method="post" noValidate className="stack">
        <h2>{t("admin.departments.edit")}</h2>
        <DepartmentFields
          values={{ slug: department.slug, nameZh: department.nameZh, nameEn: department.nameEn, ...values }}
          errors={errors}
        />
        <SubmitButton name="intent" value="update" pendingLabel={t("actions.saving")}>
          {t("actions.save")}
        </SubmitButton>
      </Form>

      <h2>{t("admin.departments.members")}</h2>
      {department.memberships.length === 0 ? (
        <p>{t("admin.departments.noMembers")}</p>
      ) : (
        <ul className="link-list">
          {department.memberships.map(({ user }) => (
            <li key={user.id}>
              <PersonName name={user.displayName} roles={["official"]} to={`/admin/users/${user.id}`} />
            </li>
          ))}
        </ul>
      )}

      <Form method="post" noValidate className="stack danger-zone">
        <h2>{t("admin.departments.delete")}</h2>
        <p>{t("admin.departments.deleteWarning", { count: department.memberships.length })}</p>
        <Checkbox name="confirm" label={t("admin.departments.deleteConfirm")} error={errors.confirm} />
        <SubmitButton name="intent" value="delete" className="danger" pendingLabel={t("actions.deleting")}>
          {t("admin.departments.delete")}
        </SubmitButton>
      </Form>
    </section>
  );
}
