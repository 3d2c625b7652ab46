// The words of the ballot: verification, casting, paper batches, in both languages; nested under `priorities.` by ./translations.ts.
const en = {};

const zh: typeof en = {};

export const votingTranslations = { en, zh };
