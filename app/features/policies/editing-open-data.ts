import { defineDataset } from "~/features/open-data/dataset";

import type { ChangeSummary } from "./change-summary";

export interface RevisionRow {
  number: number;
  createdAt: Date;
  summary: string;
  authors: string[];
  size: number;
  sizeChange: number;
  restoredFrom: number | null;
  /** The change from the previous revision (null when not recorded). */
  change: ChangeSummary | null;
}

/**
 * A community draft's revisions: metadata and the change from the previous revision, not the
 * full texts (31 revisions of a 300,000-character draft made a 59 MB download that took the
 * server's memory and time; docs/decisions/0031). One revision's full text is its own download,
 * /policies/<id>/revisions/<n>.json. The only personal data is the authors' public display
 * names, as the history page shows them.
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
    {
      name: "changes",
      type: "integer",
      label: { en: "Changed places", "zh-CN": "修改处数" },
      value: (row) => row.change?.count ?? null,
    },
    {
      name: "characters_added",
      type: "integer",
      label: { en: "Characters added", "zh-CN": "增加字数" },
      value: (row) => row.change?.charactersAdded ?? null,
    },
    {
      name: "characters_removed",
      type: "integer",
      label: { en: "Characters removed", "zh-CN": "删除字数" },
      value: (row) => row.change?.charactersRemoved ?? null,
    },
    {
      name: "change",
      type: "text",
      label: { en: "Changes (JSON: each place, what was removed and added)", "zh-CN": "修改内容（JSON）" },
      value: (row) => (row.change ? JSON.stringify(row.change.list) : null),
    },
  ],
});
