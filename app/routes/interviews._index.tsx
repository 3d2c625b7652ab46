import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { canSeeDueList } from "~/features/interviews/permissions.server";
import { SessionListItem } from "~/features/interviews/session-header";
import { listSessions, sessionSummary } from "~/features/interviews/sessions.server";
import { isAdministrator, isOfficial } from "~/shared/roles";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";

export const meta = titleFromLoader;

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [reader, sessions] = await Promise.all([getCurrentUser(request, context), listSessions(page)]);
  return json({
    title: await pageTitle(request, "interviews.title"),
    live: sessions.live.map(sessionSummary),
    upcoming: sessions.upcoming.map(sessionSummary),
    past: sessions.past.map(sessionSummary),
    page,
    pastPageCount: sessions.pastPageCount,
    can: { schedule: isAdministrator(reader) || isOfficial(reader), due: canSeeDueList(reader) },
  });
}

function SessionList({
  sessions,
  empty,
  id,
}: {
  sessions: ReturnType<typeof useLoaderData<typeof loader>>["live"];
  empty: string;
  id: string;
}) {
  if (sessions.length === 0) return <p className="empty-state">{empty}</p>;
  return (
    <ul className="list" aria-labelledby={id}>
      {sessions.map((session) => (
        <SessionListItem key={session.id} session={session} />
      ))}
    </ul>
  );
}

export default function Interviews() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="interviews-title" className="page stack">
      <h1 id="interviews-title">{t("interviews.title")}</h1>
      <p className="lead">{t("interviews.summary")}</p>
      <ul className="link-row">
        <li>
          <Link to="/interviews/archive">{t("interviews.archive")}</Link>
        </li>
        <li>
          <Link to="/interviews/dashboard">{t("interviews.dashboard")}</Link>
        </li>
        {data.can.due ? (
          <li>
            <Link to="/interviews/due">{t("interviews.due")}</Link>
          </li>
        ) : null}
        {data.can.schedule ? (
          <li>
            <Link to="/interviews/new">{t("interviews.schedule")}</Link>
          </li>
        ) : null}
      </ul>
      <h2 id="live-title">{t("interviews.live")}</h2>
      <SessionList id="live-title" sessions={data.live} empty={t("interviews.noneLive")} />
      <h2 id="upcoming-title">{t("interviews.upcoming")}</h2>
      <SessionList id="upcoming-title" sessions={data.upcoming} empty={t("interviews.noneUpcoming")} />
      <h2 id="past-title">{t("interviews.past")}</h2>
      <SessionList id="past-title" sessions={data.past} empty={t("interviews.nonePast")} />
      <Pagination page={data.page} pageCount={data.pastPageCount} />
    </section>
  );
}
