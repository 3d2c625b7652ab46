// The words of comments on passages, their outcomes, adoption and the response report, in both languages; nested under `policies.` by ./translations.ts.
const en = {};

const zh: typeof en = {};

export const commentsTranslations = { en, zh };
