import { defineDataset } from "~/features/open-data/dataset";

// Comments on passages with their outcomes, as open data. Nothing about a person beyond the
// public display name the page shows; a hidden comment's text is left out, its reason kept.

export interface PassageCommentRecord {
  id: string;
  policyId: string;
  parentId: string | null;
  kind: string | null;
  quote: string;
  text: string;
  hiddenReason: string | null;
  authorName: string;
  asOfficial: boolean;
  outcome: string | null;
  outcomeReason: string | null;
  outcomeAt: Date | null;
  createdAt: Date;
}

export const passageCommentsDataset = defineDataset<PassageCommentRecord>({
  name: "passage-comments",
  title: { "zh-CN": "段落意见及处理结果", en: "Comments on passages and their outcomes" },
  license: "CC-BY-4.0",
  columns: [
    { name: "id", type: "text", value: (row) => row.id },
    { name: "policy_id", type: "text", value: (row) => row.policyId },
    { name: "reply_to", type: "text", label: { "zh-CN": "回复的意见", en: "Reply to" }, value: (row) => row.parentId },
    { name: "kind", type: "text", label: { "zh-CN": "类型", en: "Kind" }, value: (row) => row.kind },
    { name: "quote", type: "text", label: { "zh-CN": "所评段落", en: "Passage" }, value: (row) => row.quote },
    {
      name: "text",
      type: "text",
      label: { "zh-CN": "内容", en: "Comment" },
      value: (row) => (row.hiddenReason ? null : row.text),
    },
    {
      name: "hidden_reason",
      type: "text",
      label: { "zh-CN": "隐藏原因", en: "Hidden because" },
      value: (row) => row.hiddenReason,
    },
    { name: "author", type: "text", label: { "zh-CN": "发表人", en: "Posted by" }, value: (row) => row.authorName },
    {
      name: "official",
      type: "boolean",
      label: { "zh-CN": "官方回复", en: "Official reply" },
      value: (row) => row.asOfficial,
    },
    { name: "outcome", type: "text", label: { "zh-CN": "处理结果", en: "Outcome" }, value: (row) => row.outcome },
    {
      name: "outcome_reason",
      type: "text",
      label: { "zh-CN": "理由", en: "Reason" },
      value: (row) => row.outcomeReason,
    },
    { name: "outcome_at", type: "datetime", value: (row) => row.outcomeAt },
    { name: "posted_at", type: "datetime", value: (row) => row.createdAt },
  ],
});
