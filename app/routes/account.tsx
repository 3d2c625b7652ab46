import { useTranslation } from "react-i18next";
import { SidebarLayout } from "~/ui/sidebar-layout";

// No loader: every account page's own loader requires a signed-in user, and a layout loader
// that only repeated that check cost every account page a loader call of its own
// (docs/decisions/0027).

const SECTIONS = [
  ["/account", "account.nav.profile"],
  ["/account/password", "account.nav.password"],
  ["/account/questions", "interviews.myQuestions.title"],
  ["/account/security", "account.nav.security"],
  ["/account/sessions", "account.nav.sessions"],
  ["/account/data", "account.nav.data"],
  ["/account/delete", "account.nav.delete"],
] as const;

export default function AccountLayout() {
  const { t } = useTranslation();
  return <SidebarLayout label={t("account.title")} links={SECTIONS} />;
}
