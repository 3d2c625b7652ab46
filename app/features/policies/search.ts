import { foldForSearch } from "~/features/accounts/display-name";

/** Title and summary folded alike on SQLite and PostgreSQL: Chinese has no words to index, so search is by substring. */
export const policySearchText = (title: string, summary: string) => foldForSearch(`${title}\n${summary}`);
