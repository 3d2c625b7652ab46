import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { SidebarLayout } from "~/ui/sidebar-layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  return json({});
}

const SECTIONS = [
  ["/admin", "admin.nav.overview"],
  ["/admin/users", "admin.nav.users"],
  ["/admin/departments", "admin.nav.departments"],
  ["/admin/areas", "admin.nav.areas"],
  ["/admin/holidays", "admin.nav.holidays"],
  ["/admin/audit", "admin.nav.audit"],
] as const;

export default function AdminLayout() {
  const { t } = useTranslation();
  return <SidebarLayout label={t("admin.title")} links={SECTIONS} />;
}
