import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({});
}

const SECTIONS = [
  ["/account", "account.nav.profile"],
  ["/account/password", "account.nav.password"],
  ["/account/sessions", "account.nav.sessions"],
  ["/account/data", "account.nav.data"],
  ["/account/delete", "account.nav.delete"],
] as const;

export default function AccountLayout() {
  const { t } = useTranslation();
  return (
    <div className="page with-sidebar">
      <nav aria-label={t("account.title")} className="sidebar">
        <ul>
          {SECTIONS.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to} end>
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
