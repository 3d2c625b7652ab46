// The words of the results page, the anonymised ballot record and the recount, in both languages; nested under `priorities.` by ./translations.ts.
const en = {};

const zh: typeof en = {};

export const resultsTranslations = { en, zh };
