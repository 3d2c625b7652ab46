import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { listDepartments } from "~/features/departments/departments.server";
import { changeRole, getUserForAdmin } from "~/features/roles/roles.server";
import { manageUserSchema } from "~/features/roles/schemas";
import { revokeAllSessions } from "~/features/accounts/accounts.server";
import { GRANTABLE_ROLES } from "~/shared/roles";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SelectField } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { PersonName, rolesOf } from "~/ui/person-name";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  const user = await getUserForAdmin(params.userId ?? "");
  if (!user) throw new Response("Not Found", { status: 404 });
  const { locale } = await translatorFor(request);
  return json({
    title: await pageTitle(request, "admin.users.manage"),
    user,
    departments: await listDepartments(locale),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireAdministrator(request, context);
  const userId = params.userId ?? "";
  const result = await submitForm<typeof manageUserSchema, unknown>(request, manageUserSchema, (change) =>
    change.intent === "revokeSessions" ? revokeAllSessions(actor, userId) : changeRole(actor, userId, change),
  );
  if (!result.ok) return result.response;
  return redirectWithFlash(`/admin/users/${userId}`, { message: "admin.users.saved" });
}

export default function ManageUser() {
  const { t } = useTranslation();
  const { user, departments } = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  const format = useFormat();
  const held = new Set(user.roles.map((role) => role.name));
  const memberOf = new Set(user.memberships.map((m) => m.departmentId));
  const joinable = departments.filter((d) => !memberOf.has(d.id));
  return (
    <section aria-labelledby="user-title" className="stack">
      <p>
        <Link to="/admin/users" className="standalone-link">
          {t("admin.users.back")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="user-title">
        <PersonName name={user.displayName} roles={rolesOf(user)} />
      </h1>
      <p>{user.email}</p>

      <h2>{t("admin.users.roles")}</h2>
      <ul className="list">
        {GRANTABLE_ROLES.map((role) => (
          <li key={role} className="list-item">
            <span>
              {t("admin.users.roleState", {
                role: t(`roles.${role}`),
                state: held.has(role) ? t("admin.users.held") : t("admin.users.notHeld"),
              })}
            </span>
            <Form method="post">
              <input type="hidden" name="role" value={role} />
              <button
                type="submit"
                name="intent"
                value={held.has(role) ? "revokeRole" : "grantRole"}
                className="secondary"
              >
                {t(held.has(role) ? `admin.users.revoke.${role}` : `admin.users.grant.${role}`)}
              </button>
            </Form>
          </li>
        ))}
      </ul>

      <h2>{t("admin.users.departments")}</h2>
      <p className="hint">{t("admin.users.officialHint")}</p>
      {user.memberships.length === 0 ? <p>{t("admin.users.noDepartments")}</p> : null}
      <ul className="list">
        {user.memberships.map((membership) => (
          <li key={membership.departmentId} className="list-item">
            <span>{format.departmentName(membership.department)}</span>
            <Form method="post">
              <input type="hidden" name="departmentId" value={membership.departmentId} />
              <button type="submit" name="intent" value="removeMembership" className="secondary">
                {t("admin.users.removeFrom", { department: format.departmentName(membership.department) })}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      {joinable.length ? (
        <Form method="post" className="inline-fields">
          <SelectField
            name="departmentId"
            label={t("admin.users.addTo")}
            defaultValue=""
            error={errors.departmentId}
            options={[
              { value: "", label: t("admin.users.chooseDepartment") },
              ...joinable.map((d) => ({ value: d.id, label: format.departmentName(d) })),
            ]}
          />
          <button type="submit" name="intent" value="addMembership">
            {t("admin.users.add")}
          </button>
        </Form>
      ) : null}

      <h2>{t("admin.users.sessions")}</h2>
      <p>{t("admin.users.sessionCount", { count: user._count.sessions })}</p>
      {user._count.sessions > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="revokeSessions" className="secondary">
            {t("admin.users.revokeSessions")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
