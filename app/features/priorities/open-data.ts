// A priority vote's open data (decisions 0018 and 0024). The counts file holds, per channel, how
// many counted ballots put each candidate at each rank (or chose it), with the ballots counted and
// set aside and the terms of the vote, so that a recount needs that file alone; the results file is
// what the results page shows. No ballot is published on its own: a ballot's distinctive ranking
// would let a voter prove to a buyer how they voted (decision 0024).
import { defineDataset, type OpenDataColumn } from "~/features/open-data/dataset";
import type { CountMatrix, TallyChannel, TallyResult } from "./tally";

/** The channel as the counts file names it: paper ballots are the count's offline channel. */
export const FILE_CHANNELS: Record<TallyChannel, string> = { online: "online", offline: "paper" };

export interface CountRow {
  matrix: CountMatrix;
  channel: TallyChannel;
  /** The candidate's index in the matrix's terms. */
  index: number;
}

export const rankColumnName = (rank: number) => `rank_${rank}`;
const rankLabels = (rank: number) => ({ "zh-CN": `第 ${rank} 位`, en: `Rank ${rank}` });

/** The rank a heading of the counts file names ("rank_2", "Rank 2", "第 2 位"), or null. */
export function rankOfHeading(heading: string): number | null {
  const match = /^(?:rank_(\d{1,4})|Rank (\d{1,4})|第 (\d{1,4}) 位)$/.exec(heading.trim());
  const rank = match ? Number(match[1] ?? match[2] ?? match[3]) : 0;
  return rank >= 1 ? rank : null;
}

/** The terms, written on every row (a few dozen rows: nothing to save by writing them once). */
export const TERM_COLUMNS = ["method", "max_choices", "budget_total", "candidate_count"] as const;

/**
 * The counts file of a cycle. Its count columns depend on the method: ranked ballots have one
 * column per rank, rank_1 … rank_K (K as counted, see counting-rule.ts); approval and budget
 * ballots one, chosen. `ranks` is that K, or null for the one column.
 */
export function ballotCountsDataset(ranks: number | null) {
  const count = (name: string, label: { "zh-CN": string; en: string }, column: number): OpenDataColumn<CountRow> => ({
    name,
    type: "integer",
    label,
    value: (row) => row.matrix[row.channel].counts[row.index][column],
  });
  const counts =
    ranks === null
      ? [count("chosen", { "zh-CN": "选择该项的选票", en: "Ballots choosing it" }, 0)]
      : Array.from({ length: ranks }, (_, column) => count(rankColumnName(column + 1), rankLabels(column + 1), column));
  return defineDataset<CountRow>({
    name: "priority-ballot-counts",
    title: { "zh-CN": "年度重点投票计票（按候选项和名次）", en: "Priority vote counts by candidate and rank" },
    license: "CC-BY-4.0",
    columns: [
      {
        name: "channel",
        type: "text",
        label: { "zh-CN": "渠道", en: "Channel" },
        value: (row) => FILE_CHANNELS[row.channel],
      },
      {
        name: "ballot_number",
        type: "integer",
        label: { "zh-CN": "选票编号", en: "Ballot number" },
        value: (row) => row.matrix.terms.candidates[row.index].ballotNumber,
      },
      {
        name: "cost",
        type: "integer",
        label: { "zh-CN": "预估费用", en: "Estimated cost" },
        value: (row) => row.matrix.terms.candidates[row.index].cost,
      },
      ...counts,
      {
        name: "ballots_counted",
        type: "integer",
        label: { "zh-CN": "计入选票", en: "Ballots counted" },
        value: (row) => row.matrix[row.channel].counted,
      },
      {
        name: "ballots_set_aside",
        type: "integer",
        label: { "zh-CN": "未计入选票", en: "Ballots set aside" },
        value: (row) => row.matrix[row.channel].setAside,
      },
      {
        name: "method",
        type: "text",
        label: { "zh-CN": "投票方式", en: "Method" },
        value: (row) => row.matrix.terms.method,
      },
      {
        name: "max_choices",
        type: "integer",
        label: { "zh-CN": "最多可选", en: "Most choices (K)" },
        value: (row) => row.matrix.terms.maxChoices,
      },
      {
        name: "budget_total",
        type: "integer",
        label: { "zh-CN": "预算总额", en: "Budget total" },
        value: (row) => row.matrix.terms.budgetTotal,
      },
      {
        name: "candidate_count",
        type: "integer",
        label: { "zh-CN": "候选项数", en: "Candidates" },
        value: (row) => row.matrix.terms.candidates.length,
      },
    ],
  });
}

