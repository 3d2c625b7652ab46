// Strings of the open-data downloads; spread into app/i18n/locales as `openData`.
const en = {
  downloads: "Download the data",
  downloadAs: "Download {{title}}: {{format}}",
  formats: { csv: "Spreadsheet", json: "Data for programs" },
  formatsHint:
    "The spreadsheet opens in any spreadsheet program; the data for programs is for software that reads it. Both hold the same records, and every published figure can be recomputed from them.",
};

const zh: typeof en = {
  downloads: "下载数据",
  downloadAs: "下载{{title}}：{{format}}",
  formats: { csv: "电子表格", json: "程序用数据" },
  formatsHint: "电子表格可用表格软件打开，程序用数据供软件读取。两者记录相同，公布的每个数字都可以据此重新计算。",
};

export const openDataTranslations = { en, zh };
