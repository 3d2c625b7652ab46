import { defineDataset } from "~/features/open-data/dataset";

export interface RevisionRow {
  number: number;
  createdAt: Date;
  summary: string;
  authors: string[];
  size: number;
  sizeChange: number;
  restoredFrom: number | null;
  text: string;
  content: string;
}

/**
 * A community draft's revisions: text and metadata. The only personal data is the authors'
 * public display names, as the history page shows them.
 */
export const revisionsDataset = defineDataset<RevisionRow>({
  name: "policy-revisions",
  title: { en: "Revisions of a policy's community draft", "zh-CN": "政策社区修改稿的修订记录" },
  license: "CC-BY-4.0",
  columns: [
    { name: "revision", type: "integer", label: { en: "Revision", "zh-CN": "修订" }, value: (row) => row.number },
    { name: "created_at", type: "datetime", label: { en: "Time", "zh-CN": "时间" }, value: (row) => row.createdAt },
    { name: "summary", type: "text", label: { en: "Summary", "zh-CN": "摘要" }, value: (row) => row.summary },
    {
      name: "authors",
      type: "text",
      label: { en: "Authors", "zh-CN": "作者" },
      value: (row) => row.authors.join("; "),
    },
    { name: "size", type: "integer", label: { en: "Characters", "zh-CN": "字数" }, value: (row) => row.size },
    { name: "size_change", type: "integer", label: { en: "Change", "zh-CN": "变化" }, value: (row) => row.sizeChange },
    {
      name: "restored_from",
      type: "integer",
      label: { en: "Restored from revision", "zh-CN": "恢复自修订" },
      value: (row) => row.restoredFrom,
    },
    { name: "text", type: "text", label: { en: "Text", "zh-CN": "正文" }, value: (row) => row.text },
    {
      name: "content",
      type: "text",
      label: { en: "Text as Tiptap JSON", "zh-CN": "正文（Tiptap JSON）" },
      value: (row) => row.content,
    },
  ],
});
