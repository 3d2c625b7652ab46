import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({ title: await pageTitle(request, "account.data.title") });
}

export default function MyData() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="data-title" className="stack">
      <h1 id="data-title">{t("account.data.title")}</h1>
      <p>{t("account.data.lead")}</p>
      <ul>
        <li>{t("account.data.includesProfile")}</li>
        <li>{t("account.data.includesRoles")}</li>
        <li>{t("account.data.includesSessions")}</li>
        <li>{t("account.data.includesAudit")}</li>
      </ul>
      <p>
        {/* A plain link: the browser downloads the file, with or without JavaScript. */}
        <a className="button" href="/account/data.json" download>
          {t("account.data.download")}
        </a>
      </p>
    </section>
  );
}
