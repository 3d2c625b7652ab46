import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { CycleListItem, type CycleListEntry } from "~/features/priorities/cycle-view";
import { listCycles } from "~/features/priorities/cycles.server";
import { canManageCycles } from "~/features/priorities/permissions.server";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";

export const meta = titleFromLoader;

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [reader, cycles] = await Promise.all([getCurrentUser(request, context), listCycles(page)]);
  return json({
    title: await pageTitle(request, "priorities.title"),
    ...cycles,
    page,
    can: { create: canManageCycles(reader) },
  });
}

function CycleList({ cycles, id }: { cycles: CycleListEntry[]; id: string }) {
  return (
    <ul className="list" aria-labelledby={id}>
      {cycles.map((cycle) => (
        <CycleListItem key={cycle.id} cycle={cycle} />
      ))}
    </ul>
  );
}

export default function Priorities() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const none = data.current.length === 0 && data.past.length === 0 && data.page === 1;
  return (
    <section aria-labelledby="priorities-title" className="page stack">
      <h1 id="priorities-title">{t("priorities.title")}</h1>
      <p className="lead">{t("priorities.summary")}</p>
      {data.can.create ? (
        <ul className="link-row">
          <li>
            <Link to="/priorities/new">{t("priorities.newCycle")}</Link>
          </li>
          <li>
            <Link to="/admin/areas">{t("priorities.areas.title")}</Link>
          </li>
        </ul>
      ) : null}
      {none ? (
        <p className="empty-state">{t("priorities.empty")}</p>
      ) : (
        <>
          <h2 id="current-title">{t("priorities.current")}</h2>
          {data.current.length === 0 ? (
            <p className="empty-state">{t("priorities.empty")}</p>
          ) : (
            <CycleList id="current-title" cycles={data.current} />
          )}
          <h2 id="past-title">{t("priorities.past")}</h2>
          {data.past.length === 0 ? (
            <p className="empty-state">{t("priorities.noPast")}</p>
          ) : (
            <CycleList id="past-title" cycles={data.past} />
          )}
          <Pagination page={data.page} pageCount={data.pastPageCount} />
        </>
      )}
    </section>
  );
}
