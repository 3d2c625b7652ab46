// The commitments area's words (commitments, progress reports, the year-end report), in both
// languages. Spread into app/i18n/locales/*.ts under `commitments`.
const en = {};

const zh: typeof en = {};

export const commitmentsTranslations = { en, zh };
