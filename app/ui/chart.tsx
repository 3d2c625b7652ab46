// An accessible horizontal bar chart, drawn as SVG on the server: it needs no JavaScript and
// measures nothing in the browser (decision 0013). Lengths are in em and percent, so it follows
// the reader's text size and the width of the page. Every figure is also in a table.
import { nice, ticks } from "d3-array";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface ChartSeries {
  /** Stable key, e.g. "online". */
  key: string;
  /** Shown in the key and as the table's column heading, e.g. "Online". */
  label: string;
}

export interface ChartRow {
  key: string;
  label: string;
  /** One value per series, in the order of `series`. Negative values draw no bar. */
  values: readonly number[];
}

export interface BarChartProps {
  /** The figure's caption, the SVG's title and the table's caption. */
  title: string;
  /** A sentence or two on what the chart shows; a summary of highest, lowest and total by default. */
  summary?: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  /** With several series: one bar split into segments (the default), or one bar per series. */
  layout?: "stacked" | "grouped";
  /** The table's heading for the row labels, e.g. "Candidate". */
  labelHeading: string;
  formatValue?: (value: number) => string;
  /** Show the table open instead of behind "Show the figures as a table". */
  tableOpen?: boolean;
  /** Heading-level element or other content placed above the chart, inside the figure. */
  children?: ReactNode;
}

// Geometry, in em (vertical) and percent (horizontal).
const LINE = 1.3;
const STACKED_BAR = 1.6;
const GROUPED_BAR = 1.25;
const GROUPED_GAP = 0.2;
const LABEL_GAP = 0.2;
const ROW_GAP = 0.9;
const TOP = 0.4;
const AXIS = 2;
// A bar longer than this share of the width carries its value inside: the other half leaves
// room for a value of eight figures beside the bar even in the narrowest chart.
const INSIDE_FROM = 0.5;
// The narrowest chart the labels are wrapped for (the CSS min-width is 1em more): what a 320-pixel
// phone with the largest text has, so that no chart there is wider than the screen and nothing
// is cut off (docs/decisions/0032-a11y-phone-layout.md).
const LABEL_WIDTH_EM = 10;
const LABEL_LINES = 4;
// Tick labels are smaller; an em in their own attributes is their own, smaller em.
const TICK_FONT = 0.85;

// Characters drawn about 1em wide: CJK ideographs, kana, hangul, full-width forms.
const WIDE_RANGES =
  "\\u1100-\\u115f\\u2e80-\\u303e\\u3041-\\u33ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\ua000-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6";
const WIDE = new RegExp(`[${WIDE_RANGES}]`);
// A label's pieces: one wide character, a run of spaces, or a word of other characters.
const PIECES = new RegExp(`[${WIDE_RANGES}]|\\s+|[^\\s${WIDE_RANGES}]+`, "gu");
const NO_LINE_START = /[，。、；：？！）》」』】〕”’,.;:?!)\]}%]/;

/** Width of bold text in em, estimated: Chinese characters are 1em, others about 0.65em (wide sans-serif fonts). */
function estimatedWidth(text: string): number {
  let width = 0;
  for (const character of text) width += WIDE.test(character) ? 1 : 0.65;
  return width;
}

/**
 * Splits a label into lines of at most `width` em (estimated; the server cannot measure): at
 * spaces for words, anywhere between Chinese characters, never starting a line with closing
 * punctuation. Past `maxLines` the last line ends in "…"; the full label is in the table.
 */
