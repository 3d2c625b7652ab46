import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { AuditSentence } from "~/features/audit/audit-sentence";
import { listAuditEntries } from "~/features/audit/audit.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { PersonName } from "~/ui/person-name";
import { ReflowTable } from "~/ui/table";

export const meta = titleFromLoader;

const pageSchema = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
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
        <ReflowTable
          caption={t("admin.audit.title")}
          columns={[t("admin.audit.when"), t("admin.audit.who"), t("admin.audit.what")]}
          rows={entries.map((entry) => ({
            key: entry.id,
            cells: [
              format.dateTime(entry.createdAt),
              entry.actor ? (
                <PersonName key="who" name={entry.actor.name || t("account.deletedUser")} roles={entry.actor.roles} />
              ) : (
                t("admin.audit.system")
              ),
              <AuditSentence key="what" entry={entry} />,
            ],
          }))}
        />
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  );
}
