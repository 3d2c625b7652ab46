import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { listUsers } from "~/features/roles/roles.server";
import { userSearchSchema } from "~/features/roles/schemas";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { PersonName, rolesOf } from "~/ui/person-name";
import { ReflowTable } from "~/ui/table";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  const search = userSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({ title: await pageTitle(request, "admin.users.title"), search, ...(await listUsers(search)) });
}

export default function AdminUsers() {
  const { t } = useTranslation();
  const { users, total, pageCount, search } = useLoaderData<typeof loader>();
  const format = useFormat();
  return (
    <section aria-labelledby="users-title" className="stack">
      <h1 id="users-title">{t("admin.users.title")}</h1>
      <Form method="get" className="search" role="search">
        <label htmlFor="user-search">{t("admin.users.search")}</label>
        <input id="user-search" type="search" name="q" defaultValue={search.q} />
        <button type="submit">{t("actions.search")}</button>
      </Form>
      <p role="status">{t("admin.users.count", { count: total })}</p>
      {users.length === 0 ? (
        <p className="empty-state">{t("admin.users.empty")}</p>
      ) : (
        <ReflowTable
          caption={t("admin.users.title")}
          columns={[t("fields.displayName"), t("fields.email"), t("admin.users.roles"), t("admin.users.joined")]}
          rows={users.map((user) => ({
            key: user.id,
            cells: [
              <PersonName key="name" name={user.displayName} roles={rolesOf(user)} to={`/admin/users/${user.id}`} />,
              user.email,
              [
                ...user.roles.map((role) => t(`roles.${role.name}`)),
                ...user.memberships.map((m) =>
                  t("roles.officialOf", { department: format.departmentName(m.department) }),
                ),
              ].join(t("shell.listSeparator")) || t("roles.resident"),
              format.date(user.createdAt),
            ],
          }))}
        />
      )}
      <Pagination page={search.page} pageCount={pageCount} />
    </section>
  );
}
