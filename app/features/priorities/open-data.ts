import { defineDataset } from "~/features/open-data/dataset";

// A cycle's proposals as open data: what was proposed, through which channel, and what review
// made of it. No author, no enterer, no account id: a proposal is public, its proposer is not.

export interface ProposalRecord {
  id: string;
  title: string;
  category: string;
  channel: string;
  status: string;
  response: string | null;
  mergedIntoId: string | null;
  department: { nameZh: string; nameEn: string } | null;
  estimatedCost: number | null;
  ballotNumber: number | null;
}

export const proposalsDataset = defineDataset<ProposalRecord>({
  name: "priority-proposals",
  title: { "zh-CN": "年度重点建议", en: "Priority proposals" },
  license: "CC-BY-4.0",
  columns: [
    { name: "id", type: "text", value: (row) => row.id },
    { name: "title", type: "text", label: { "zh-CN": "标题", en: "Title" }, value: (row) => row.title },
    { name: "category", type: "text", label: { "zh-CN": "类别", en: "Category" }, value: (row) => row.category },
    { name: "channel", type: "text", label: { "zh-CN": "来源", en: "Channel" }, value: (row) => row.channel },
    { name: "status", type: "text", label: { "zh-CN": "状态", en: "Status" }, value: (row) => row.status },
    { name: "response", type: "text", label: { "zh-CN": "答复", en: "Response" }, value: (row) => row.response },
    { name: "merged_into", type: "text", label: { "zh-CN": "合并到", en: "Merged into" }, value: (row) => row.mergedIntoId },
    { name: "department_zh", type: "text", label: { "zh-CN": "责任部门", en: "Department (Chinese)" }, value: (row) => row.department?.nameZh ?? null },
    { name: "department_en", type: "text", label: { "zh-CN": "责任部门（英文）", en: "Department" }, value: (row) => row.department?.nameEn ?? null },
    { name: "estimated_cost", type: "integer", label: { "zh-CN": "估算费用（元）", en: "Estimated cost (yuan)" }, value: (row) => row.estimatedCost },
    { name: "ballot_number", type: "integer", label: { "zh-CN": "选票编号", en: "Ballot number" }, value: (row) => row.ballotNumber },
  ],
});
