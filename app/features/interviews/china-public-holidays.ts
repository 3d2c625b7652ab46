// Mainland China's public holidays and make-up working days (调休上班), in the format of the
// PROMISE_HOLIDAYS and PROMISE_EXTRA_WORKDAYS settings: dates, or first/last ranges.
//
// Source: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号, published
// 2025-11-04). The State Council publishes each year's schedule in November of the year
// before; 2027's is not here. Add it to the settings when it is published (decision 0012).

export const CHINA_HOLIDAYS_2026 = [
  "2026-01-01/2026-01-03", // 元旦
  "2026-02-15/2026-02-23", // 春节
  "2026-04-04/2026-04-06", // 清明节
  "2026-05-01/2026-05-05", // 劳动节
  "2026-06-19/2026-06-21", // 端午节
  "2026-09-25/2026-09-27", // 中秋节
  "2026-10-01/2026-10-07", // 国庆节
].join(",");

export const CHINA_EXTRA_WORKDAYS_2026 = [
  "2026-01-04", // Sunday, for 元旦
  "2026-02-14", // Saturday, for 春节
  "2026-02-28", // Saturday, for 春节
  "2026-05-09", // Saturday, for 劳动节
  "2026-09-20", // Sunday, for 国庆节
  "2026-10-10", // Saturday, for 国庆节
].join(",");
