import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCounterDesk(request, context);
  return json({ title: await pageTitle(request, "counter.title") });
}

export default function CounterDesk() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="counter-title" className="stack">
      <h1 id="counter-title">{t("counter.title")}</h1>
      <p>{t("counter.lead")}</p>
      <h2>{t("counter.tasks")}</h2>
      {/* Links standing alone: 44-pixel targets for fingers (.link-list). */}
      <ul className="link-list">
        <li>
          <Link to="/counter/password-reset">{t("counter.resetCode.title")}</Link>
        </li>
        <li>
          <Link to="/counter/questions">{t("interviews.counter.title")}</Link>
        </li>
        <li>
          <Link to="/counter/proposals">{t("priorities.counter.title")}</Link>
        </li>
        <li>
          <Link to="/counter/verify">{t("priorities.voting.counter.title")}</Link>
        </li>
        <li>
          <Link to="/counter/paper-ballots/hand-out">{t("priorities.voting.handOut.title")}</Link>
        </li>
        <li>
          <Link to="/counter/paper-ballots">{t("priorities.voting.paper.title")}</Link>
        </li>
      </ul>
    </section>
  );
}
