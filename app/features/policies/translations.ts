// The policy wiki's words, in both languages. Spread into app/i18n/locales/*.ts. The editor and
// history pages and the comments keep theirs in their own files, nested under `editing` and `comments`.
import { commentsTranslations } from "./comments-translations";
import { editingTranslations } from "./editing-translations";

const en = {
  title: "Policies",
  summary: "Read draft regulations, edit the community draft together and leave feedback on exact passages.",
  empty: "No draft regulations have been published for comment yet.",
  editing: editingTranslations.en,
  comments: commentsTranslations.en,
};

const zh: typeof en = {
  title: "政策草案",
  summary: "阅读规章草案，共同编辑社区修改稿，并针对具体段落提出意见。",
  empty: "目前还没有发布征求意见的规章草案。",
  editing: editingTranslations.zh,
  comments: commentsTranslations.zh,
};

export const policiesTranslations = { en, zh };
