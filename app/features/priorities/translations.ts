// The priorities area's words, in both languages. Spread into app/i18n/locales/*.ts. The ballot
// and results pages keep theirs in their own files, nested here under `voting` and `results`.
import { resultsTranslations } from "./results-translations";
import { votingTranslations } from "./voting-translations";

const en = {
  title: "Priorities",
  summary: "Suggest and vote on the district government's work priorities for the year, then follow the progress reports.",
  empty: "No priority vote is open yet. Suggestions and the vote will appear here when the district opens them.",
  voting: votingTranslations.en,
  results: resultsTranslations.en,
};

const zh: typeof en = {
  title: "年度重点",
  summary: "为区政府年度工作重点提出建议并投票，之后跟踪进展报告。",
  empty: "目前还没有开放的重点项目投票。区里开放征集和投票后会显示在这里。",
  voting: votingTranslations.zh,
  results: resultsTranslations.zh,
};

export const prioritiesTranslations = { en, zh };
