/**
 * The columns a display name is stored in: as typed, and folded for search that ignores letter
 * case alike on SQLite and PostgreSQL. Every write of a display name goes through this.
 */
export function displayNameColumns(displayName: string) {
  return { displayName, displayNameFolded: foldForSearch(displayName) };
}

export function foldForSearch(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase("und");
}
