import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { DATA_POLICY_VERSION } from "~/features/accounts/data-policy";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: await pageTitle(request, "dataPolicy.title"), version: DATA_POLICY_VERSION });
}

const SECTIONS = [
  "collected",
  "why",
  "retention",
  "public",
  "rights",
  "security",
  "devices",
  "interviews",
  "priorities",
  "policies",
  "notifications",
  "officials",
  "contact",
] as const;

export default function DataPolicy() {
  const { t } = useTranslation();
  return (
    <article className="page narrow prose" aria-labelledby="policy-title">
      <h1 id="policy-title">{t("dataPolicy.title")}</h1>
      <p className="lead">{t("dataPolicy.lead")}</p>
      <p>{t("dataPolicy.version", { version: DATA_POLICY_VERSION })}</p>
      {SECTIONS.map((section) => (
        <section key={section} aria-labelledby={`policy-${section}`}>
          <h2 id={`policy-${section}`}>{t(`dataPolicy.${section}.title`)}</h2>
          <p>{t(`dataPolicy.${section}.body`)}</p>
        </section>
      ))}
    </article>
  );
}
