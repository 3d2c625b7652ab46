import { useTranslation } from "react-i18next";
import { OPEN_DATA_FORMATS, type OpenDataFormat } from "./dataset";

/**
 * Links to a dataset's downloads. Each link's accessible name says what it downloads, since a
 * page may offer several datasets and "Spreadsheet" alone would be ambiguous in a list of links.
 * Formats are named by what a reader does with them, not by their file extensions.
 */
export function OpenDataDownloads({ title, hrefs }: { title: string; hrefs: Record<OpenDataFormat, string> }) {
  const { t } = useTranslation();
  return (
    <div className="open-data">
      <span className="open-data-label">{t("openData.downloads")}</span>
      <ul className="open-data-links">
        {OPEN_DATA_FORMATS.map((format) => (
          <li key={format}>
            <a
              href={hrefs[format]}
              aria-label={t("openData.downloadAs", { title, format: t(`openData.formats.${format}`) })}
            >
              {t(`openData.formats.${format}`)}
            </a>
          </li>
        ))}
      </ul>
      <p className="hint">{t("openData.formatsHint")}</p>
    </div>
  );
}