export function wrapLabel(label: string, width = LABEL_WIDTH_EM, maxLines = LABEL_LINES): string[] {
  const pieces = label.match(PIECES) ?? [];
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    const candidate = line + piece;
    if (line.trim() !== "" && estimatedWidth(candidate.trimEnd()) > width && !NO_LINE_START.test(piece[0])) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      line = candidate;
    }
    // A single word longer than the line is cut: better than running out of the picture.
    while (estimatedWidth(line) > width * 1.15) {
      let cut = line.length - 1;
      while (cut > 1 && estimatedWidth(line.slice(0, cut)) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line.trim() !== "") lines.push(line.trim());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const full = kept[maxLines - 1];
  let last = full;
  while (last.length > 1 && estimatedWidth(`${last}…`) > width) last = last.slice(0, -1);
  // Cut inside a word: end on the last whole word instead, where the line has words.
  const cutMidWord = last.length < full.length && /\S/.test(full[last.length]) && !WIDE.test(full[last.length]);
  if (cutMidWord && last.lastIndexOf(" ") > 0) last = last.slice(0, last.lastIndexOf(" "));
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

const em = (value: number) => `${Math.round(value * 1000) / 1000}em`;
const percent = (value: number) => `${Math.round(value * 10000) / 100}%`;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The series' look: a colour and, after the first, a texture, so no series is told by colour alone. */
const SERIES_STYLES = 4;

function SeriesPatterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      <pattern
        id={`${prefix}-1`}
        className="chart-pattern-1"
        width="8"
        height="8"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="8" height="8" />
        <line x1="0" y1="0" x2="0" y2="8" />
      </pattern>
      <pattern id={`${prefix}-2`} className="chart-pattern-2" width="7" height="7" patternUnits="userSpaceOnUse">
        <rect width="7" height="7" />
        <circle cx="3.5" cy="3.5" r="1.6" />
      </pattern>
      <pattern id={`${prefix}-3`} className="chart-pattern-3" width="8" height="8" patternUnits="userSpaceOnUse">
        <rect width="8" height="8" />
        <path d="M0 4H8M4 0V8" />
      </pattern>
    </defs>
  );
}

const seriesFill = (prefix: string, index: number) =>
  index % SERIES_STYLES === 0 ? undefined : `url(#${prefix}-${index % SERIES_STYLES})`;

function Swatch({ prefix, index }: { prefix: string; index: number }) {
  return (
    <svg className="chart-swatch" width="1.5em" height="1em" aria-hidden="true" focusable="false">
      <rect
        className={`chart-bar chart-series-${index % SERIES_STYLES}`}
        width="100%"
        height="100%"
        fill={seriesFill(prefix, index)}
      />
    </svg>
  );
}

function useDefaultSummary(
  rows: readonly ChartRow[],
  series: readonly ChartSeries[],
  layout: "stacked" | "grouped",
  format: (value: number) => string,
) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return t("ui.chart.summaryEmpty");
  const totals = rows.map((row) => ({ label: row.label, total: sum(row.values) }));
  const sorted = [...totals].sort((a, b) => b.total - a.total);
  const figures =
    rows.length === 1
      ? t("ui.chart.summaryOne", { top: sorted[0].label, topValue: format(sorted[0].total) })
      : t("ui.chart.summary", {
          top: sorted[0].label,
          topValue: format(sorted[0].total),
          bottom: sorted[sorted.length - 1].label,
          bottomValue: format(sorted[sorted.length - 1].total),
          total: format(sum(totals.map((row) => row.total))),
        });
  if (series.length < 2) return figures;
  const names = new Intl.ListFormat(i18n.language, { type: "conjunction" }).format(series.map((item) => item.label));
  const seriesNote = t(layout === "stacked" ? "ui.chart.stackedSeries" : "ui.chart.groupedSeries", { series: names });
  return t("ui.chart.twoSentences", { first: figures, second: seriesNote });
}

