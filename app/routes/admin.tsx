import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdministrator(request);
  return json({});
}

const SECTIONS = [
  ["/admin", "admin.nav.overview", true],
  ["/admin/users", "admin.nav.users", false],
  ["/admin/departments", "admin.nav.departments", false],
  ["/admin/audit", "admin.nav.audit", false],
] as const;

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <div className="page with-sidebar">
      <nav aria-label={t("admin.title")} className="sidebar">
        <ul>
          {SECTIONS.map(([to, label, end]) => (
            <li key={to}>
              <NavLink to={to} end={end}>
                {t(label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="content">
        <Outlet />
      </div>
    </div>
  );
}
