import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { DepartmentFields } from "~/features/departments/department-fields";
import { deleteDepartment, getDepartment, updateDepartment } from "~/features/departments/departments.server";
import { deleteDepartmentSchema, departmentSchema } from "~/features/departments/schemas";
import { Checkbox, FormError, StatusMessage, SubmitButton } from "~/ui/form";
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

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdministrator(request);
  return json({ title: await pageTitle(request, "admin.departments.edit"), department: await requireDepartment(params.departmentId) });
}

const intentSchema = z.object({ intent: z.enum(["update", "delete"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireAdministrator(request);
  const department = await requireDepartment(params.departmentId);
  const { intent } = intentSchema.catch({ intent: "update" }).parse(Object.fromEntries(await request.clone().formData().catch(() => new FormData())));
  if (intent === "delete") {
    const result = await submitForm(request, deleteDepartmentSchema, async () => {
      await deleteDepartment(actor, department.id);
      return { ok: true, value: undefined };
    });
    return result.ok ? redirect("/admin/departments") : result.response;
  }
  const result = await submitForm(request, departmentSchema, (input) => updateDepartment(actor, department.id, input));
  return result.ok ? json({ done: "saved" }) : result.response;
}

export default function EditDepartment() {
  const { t } = useTranslation();
  const { department } = useLoaderData<typeof loader>();
  const { errors, values, done } = useFormState();
  const format = useFormat();
  return (
    <section aria-labelledby="department-title" className="stack">
      <p>
        <Link to="/admin/departments">{t("admin.departments.back")}</Link>
      </p>
      <h1 id="department-title">{format.departmentName(department)}</h1>
      {done ? <StatusMessage>{t("admin.departments.saved")}</StatusMessage> : null}
      <Form method="post" noValidate className="stack">
        <h2>{t("admin.departments.edit")}</h2>
        <DepartmentFields values={{ slug: department.slug, nameZh: department.nameZh, nameEn: department.nameEn, ...values }} errors={errors} />
        <SubmitButton name="intent" value="update" pendingLabel={t("actions.saving")}>
          {t("actions.save")}
        </SubmitButton>
      </Form>

      <h2>{t("admin.departments.members")}</h2>
      {department.memberships.length === 0 ? (
        <p>{t("admin.departments.noMembers")}</p>
      ) : (
        <ul>
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
        <FormError error={errors.form} />
        <Checkbox name="confirm" label={t("admin.departments.deleteConfirm")} error={errors.confirm} />
        <SubmitButton name="intent" value="delete" className="danger" pendingLabel={t("actions.deleting")}>
          {t("admin.departments.delete")}
        </SubmitButton>
      </Form>
    </section>
  );
}
