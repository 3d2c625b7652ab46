import { defineDataset } from "~/features/open-data/dataset";
import { milestonesText, type FieldChange, type VersionedValue } from "./history";
import { dateToDay } from "./schemas";

// The commitments' open data: each commitment with its latest status, every progress report, and
// every change to a promise, a title or a date. Nothing about a person beyond the official's
// name as the timeline and the history show it.

export interface CommitmentRecord {
  id: string;
  cycleId: string;
  proposalId: string | null;
  departmentId: string;
  department: { nameZh: string; nameEn: string };
  titleZh: string;
  titleEn: string;
  promiseZh: string;
  promiseEn: string;
  targetDate: Date;
  status: string;
  percent: number;
  milestones: Array<{ title: string; dueDate: Date; doneAt: Date | null }>;
  reports: Array<{ reportedOn: Date }>;
}

export interface ProgressReportRecord {
  id: string;
  commitmentId: string;
  status: string;
  percent: number;
  text: string;
  reportedOn: Date;
  createdAt: Date;
  authorName: string;
}

export const commitmentsDataset = defineDataset<CommitmentRecord>({
  name: "commitments",
  title: { "zh-CN": "承诺事项及其最新状态", en: "Commitments and their latest status" },
  license: "CC-BY-4.0",
  columns: [
    { name: "id", type: "text", value: (row) => row.id },
    { name: "cycle_id", type: "text", value: (row) => row.cycleId },
    { name: "proposal_id", type: "text", value: (row) => row.proposalId },
    { name: "department_id", type: "text", value: (row) => row.departmentId },
    {
      name: "department_zh",
      type: "text",
      label: { "zh-CN": "责任部门", en: "Department (Chinese)" },
      value: (row) => row.department.nameZh,
    },
    {
      name: "department_en",
      type: "text",
      label: { "zh-CN": "责任部门（英文）", en: "Department" },
      value: (row) => row.department.nameEn,
    },
    { name: "title_zh", type: "text", label: { "zh-CN": "标题", en: "Title (Chinese)" }, value: (row) => row.titleZh },
    { name: "title_en", type: "text", label: { "zh-CN": "标题（英文）", en: "Title" }, value: (row) => row.titleEn },
    {
      name: "promise_zh",
      type: "text",
      label: { "zh-CN": "承诺内容", en: "Promise (Chinese)" },
      value: (row) => row.promiseZh,
    },
    {
      name: "promise_en",
      type: "text",
      label: { "zh-CN": "承诺内容（英文）", en: "Promise" },
      value: (row) => row.promiseEn,
    },
    {
      name: "target_date",
      type: "date",
      label: { "zh-CN": "目标日期", en: "Target date" },
      value: (row) => dateToDay(row.targetDate),
    },
    { name: "status", type: "text", label: { "zh-CN": "状态", en: "Status" }, value: (row) => row.status },
    {
      name: "percent",
      type: "integer",
      label: { "zh-CN": "完成百分比", en: "Percent complete" },
      value: (row) => row.percent,
    },
    {
      name: "last_report_on",
      type: "date",
      value: (row) => (row.reports[0] ? dateToDay(row.reports[0].reportedOn) : null),
    },
    { name: "milestones_total", type: "integer", value: (row) => row.milestones.length },
    {
      name: "milestones_done",
      type: "integer",
      value: (row) => row.milestones.filter((milestone) => milestone.doneAt).length,
    },
  ],
});

export const progressReportsDataset = defineDataset<ProgressReportRecord>({
  name: "progress-reports",
  title: { "zh-CN": "进展报告", en: "Progress reports" },
  license: "CC-BY-4.0",
  columns: [
    { name: "id", type: "text", value: (row) => row.id },
    { name: "commitment_id", type: "text", value: (row) => row.commitmentId },
    {
      name: "reported_on",
      type: "date",
      label: { "zh-CN": "报告日期", en: "Date" },
      value: (row) => dateToDay(row.reportedOn),
    },
    { name: "status", type: "text", label: { "zh-CN": "状态", en: "Status" }, value: (row) => row.status },
    {
      name: "percent",
      type: "integer",
      label: { "zh-CN": "完成百分比", en: "Percent complete" },
      value: (row) => row.percent,
    },
    { name: "text", type: "text", label: { "zh-CN": "进展情况", en: "Report" }, value: (row) => row.text },
    { name: "official", type: "text", label: { "zh-CN": "发布人", en: "Posted by" }, value: (row) => row.authorName },
    { name: "posted_at", type: "datetime", value: (row) => row.createdAt },
  ],
});

/** One changed field of one change: a change to the promise and the target date is two rows with the same change_id. */
export interface CommitmentChangeRecord {
  id: string;
  commitmentId: string;
  changedAt: Date;
  authorName: string;
  reason: string;
  change: FieldChange;
}

/** Text as written, a day as "YYYY-MM-DD", milestones as "Title (YYYY-MM-DD); …". */
const changedText = (value: VersionedValue) => (Array.isArray(value) ? milestonesText(value) : value);

export const commitmentChangesDataset = defineDataset<CommitmentChangeRecord>({
  name: "commitment-changes",
  title: { "zh-CN": "承诺事项的修改记录", en: "Changes to commitments" },
  license: "CC-BY-4.0",
  columns: [
    { name: "change_id", type: "text", value: (row) => row.id },
    { name: "commitment_id", type: "text", value: (row) => row.commitmentId },
    {
      name: "changed_at",
      type: "datetime",
      label: { "zh-CN": "修改时间", en: "Changed at" },
      value: (row) => row.changedAt,
    },
    { name: "field", type: "text", label: { "zh-CN": "修改项", en: "Field" }, value: (row) => row.change.field },
    {
      name: "before",
      type: "text",
      label: { "zh-CN": "修改前", en: "Before" },
      value: (row) => changedText(row.change.before),
    },
    {
      name: "after",
      type: "text",
      label: { "zh-CN": "修改后", en: "After" },
      value: (row) => changedText(row.change.after),
    },
    { name: "reason", type: "text", label: { "zh-CN": "修改原因", en: "Reason" }, value: (row) => row.reason },
    { name: "official", type: "text", label: { "zh-CN": "修改人", en: "Changed by" }, value: (row) => row.authorName },
  ],
});
