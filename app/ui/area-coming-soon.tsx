import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The empty state of an area whose feature has not opened yet. */
export function AreaComingSoon({ area }: { area: "interviews" | "priorities" | "policies" }) {
  const { t } = useTranslation();
  return (
    <section className="page narrow" aria-labelledby="area-title">
      <h1 id="area-title">{t(`${area}.title`)}</h1>
      <p className="lead">{t(`${area}.summary`)}</p>
      <div className="empty-state">
        <h2>{t("areas.emptyTitle")}</h2>
        <p>{t(`${area}.empty`)}</p>
        <p>
          <Link to="/" className="standalone-link">
            {t("errors.home")}
          </Link>
        </p>
      </div>
    </section>
  );
}
