// Strings of the shared interface parts in app/ui; spread into app/i18n/locales as `ui`.
const en = {
  chart: {
    showTable: "Show the figures as a table",
    total: "Total",
    key: "Key",
    summary: "Highest: {{top}} ({{topValue}}). Lowest: {{bottom}} ({{bottomValue}}). Total: {{total}}.",
    summaryOne: "{{top}}: {{topValue}}.",
    summaryEmpty: "There are no figures yet.",
    stackedSeries: "Each bar is split into {{series}}.",
    groupedSeries: "Each entry has one bar each for {{series}}.",
    twoSentences: "{{first}} {{second}}",
  },
};

const zh: typeof en = {
  chart: {
    showTable: "以表格显示数据",
    total: "合计",
    key: "图例",
    summary: "最高：{{top}}（{{topValue}}）；最低：{{bottom}}（{{bottomValue}}）；合计：{{total}}。",
    summaryOne: "{{top}}：{{topValue}}。",
    summaryEmpty: "暂无数据。",
    stackedSeries: "每个条形按{{series}}分段。",
    groupedSeries: "每一项分别用条形显示{{series}}。",
    twoSentences: "{{first}}{{second}}",
  },
};

export const uiTranslations = { en, zh };
