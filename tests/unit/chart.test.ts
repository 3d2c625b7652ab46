// The chart is drawn on the server: what a reader without JavaScript, or a screen reader user,
// gets is this HTML. Rendered as the server renders it, and read back with the browser's parser
// rules as far as HTML strings allow.
import { createInstance } from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "~/i18n/config";
import { BarChart, wrapLabel, type BarChartProps } from "~/ui/chart";

async function render(props: BarChartProps, lng = "en") {
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, lng });
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(BarChart, props)));
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** The table, as a list of rows of cell texts. */
function tableCells(html: string): string[][] {
  const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) =>
    [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => text(cell).trim()),
  );
}

const candidates: BarChartProps = {
  title: "Votes per candidate",
  labelHeading: "Candidate",
  series: [
    { key: "online", label: "Online" },
    { key: "offline", label: "Paper" },
  ],
  rows: [
    { key: "c1", label: "Add evening buses on route 12", values: [1234, 5678] },
    { key: "c2", label: "在滨州市区增设社区养老服务中心并延长服务时间到晚上八点", values: [980, 12] },
    { key: "c3", label: "Repair the footbridge", values: [0, 7] },
  ],
};

describe("bar chart", () => {
  it("offers every figure in a table, with totals", async () => {
    const html = await render(candidates);
    expect(tableCells(html)).toEqual([
      ["Candidate", "Online", "Paper", "Total"],
      ["Add evening buses on route 12", "1,234", "5,678", "6,912"],
      ["在滨州市区增设社区养老服务中心并延长服务时间到晚上八点", "980", "12", "992"],
      ["Repair the footbridge", "0", "7", "7"],
    ]);
    expect(html).toContain('<details class="chart-table"><summary>Show the figures as a table</summary>');
  });

  it("is an image with a title and a description for screen readers", async () => {
    const html = await render(candidates);
    const svg = html.slice(
      html.indexOf('<svg class="chart-svg"'),
      html.indexOf(">", html.indexOf('<svg class="chart-svg"')) + 1,
    );
    expect(svg).toContain('role="img"');
    const title = /aria-labelledby="([^"]+)"/.exec(svg)![1];
    const desc = /aria-describedby="([^"]+)"/.exec(svg)![1];
    expect(html).toContain(`<title id="${title}">Votes per candidate</title>`);
    expect(html).toMatch(
      new RegExp(
        `<desc id="${desc}">Highest: Add evening buses on route 12 \\(6,912\\)\\. Lowest: Repair the footbridge \\(7\\)\\. Total: 7,911\\. Each bar is split into Online and Paper\\.</desc>`,
      ),
    );
  });

  it("shows the same summary as text on the page", async () => {
    const html = await render(candidates);
    expect(html).toContain('<p class="chart-summary">Highest: Add evening buses on route 12 (6,912).');
  });

  it("tells the series apart by texture and a key, not colour alone", async () => {
    const html = await render(candidates);
    expect(text(html.slice(html.indexOf('<ul class="chart-key"'), html.indexOf("</ul>")))).toContain("Online Paper");
    expect(html).toMatch(/<rect class="chart-bar chart-series-1" fill="url\(#[^)]+-1\)"/);
    expect(html).toMatch(/<pattern id="[^"]+-1" class="chart-pattern-1"/);
  });

  it("draws bars to scale, as shares of the axis, with each total written at its bar", async () => {
    const html = await render(candidates);
    // Axis 0–8,000: 6,912 is 86.4%, split 15.43% + 70.98%.
    expect(html).toContain('width="15.43%"');
    expect(html).toContain('width="70.98%"');
    expect(html).toMatch(/<text class="chart-value chart-value-inside" x="86.4%"[^>]*>6,912<\/text>/);
    expect(html).toMatch(/<text class="chart-value" x="12.4%"[^>]*>992<\/text>/);
    expect(text(html)).toContain("0 2,000 4,000 6,000 8,000");
  });

  it("draws one bar per series side by side when grouped", async () => {
    const html = await render({ ...candidates, layout: "grouped" });
    // Bars start at the axis (x="0"); the key's swatches do not.
    expect(html.match(/<rect class="chart-bar chart-series-0" x="0"/g)).toHaveLength(3);
    expect(html.match(/<rect class="chart-bar chart-series-1" fill="[^"]+" x="0"/g)).toHaveLength(3);
    expect(html).toContain("Each entry has one bar each for Online and Paper.");
  });

  it("speaks Chinese, with one series, no key and no total column", async () => {
    const html = await render(
      {
        title: "各类问题数量",
        labelHeading: "类型",
        series: [{ key: "questions", label: "问题数" }],
        rows: [
          { key: "suggestion", label: "建议", values: [275] },
          { key: "consultation", label: "咨询", values: [440] },
          { key: "complaint", label: "投诉", values: [70] },
        ],
      },
      "zh-CN",
    );
    expect(html).not.toContain("chart-key");
    expect(tableCells(html)[0]).toEqual(["类型", "问题数"]);
    expect(html).toContain("最高：咨询（440）；最低：投诉（70）；合计：785。");
    const grouped = await render(
      {
        ...candidates,
        series: [
          { key: "online", label: "网上" },
          { key: "paper", label: "纸质" },
        ],
      },
      "zh-CN",
    );
    expect(grouped).toContain("合计：7,911。每个条形按网上和纸质分段。");
    expect(html).toContain("<summary>以表格显示数据</summary>");
  });

  it("says so when there are no figures, and draws no bars", async () => {
    const html = await render({ ...candidates, rows: [] });
    expect(html).toContain("There are no figures yet.");
    expect(html).not.toContain('chart-bar chart-series-0" fill');
  });

  it("takes a summary and a number format from the page", async () => {
    const html = await render({ ...candidates, summary: "Route 12 won.", formatValue: (value) => `${value} votes` });
    expect(html).toContain('<p class="chart-summary">Route 12 won.</p>');
    expect(tableCells(html)[1]).toContain("1234 votes");
  });
});

describe("label wrapping", () => {
  it("breaks Chinese between characters and keeps closing punctuation on its line", () => {
    expect(wrapLabel("低碳祭扫清明节能否用鲜花代替烧纸", 8)).toEqual(["低碳祭扫清明节能", "否用鲜花代替烧纸"]);
    expect(wrapLabel("低碳祭扫清明节能，否", 8)).toEqual(["低碳祭扫清明节能，", "否"]);
  });

  it("breaks words at spaces and ends an over-long label with an ellipsis", () => {
    expect(wrapLabel("Add evening buses on route 12 and route 15", 10)).toEqual([
      "Add evening",
      "buses on route",
      "12 and route 15",
    ]);
    expect(wrapLabel("Add evening buses on route 12 and route 15 and 16", 10, 3)).toEqual([
      "Add evening",
      "buses on route",
      "12 and route…",
    ]);
    expect(wrapLabel("Fix the lights on routes 1 2 3 4 5 6", 6, 2)).toEqual(["Fix the", "lights…"]);
    expect(wrapLabel("short")).toEqual(["short"]);
  });
});
