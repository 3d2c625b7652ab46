import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { adminOverview } from "~/features/roles/overview.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  return json({ title: await pageTitle(request, "admin.title"), counts: await adminOverview() });
}

export default function AdminOverview() {
  const { t } = useTranslation();
  const { counts } = useLoaderData<typeof loader>();
  const format = useFormat();
  return (
    <section aria-labelledby="admin-title" className="stack">
      <h1 id="admin-title">{t("admin.title")}</h1>
      <p>{t("admin.lead")}</p>
      <dl className="stats">
        {(Object.keys(counts) as Array<keyof typeof counts>).map((key) => (
          <div key={key}>
            <dt>{t(`admin.counts.${key}`)}</dt>
            <dd>{format.number(counts[key])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