/** The count columns of a matrix's file: ranked, the number of ranks; otherwise null (chosen). */
export const countColumnsOf = (matrix: CountMatrix) => (matrix.terms.method === "ranked" ? matrix.columns : null);

/** The rows of the counts file: every candidate online, then every candidate on paper. */
export function countRows(matrix: CountMatrix): CountRow[] {
  const channels: TallyChannel[] = ["online", "offline"];
  return channels.flatMap((channel) => matrix.terms.candidates.map((_, index) => ({ matrix, channel, index })));
}

export interface ResultRow {
  candidate: TallyResult["candidates"][number];
  /** First preferences exist for ranked ballots only (approval and budget ballots have no order). */
  ranked: boolean;
  title: string;
  department: string | null;
}

export const resultsDataset = defineDataset<ResultRow>({
  name: "priority-results",
  title: { "zh-CN": "年度重点投票结果", en: "Priority vote results" },
  license: "CC-BY-4.0",
  columns: [
    { name: "rank", type: "integer", label: { "zh-CN": "名次", en: "Rank" }, value: (row) => row.candidate.rank },
    {
      name: "ballot_number",
      type: "integer",
      label: { "zh-CN": "选票编号", en: "Ballot number" },
      value: (row) => row.candidate.ballotNumber,
    },
    { name: "title", type: "text", label: { "zh-CN": "候选项", en: "Candidate" }, value: (row) => row.title },
    {
      name: "department",
      type: "text",
      label: { "zh-CN": "责任部门", en: "Department" },
      value: (row) => row.department,
    },
    {
      name: "cost",
      type: "integer",
      label: { "zh-CN": "预估费用", en: "Estimated cost" },
      value: (row) => row.candidate.cost,
    },
    {
      name: "online_score",
      type: "integer",
      label: { "zh-CN": "网上得分", en: "Online score" },
      value: (row) => row.candidate.online.score,
    },
    {
      name: "offline_score",
      type: "integer",
      label: { "zh-CN": "纸质得分", en: "Offline score" },
      value: (row) => row.candidate.offline.score,
    },
    {
      name: "score",
      type: "integer",
      label: { "zh-CN": "合计得分", en: "Combined score" },
      value: (row) => row.candidate.combined.score,
    },
    {
      name: "online_ballots",
      type: "integer",
      label: { "zh-CN": "网上选票", en: "Online ballots" },
      value: (row) => row.candidate.online.ballots,
    },
    {
      name: "offline_ballots",
      type: "integer",
      label: { "zh-CN": "纸质选票", en: "Offline ballots" },
      value: (row) => row.candidate.offline.ballots,
    },
    {
      name: "ballots",
      type: "integer",
      label: { "zh-CN": "合计选票", en: "Ballots" },
      value: (row) => row.candidate.combined.ballots,
    },
    {
      name: "first_preferences",
      type: "integer",
      label: { "zh-CN": "第一选择", en: "First preferences" },
      value: (row) => (row.ranked ? row.candidate.combined.firstPreferences : null),
    },
    {
      name: "funded",
      type: "boolean",
      label: { "zh-CN": "获得资金", en: "Funded" },
      value: (row) => row.candidate.funded,
    },
    {
      name: "placed_by",
      type: "text",
      label: { "zh-CN": "排序依据", en: "Placed by" },
      value: (row) => row.candidate.placedBy,
    },
  ],
});

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
    {
      name: "merged_into",
      type: "text",
      label: { "zh-CN": "合并到", en: "Merged into" },
      value: (row) => row.mergedIntoId,
    },
    {
      name: "department_zh",
      type: "text",
      label: { "zh-CN": "责任部门", en: "Department (Chinese)" },
      value: (row) => row.department?.nameZh ?? null,
    },
    {
      name: "department_en",
      type: "text",
      label: { "zh-CN": "责任部门（英文）", en: "Department" },
      value: (row) => row.department?.nameEn ?? null,
    },
    {
      name: "estimated_cost",
      type: "integer",
      label: { "zh-CN": "估算费用（元）", en: "Estimated cost (yuan)" },
      value: (row) => row.estimatedCost,
    },
    {
      name: "ballot_number",
      type: "integer",
      label: { "zh-CN": "选票编号", en: "Ballot number" },
      value: (row) => row.ballotNumber,
    },
  ],
});
