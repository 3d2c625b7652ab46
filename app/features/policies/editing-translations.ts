// The words of the community draft's editor, its history, diffs and moderation, in both languages; nested under `policies.` by ./translations.ts.
const en = {};

const zh: typeof en = {};

export const editingTranslations = { en, zh };
