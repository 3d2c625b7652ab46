import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: await pageTitle(request, "home.title") });
}

const AREAS = ["interviews", "priorities", "policies"] as const;

export default function Home() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="intro" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
      </section>
      <ul className="areas" aria-label={t("home.areas")}>
        {AREAS.map((area) => (
          <li key={area} className="card">
            <h2>
              <Link to={`/${area}`}>{t(`${area}.title`)}</Link>
            </h2>
            <p>{t(`${area}.summary`)}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="offline-title" className="note">
        <h2 id="offline-title">{t("home.offlineTitle")}</h2>
        <p>{t("home.offlineBody")}</p>
      </section>
    </div>
  );
}
