import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { listDuePromises } from "~/features/interviews/answers.server";
import { canSeeDueList } from "~/features/interviews/permissions.server";
import { useSessionText } from "~/features/interviews/session-header";
import { db } from "~/db.server";
import { isAdministrator } from "~/shared/roles";
import { useResponsibleName } from "~/features/interviews/controls";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (!canSeeDueList(user)) throw new Response("Forbidden", { status: 403 });
  // Administrators oversee every department; officials see their own.
  const departmentIds = isAdministrator(user)
    ? (await db.department.findMany({ select: { id: true } })).map((department) => department.id)
    : user.departmentIds;
  return json({
    title: await pageTitle(request, "interviews.duePage.title"),
    ...(await listDuePromises(departmentIds)),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["overdue"][number];

function DueList({ rows, title, id }: { rows: Row[]; title: string; id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const responsible = useResponsibleName();
  const text = useSessionText();
  return (
    <section aria-labelledby={id} className="stack">
      <h2 id={id}>
        {title} ({format.number(rows.length)})
      </h2>
      {rows.length === 0 ? (
        <p className="empty-state">{t("interviews.duePage.none")}</p>
      ) : (
        <ul className="list">
          {rows.map((row) => (
            <li key={row.id} className="list-item">
              <Link
                to={
                  row.waitingForModeration
                    ? `/interviews/${row.sessionId}/moderate`
                    : // To be routed (decision 0044): nobody's to answer yet; its public card says so.
                      row.department === null
                      ? `/interviews/${row.sessionId}#q-${row.id}`
                      : `/interviews/${row.sessionId}/console?question=${row.id}`
                }
              >
                {row.text.slice(0, 120)}
              </Link>
              <p className="question-meta">
                <span className={`badge type-${row.type}`}>{t(`interviews.types.${row.type}`)}</span>{" "}
                {row.waitingForModeration ? <>{t("interviews.duePage.moderation")} · </> : null}
                {t(`interviews.duePage.${row.promise}`)} ·{" "}
                {t("interviews.duePage.dueAt", { time: format.dateTime(row.dueAt) })} · {responsible(row.department)} ·{" "}
                {text.title(row.session)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function DueReplies() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="due-title" className="page stack">
      <p>
        <Link to="/interviews" className="standalone-link">
          {t("interviews.title")}
        </Link>
      </p>
      <h1 id="due-title">{t("interviews.duePage.title")}</h1>
      <p className="lead">{t("interviews.duePage.lead")}</p>
      <DueList id="overdue" rows={data.overdue} title={t("interviews.duePage.overdue")} />
      <DueList id="due-soon" rows={data.dueSoon} title={t("interviews.duePage.dueSoon")} />
      <DueList id="due-later" rows={data.later} title={t("interviews.duePage.later")} />
    </section>
  );
}
