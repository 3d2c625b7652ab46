import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { SidebarLayout } from "~/ui/sidebar-layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCounterDesk(request, context);
  return json({});
}

// The capabilities add their offline entry pages here (questions, proposals, paper ballots).
const SECTIONS = [
  ["/counter", "counter.nav.overview"],
  ["/counter/password-reset", "counter.nav.resetCode"],
  ["/counter/questions", "counter.nav.questions"],
  ["/counter/questions/entered", "interviews.counterList.title"],
  ["/counter/proposals", "counter.nav.proposals"],
  ["/counter/verify", "priorities.voting.nav.verify"],
  ["/counter/paper-ballots/hand-out", "priorities.voting.nav.handOut"],
  ["/counter/paper-ballots", "priorities.voting.nav.paperBallots"],
] as const;

export default function CounterLayout() {
  const { t } = useTranslation();
  return <SidebarLayout label={t("counter.title")} links={SECTIONS} />;
}
