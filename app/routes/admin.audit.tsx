import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { listAuditEntries } from "~/features/audit/audit.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { PersonName } from "~/ui/person-name";

export const meta = titleFromLoader;

const pageSchema = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdministrator(request);
  const { page } = pageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({ title: await pageTitle(request, "admin.audit.title"), page, ...(await listAuditEntries(page)) });
}

export default function AuditLog() {
  const { t } = useTranslation();
  const { entries, page, pageCount } = useLoaderData<typeof loader>();
  const format = useFormat();
  return (
    <section aria-labelledby="audit-title" className="stack">
      <h1 id="audit-title">{t("admin.audit.title")}</h1>
      <p>{t("admin.audit.lead")}</p>
      {entries.length === 0 ? (
        <p className="empty-state">{t("admin.audit.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("admin.audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.when")}</th>
                <th scope="col">{t("admin.audit.who")}</th>
                <th scope="col">{t("admin.audit.what")}</th>
                <th scope="col">{t("admin.audit.target")}</th>
                <th scope="col">{t("admin.audit.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{format.dateTime(entry.createdAt)}</td>
                  <td>
                    {entry.actorId === null && !entry.actorName ? (
                      t("admin.audit.system")
                    ) : (
                      <PersonName name={entry.actorName || t("account.deletedUser")} roles={entry.actorRoles.split(",")} />
                    )}
                  </td>
                  <td>{t(`admin.audit.actions.${entry.action}`, { defaultValue: entry.action })}</td>
                  <td>
                    {t(`admin.audit.targets.${entry.targetType}`, { defaultValue: entry.targetType })} <code>{entry.targetId}</code>
                  </td>
                  <td>
                    <code className="detail">{entry.detail}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  );
}
