/** A department's name in the reader's language. */
export function departmentName(department: { nameZh: string; nameEn: string }, locale: string) {
  return locale.startsWith("zh") ? department.nameZh : department.nameEn;
}

/**
 * Orders departments as a reader of this language expects: Chinese names in pinyin order
 * (the zh-CN collation), English names alphabetically.
 */
export function byDepartmentName(locale: string) {
  const collator = new Intl.Collator(locale.startsWith("zh") ? "zh-CN" : "en");
  return (a: { nameZh: string; nameEn: string }, b: { nameZh: string; nameEn: string }) =>
    collator.compare(departmentName(a, locale), departmentName(b, locale));
}
