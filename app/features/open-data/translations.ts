// Strings of the open-data downloads; spread into app/i18n/locales as `openData`.
const en = {
  downloads: "Download the data",
  downloadAs: "Download {{title}} as {{format}}",
  formatsHint:
    "CSV opens in a spreadsheet; JSON is for programs. Both hold the same records, and every published figure can be recomputed from them.",
};

const zh: typeof en = {
  downloads: "下载数据",
  downloadAs: "以 {{format}} 格式下载{{title}}",
  formatsHint: "CSV 可用电子表格打开，JSON 供程序使用。两者记录相同，公布的每个数字都可以据此重新计算。",
};

export const openDataTranslations = { en, zh };
