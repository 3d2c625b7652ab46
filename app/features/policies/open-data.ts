import { defineDataset } from "~/features/open-data/dataset";

// The policies' open data: each policy, and each official version with its text (plain text,
// HTML and Markdown, all rendered on the server from the stored JSON). No account ids, no names.

export interface PolicyRecord {
  id: string;
  title: string;
  summary: string;
  status: string;
  departmentId: string;
  department: { nameZh: string; nameEn: string };
  opensAt: Date | null;
  closesAt: Date | null;
  createdAt: Date;
  _count: { versions: number };
}

export const policiesDataset = defineDataset<PolicyRecord>({
  name: "policies",
  title: { "zh-CN": "政策草案", en: "Policies" },
  license: "CC-BY-4.0",
  columns: [
    { name: "id", type: "text", value: (row) => row.id },
    { name: "title", type: "text", label: { "zh-CN": "标题", en: "Title" }, value: (row) => row.title },
    { name: "summary", type: "text", label: { "zh-CN": "摘要", en: "Summary" }, value: (row) => row.summary },
    { name: "status", type: "text", label: { "zh-CN": "状态", en: "Status" }, value: (row) => row.status },
    { name: "department_id", type: "text", value: (row) => row.departmentId },
    {
      name: "department_zh",
      type: "text",
      label: { "zh-CN": "部门", en: "Department (Chinese)" },
      value: (row) => row.department.nameZh,
    },
    {
      name: "department_en",
      type: "text",
      label: { "zh-CN": "部门（英文）", en: "Department" },
      value: (row) => row.department.nameEn,
    },
    {
      name: "consultation_opens_on",
      type: "date",
      value: (row) => (row.opensAt ? row.opensAt.toISOString().slice(0, 10) : null),
    },
    {
      name: "consultation_closes_on",
      type: "date",
      value: (row) => (row.closesAt ? row.closesAt.toISOString().slice(0, 10) : null),
    },
    { name: "created_at", type: "datetime", value: (row) => row.createdAt },
    { name: "versions", type: "integer", value: (row) => row._count.versions },
  ],
});

export interface VersionRecord {
  policyId: string;
  number: number;
  changeNote: string;
  text: string;
  html: string;
  markdown: string;
  createdAt: Date;
}

export const versionsDataset = defineDataset<VersionRecord>({
  name: "policy-versions",
  title: { "zh-CN": "政策正式版本", en: "Official versions of policies" },
  license: "CC-BY-4.0",
  columns: [
    { name: "policy_id", type: "text", value: (row) => row.policyId },
    { name: "number", type: "integer", label: { "zh-CN": "版本号", en: "Version" }, value: (row) => row.number },
    {
      name: "change_note",
      type: "text",
      label: { "zh-CN": "修改说明", en: "Change note" },
      value: (row) => row.changeNote,
    },
    { name: "published_at", type: "datetime", value: (row) => row.createdAt },
    { name: "text", type: "text", label: { "zh-CN": "文本", en: "Text" }, value: (row) => row.text },
    { name: "html", type: "text", value: (row) => row.html },
    { name: "markdown", type: "text", value: (row) => row.markdown },
  ],
});