export function BarChart({
  title,
  summary,
  series,
  rows,
  layout = "stacked",
  labelHeading,
  formatValue,
  tableOpen = false,
  children,
}: BarChartProps) {
  const { t, i18n } = useTranslation();
  const id = useId().replace(/:/g, "");
  const format = formatValue ?? new Intl.NumberFormat(i18n.language).format;
  const defaultSummary = useDefaultSummary(rows, series, layout, format);
  const description = summary ?? defaultSummary;
  const grouped = layout === "grouped" && series.length > 1;

  const lengths = rows.flatMap((row) => (grouped ? row.values : [sum(row.values.map((value) => Math.max(0, value)))]));
  const [, top] = nice(0, Math.max(0, ...lengths) || 1, 4);
  const scaleTicks = ticks(0, top, 4);
  const share = (value: number) => Math.max(0, value) / top;

  const barBlock = grouped ? series.length * GROUPED_BAR + (series.length - 1) * GROUPED_GAP : STACKED_BAR;
  let y = TOP;
  const laidOut = rows.map((row) => {
    const lines = wrapLabel(row.label);
    const labelTop = y;
    const barTop = labelTop + lines.length * LINE + LABEL_GAP;
    y = barTop + barBlock + ROW_GAP;
    return { row, lines, labelTop, barTop };
  });
  const plotBottom = y - ROW_GAP + 0.4;
  const height = plotBottom + AXIS;

  const valueLabel = (value: number, start: number, length: number, barTop: number, barHeight: number) => {
    const inside = start + length > INSIDE_FROM;
    return (
      <text
        className={inside ? "chart-value chart-value-inside" : "chart-value"}
        x={percent(start + length)}
        dx={inside ? "-0.4em" : "0.4em"}
        y={em(barTop + barHeight / 2)}
        dominantBaseline="central"
        textAnchor={inside ? "end" : "start"}
      >
        {format(value)}
      </text>
    );
  };

  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {children}
      <p className="chart-summary">{description}</p>
      {series.length > 1 ? (
        <ul className="chart-key" aria-label={t("ui.chart.key")}>
          {series.map((item, index) => (
            <li key={item.key}>
              <Swatch prefix={id} index={index} />
              {item.label}
            </li>
          ))}
        </ul>
      ) : null}
      {/* Focusable: where the largest text makes the chart wider than a phone, a keyboard can scroll it. */}
      <div className="chart-frame" tabIndex={0} role="group" aria-labelledby={`${id}-title`}>
        <svg
          className="chart-svg"
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          width="100%"
          height={em(height)}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <SeriesPatterns prefix={id} />
          <rect className="chart-background" width="100%" height="100%" />
          {scaleTicks.map((tick, index) => (
            <g key={tick} className="chart-tick">
              <line x1={percent(share(tick))} x2={percent(share(tick))} y1="0" y2={em(plotBottom)} />
              <text
                x={percent(share(tick))}
                y={em((plotBottom + 1.3) / TICK_FONT)}
                fontSize={em(TICK_FONT)}
                textAnchor={index === 0 ? "start" : index === scaleTicks.length - 1 ? "end" : "middle"}
              >
                {format(tick)}
              </text>
            </g>
          ))}
          {laidOut.map(({ row, lines, labelTop, barTop }) => {
            let start = 0;
            return (
              <g key={row.key} className="chart-row">
                <title>{`${row.label}: ${series.map((item, index) => (series.length > 1 ? `${item.label} ${format(row.values[index])}` : format(row.values[index]))).join(", ")}`}</title>
                <text className="chart-label">
                  {lines.map((line, index) => (
                    <tspan key={index} x="0" y={em(labelTop + (index + 1) * LINE - 0.3)}>
                      {line}
                    </tspan>
                  ))}
                </text>
                {grouped
                  ? row.values.map((value, index) => {
                      const top = barTop + index * (GROUPED_BAR + GROUPED_GAP);
                      return (
                        <g key={series[index].key}>
                          <rect
                            className={`chart-bar chart-series-${index % SERIES_STYLES}`}
                            fill={seriesFill(id, index)}
                            x="0"
                            y={em(top)}
                            width={percent(share(value))}
                            height={em(GROUPED_BAR)}
                          />
                          {valueLabel(value, 0, share(value), top, GROUPED_BAR)}
                        </g>
                      );
                    })
                  : row.values.map((value, index) => {
                      const segment = (
                        <rect
                          key={series[index]?.key ?? index}
                          className={`chart-bar chart-series-${index % SERIES_STYLES}`}
                          fill={seriesFill(id, index)}
                          x={percent(start)}
                          y={em(barTop)}
                          width={percent(share(value))}
                          height={em(STACKED_BAR)}
                        />
                      );
                      start += share(value);
                      return segment;
                    })}
                {grouped ? null : valueLabel(sum(row.values), 0, start, barTop, STACKED_BAR)}
              </g>
            );
          })}
        </svg>
      </div>
      <details className="chart-table" open={tableOpen}>
        <summary>{t("ui.chart.showTable")}</summary>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeading}</th>
                {series.map((item) => (
                  <th key={item.key} scope="col" className="number">
                    {item.label}
                  </th>
                ))}
                {series.length > 1 ? (
                  <th scope="col" className="number">
                    {t("ui.chart.total")}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  {row.values.map((value, index) => (
                    <td key={series[index]?.key ?? index} className="number">
                      {format(value)}
                    </td>
                  ))}
                  {series.length > 1 ? <td className="number">{format(sum(row.values))}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
