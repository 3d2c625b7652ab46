import { useTranslation } from "react-i18next";
import { OPEN_DATA_FORMATS, type OpenDataFormat } from "./dataset";

const FORMAT_NAMES: Record<OpenDataFormat, string> = { csv: "CSV", json: "JSON" };

/**
 * Links to a dataset's downloads. Each link's accessible name says what it downloads, since a
 * page may offer several datasets and "CSV" alone would be ambiguous in a list of links.
 */
export function OpenDataDownloads({ title, hrefs }: { title: string; hrefs: Record<OpenDataFormat, string> }) {
  const { t } = useTranslation();
  return (
    <div className="open-data">
      <span className="open-data-label">{t("openData.downloads")}</span>
      <ul className="open-data-links">
        {OPEN_DATA_FORMATS.map((format) => (
          <li key={format}>
            <a href={hrefs[format]} aria-label={t("openData.downloadAs", { title, format: FORMAT_NAMES[format] })}>
              {FORMAT_NAMES[format]}
            </a>
          </li>
        ))}
      </ul>
      <p className="hint">{t("openData.formatsHint")}</p>
    </div>
  );
}
