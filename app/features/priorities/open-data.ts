// A priority vote's open data (decision 0018). The ballots file holds the counted ballots (online,
// and paper ballots of confirmed batches) and the cycle's terms, so that a recount needs that file
// alone; the results file is what the results page shows. Neither holds anything that links a
// ballot to a voter: no account, no batch, no time finer than the day, rows in random order.
import { defineDataset, type OpenDataRecord } from "~/features/open-data/dataset";
import { TALLY_METHODS, type TallyMethod, type TallyResult, type TallyTerms } from "./tally";

export interface BallotRow {
  publicId: string;
  channel: string;
  castOn: string;
  choices: string;
  /** The cycle's candidates, written on the first row only (see `candidatesText`). */
  candidates: string | null;
  terms: TallyTerms;
}

/**
 * The candidates and their costs as one cell: ballot numbers separated by spaces, each with
 * ":cost" when it has one ("1:1200000 2:800000 3"). Written once, on the first row, rather than
 * on a million rows; the terms that are short (method, K, budget) are on every row.
 */
export function candidatesText(terms: TallyTerms): string {
  return terms.candidates.map(({ ballotNumber, cost }) => (cost === null ? `${ballotNumber}` : `${ballotNumber}:${cost}`)).join(" ");
}

export const ballotsDataset = defineDataset<BallotRow>({
  name: "priority-ballots",
  title: { "zh-CN": "年度重点投票选票（匿名）", en: "Priority vote ballots (anonymised)" },
  license: "CC-BY-4.0",
  columns: [
    { name: "ballot_id", type: "text", label: { "zh-CN": "选票编号", en: "Ballot id" }, value: (row) => row.publicId },
    { name: "channel", type: "text", label: { "zh-CN": "渠道", en: "Channel" }, value: (row) => row.channel },
    { name: "cast_on", type: "date", label: { "zh-CN": "投票日期", en: "Cast on" }, value: (row) => row.castOn },
    { name: "choices", type: "text", label: { "zh-CN": "选择", en: "Choices" }, value: (row) => row.choices },
    { name: "method", type: "text", label: { "zh-CN": "投票方式", en: "Method" }, value: (row) => row.terms.method },
    { name: "max_choices", type: "integer", label: { "zh-CN": "最多可选", en: "Most choices (K)" }, value: (row) => row.terms.maxChoices },
    { name: "budget_total", type: "integer", label: { "zh-CN": "预算总额", en: "Budget total" }, value: (row) => row.terms.budgetTotal },
    { name: "candidates", type: "text", label: { "zh-CN": "候选项", en: "Candidates" }, value: (row) => row.candidates },
  ],
});

export interface ResultRow {
  candidate: TallyResult["candidates"][number];
  title: string;
  department: string | null;
}

export const resultsDataset = defineDataset<ResultRow>({
  name: "priority-results",
  title: { "zh-CN": "年度重点投票结果", en: "Priority vote results" },
  license: "CC-BY-4.0",
  columns: [
    { name: "rank", type: "integer", label: { "zh-CN": "名次", en: "Rank" }, value: (row) => row.candidate.rank },
    { name: "ballot_number", type: "integer", label: { "zh-CN": "选票编号", en: "Ballot number" }, value: (row) => row.candidate.ballotNumber },
    { name: "title", type: "text", label: { "zh-CN": "候选项", en: "Candidate" }, value: (row) => row.title },
    { name: "department", type: "text", label: { "zh-CN": "责任部门", en: "Department" }, value: (row) => row.department },
    { name: "cost", type: "integer", label: { "zh-CN": "预估费用", en: "Estimated cost" }, value: (row) => row.candidate.cost },
    { name: "online_score", type: "integer", label: { "zh-CN": "线上得分", en: "Online score" }, value: (row) => row.candidate.online.score },
    { name: "offline_score", type: "integer", label: { "zh-CN": "线下得分", en: "Offline score" }, value: (row) => row.candidate.offline.score },
    { name: "score", type: "integer", label: { "zh-CN": "合计得分", en: "Combined score" }, value: (row) => row.candidate.combined.score },
    { name: "online_ballots", type: "integer", label: { "zh-CN": "线上选票", en: "Online ballots" }, value: (row) => row.candidate.online.ballots },
    { name: "offline_ballots", type: "integer", label: { "zh-CN": "线下选票", en: "Offline ballots" }, value: (row) => row.candidate.offline.ballots },
    { name: "ballots", type: "integer", label: { "zh-CN": "合计选票", en: "Ballots" }, value: (row) => row.candidate.combined.ballots },
    { name: "first_preferences", type: "integer", label: { "zh-CN": "第一选择", en: "First preferences" }, value: (row) => row.candidate.combined.firstPreferences },
    { name: "funded", type: "boolean", label: { "zh-CN": "获得资金", en: "Funded" }, value: (row) => row.candidate.funded },
    { name: "placed_by", type: "text", label: { "zh-CN": "排序依据", en: "Placed by" }, value: (row) => row.candidate.placedBy },
  ],
});

/** The terms and ballots of a downloaded ballots file, read back for a recount. */
export function ballotsFromOpenData(records: OpenDataRecord[]): { terms: TallyTerms | null; ballots: { channel: "online" | "offline"; choices: string }[] } {
  if (records.length === 0) return { terms: null, ballots: [] };
  const head = records.find((record) => record.candidates !== null) ?? records[0];
  const method = String(head.method) as TallyMethod;
  if (!TALLY_METHODS.includes(method)) throw new Error(`Unknown ballot method "${String(head.method)}"`);
  const candidates = String(head.candidates ?? "")
    .split(" ")
    .filter(Boolean)
    .map((entry) => {
      const [number, cost] = entry.split(":");
      return { ballotNumber: Number(number), cost: cost === undefined ? null : Number(cost) };
    });
  if (candidates.some((candidate) => !Number.isSafeInteger(candidate.ballotNumber) || (candidate.cost !== null && !Number.isFinite(candidate.cost)))) {
    throw new Error(`The candidates cell "${String(head.candidates)}" is not a list like "1:1200000 2 3:500000"`);
  }
  const terms: TallyTerms = {
    method,
    maxChoices: head.max_choices === null ? null : Number(head.max_choices),
    budgetTotal: head.budget_total === null ? null : Number(head.budget_total),
    candidates,
  };
  const ballots = records.map((record) => ({
    channel: record.channel === "online" ? ("online" as const) : ("offline" as const),
    choices: record.choices === null ? "" : String(record.choices),
  }));
  return { terms, ballots };
}

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
