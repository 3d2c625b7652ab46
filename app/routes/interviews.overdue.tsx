import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listOverduePromises } from "~/features/interviews/overdue.server";
import { useSessionText } from "~/features/interviews/session-header";
import { useResponsibleName } from "~/features/interviews/controls";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { ReflowTable } from "~/ui/table";

export const meta = titleFromLoader;

/** /interviews/overdue: every broken promise, by department, for anyone to see. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({
    title: await pageTitle(request, "interviews.overduePage.title"),
    departments: await listOverduePromises(),
  });
}

export default function OverduePromises() {
  const { t } = useTranslation();
  const { departments } = useLoaderData<typeof loader>();
  const format = useFormat();
  const responsible = useResponsibleName();
  const text = useSessionText();
  return (
    <section aria-labelledby="overdue-title" className="page stack">
      <p>
        <Link to="/interviews" className="standalone-link">
          {t("interviews.title")}
        </Link>
      </p>
      <h1 id="overdue-title">{t("interviews.overduePage.title")}</h1>
      <p className="lead">{t("interviews.overduePage.lead")}</p>
      {departments.length === 0 ? (
        <p className="empty-state">{t("interviews.overduePage.none")}</p>
      ) : (
        <>
          <ReflowTable
            caption={t("interviews.overduePage.byDepartment")}
            columns={[
              t("interviews.dashboardPage.department"),
              t("interviews.overduePage.replyOverdue"),
              t("interviews.overduePage.resolutionOverdue"),
            ]}
            rows={departments.map((group) => ({
              key: group.department?.id ?? "to-be-routed",
              cells: [
                responsible(group.department),
                format.number(group.replyOverdue),
                format.number(group.resolutionOverdue),
              ],
            }))}
          />
          {departments.map((group) => (
            <section
              key={group.department?.id ?? "to-be-routed"}
              aria-labelledby={`overdue-${group.department?.id ?? "to-be-routed"}`}
              className="stack"
            >
              <h2 id={`overdue-${group.department?.id ?? "to-be-routed"}`}>{responsible(group.department)}</h2>
              <ul className="list">
                {group.questions.map((question) => (
                  <li key={question.id} className="list-item">
                    <Link to={`/interviews/${question.sessionId}#q-${question.id}`}>{question.text.slice(0, 120)}</Link>
                    <p className="question-meta">
                      <strong className="overdue">
                        {t(
                          question.promise === "firstReply"
                            ? "interviews.questions.overdue"
                            : "interviews.questions.resolutionOverdue",
                        )}
                      </strong>{" "}
                      · {t("interviews.duePage.dueAt", { time: format.dateTime(question.dueAt) })} ·{" "}
                      {text.title(question.session)}
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
