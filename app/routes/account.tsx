import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { SidebarLayout } from "~/ui/sidebar-layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return json({});
}

const SECTIONS = [
  ["/account", "account.nav.profile"],
  ["/account/password", "account.nav.password"],
  ["/account/security", "account.nav.security"],
  ["/account/sessions", "account.nav.sessions"],
  ["/account/data", "account.nav.data"],
  ["/account/delete", "account.nav.delete"],
] as const;

export default function AccountLayout() {
  const { t } = useTranslation();
  return <SidebarLayout label={t("account.title")} links={SECTIONS} />;
}
