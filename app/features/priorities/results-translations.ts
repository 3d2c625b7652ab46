// The words of the results page, the counting rule (ballot and results pages alike), the published counts, in both languages; nested under `priorities.` by ./translations.ts.
const en = {
  title: "Results",
  backToCycle: "Back to {{title}}",
  notYet: "Results appear when voting closes on {{date}}.",
  notYetHint: "Until then no figures are shown, so that no one's vote is swayed by a running count.",
  summaryHeading: "Turnout",
  ballotsCounted: "{{total}} ballots counted: {{online}} online and {{offline}} on paper.",
  turnout:
    "Turnout: {{percent}} of the {{verified}} people who could vote, counted when voting closed: the residents of {{area}} verified then, and those handed a paper ballot, each person once.",
  turnoutUnknown: "Turnout cannot be given: nobody could vote in {{area}} when voting closed.",
  invalid:
    "Ballots set aside for breaking the rules: {{number}}. They are not among the ballots counted and give no points.",
  allPaperCounted: "Every batch of paper ballots was confirmed by a second member of counter staff and is counted.",
  uncountedBatches_one: "{{count}} batch of paper ballots ({{ballots}} ballots) is not counted:",
  uncountedBatches_other: "{{count}} batches of paper ballots ({{ballots}} ballots) are not counted:",
  batchUnconfirmed_one:
    "{{label}}: {{count}} ballot, not confirmed by a second member of counter staff before voting closed",
  batchUnconfirmed_other:
    "{{label}}: {{count}} ballots, not confirmed by a second member of counter staff before voting closed",
  batchExcluded_one: "{{label}}: {{count}} ballot, left out by a correction (below)",
  batchExcluded_other: "{{label}}: {{count}} ballots, left out by a correction (below)",
  correctionsHeading: "Corrections",
  correctedOn: "Corrected on {{date}}:",
  correctionReason: "Reason: {{reason}}",
  previousResult: "The result as published before this correction",
  rankingHeading: "Ranking",
  empty: "No candidate was shortlisted for this vote.",
  rank: "Rank",
  candidate: "Candidate",
  ballotNumber: "No. {{number}}",
  department: "Department",
  cost: "Estimated cost",
  costValue: "¥{{amount}}",
  online: "Online",
  offline: "Offline",
  combined: "Combined",
  points: "Points",
  ballots: "Ballots",
  firstPreferences: "First preferences",
  funded: "Funded",
  fundedYes: "Funded",
  fundedNo: "Not funded",
  placedBy: {
    firstPreferences: "Tie on points: placed by first preferences.",
    ballots: "Tie on points: placed by the number of ballots naming it.",
    ballotNumber: "Tie: placed by the lower ballot number.",
  },
  fundedCost: "Funded: ¥{{funded}} of the ¥{{total}} budget.",
  chartTitle: "Points by candidate, online and offline",
  chartSummary: "{{first}} leads with {{points}} points. Online and offline points are stacked in each bar.",
  byRankHeading: "Ballots by rank",
  byRankHint:
    "How many counted ballots, online and paper together, put each candidate at each rank. A candidate's points are each of these numbers times that rank's points, added up.",
  howCounted: "How the votes were counted",
  rule: {
    approval_one:
      "Each ballot may choose {{count}} candidate. Each candidate chosen gets one point, and each candidate's points from all counted ballots are added up.",
    approval_other:
      "Each ballot may choose up to {{count}} candidates. Each candidate chosen gets one point, and each candidate's points from all counted ballots are added up.",
    ranked_one: "Each ballot may rank {{count}} candidate.",
    ranked_other: "Each ballot may rank up to {{count}} candidates, 1 for the favourite.",
    rankedCapped_one:
      "The vote allows {{set}} ranks, but only {{count}} candidate is on the ballot, so there is only rank 1.",
    rankedCapped_other:
      "The vote allows {{set}} ranks, but only {{count}} candidates are on the ballot, so ranks run from 1 to {{count}} and the points start from {{count}}.",
    rankedNoLimit_one: "The vote sets no limit, and {{count}} candidate is on the ballot, so there is only rank 1.",
    rankedNoLimit_other:
      "The vote sets no limit, so ranks run from 1 to {{count}}, the number of candidates on the ballot.",
    points:
      "Points for each rank: {{list}}. A candidate that a ballot leaves unranked gets nothing from it. Each candidate's points from all counted ballots are added up (Borda count).",
    pointsForRank_one: "rank {{rank}}: {{count}} point",
    pointsForRank_other: "rank {{rank}}: {{count}} points",
    budget:
      "Each ballot may choose candidates whose estimated costs add up to at most ¥{{total}}. Each candidate chosen gets one point, and each candidate's points from all counted ballots are added up.",
    budgetNoTotal:
      "This vote sets no budget total, so a ballot may choose any candidates. Each candidate chosen gets one point, and each candidate's points from all counted ballots are added up.",
    funding:
      "Then, going down the ranking, a candidate is funded if its estimated cost fits in what is left of the budget; one that no longer fits is skipped and the next ones are still tried.",
    unestimated_one:
      "No. {{numbers}} has no cost estimate: on a ballot it counts as ¥0 against the total, and it cannot be funded.",
    unestimated_other:
      "Nos. {{numbers}} have no cost estimate: on a ballot they count as ¥0 against the total, and they cannot be funded.",
    valid:
      "A ballot counts only if it names at least one candidate on the ballot, none twice, within the limit. A ballot that breaks these rules is set aside: it is not counted and gives no points. Online ballots count; paper ballots count once a second member of counter staff has confirmed their batch. A resident's last online ballot is the one that counts.",
    ties: "Ties are broken in this order: more points; for ranked ballots, more first choices (rank 1); more ballots naming the candidate; the lower ballot number.",
    advice:
      "The vote does not set how many candidates become priorities. The ranking is the residents' advice: the government then names the priorities it commits to, each with a responsible department, and reports on them under Commitments.",
  },
  commitmentsLink: "The commitments made from this vote",
  downloadsHeading: "Check the count yourself",
  canCheck:
    "What you can check: that every figure on this page follows from the published ballot counts by the rule above. The ballot counts give, for online and paper ballots apart, how many counted ballots put each candidate at each rank (or chose it), how many ballots were counted and how many set aside, and the terms of the vote. Adding them up as the rule says gives the points, the ranking and the order of any tie.",
  cannotCheck:
    "What nobody can check: how one person voted. No ballot is published on its own, by design, so you cannot look up your own ballot, and nobody can prove to anyone else how they voted. That is what keeps a vote from being bought or forced.",
  recountHint:
    "Anyone can download the ballot counts and recount them with the forum's published recount tool, from that file alone and without a database; the tool refuses a file whose counts do not add up.",
  resultsData: "Results",
  countsData: "Ballot counts by candidate and rank",
};

const zh: typeof en = {
  title: "投票结果",
  backToCycle: "返回{{title}}",
  notYet: "投票于{{date}}结束后公布结果。",
  notYetHint: "在此之前不显示任何数字，以免实时计数影响投票。",
  summaryHeading: "投票率",
  ballotsCounted: "共计入 {{total}} 张选票：网上 {{online}} 张，纸质 {{offline}} 张。",
  turnout:
    "投票率：{{percent}}，以投票结束时有投票资格的 {{verified}} 人计：当时{{area}}已核验的居民及领取了纸质选票的人，每人只计一次。",
  turnoutUnknown: "无法计算投票率：投票结束时{{area}}没有人有投票资格。",
  invalid: "因不符合规则而未计入的选票：{{number}} 张。它们不在计入的选票之中，也不得分。",
  allPaperCounted: "所有纸质选票批次均已由第二名窗口工作人员确认并计入。",
  uncountedBatches_one: "{{count}} 个纸质选票批次（{{ballots}} 张选票）未计入：",
  uncountedBatches_other: "{{count}} 个纸质选票批次（{{ballots}} 张选票）未计入：",
  batchUnconfirmed_one: "{{label}}：{{count}} 张选票，投票结束前未经第二名窗口工作人员确认",
  batchUnconfirmed_other: "{{label}}：{{count}} 张选票，投票结束前未经第二名窗口工作人员确认",
  batchExcluded_one: "{{label}}：{{count}} 张选票，已按更正（见下文）排除",
  batchExcluded_other: "{{label}}：{{count}} 张选票，已按更正（见下文）排除",
  correctionsHeading: "更正",
  correctedOn: "{{date}}更正：",
  correctionReason: "理由：{{reason}}",
  previousResult: "更正前公布的结果",
  rankingHeading: "排名",
  empty: "本次投票没有入围的候选项。",
  rank: "名次",
  candidate: "候选项",
  ballotNumber: "{{number}} 号",
  department: "责任部门",
  cost: "预估费用",
  costValue: "{{amount}} 元",
  online: "网上",
  offline: "纸质",
  combined: "合计",
  points: "得分",
  ballots: "选票",
  firstPreferences: "第一选择",
  funded: "获得资金",
  fundedYes: "获得资金",
  fundedNo: "未获资金",
  placedBy: {
    firstPreferences: "得分相同：按第一选择票数排序。",
    ballots: "得分相同：按选择该项的选票数排序。",
    ballotNumber: "并列：按较小的选票编号排序。",
  },
  fundedCost: "已安排资金：¥{{funded}}，预算总额 ¥{{total}}。",
  chartTitle: "各候选项得分（网上与纸质）",
  chartSummary: "{{first}}以 {{points}} 分领先。每条中网上与纸质得分叠加显示。",
  byRankHeading: "各名次的选票数",
  byRankHint:
    "网上和纸质合计，每个候选项在各名次上的计入选票数。候选项的得分等于各名次的选票数乘以该名次的分数，再相加。",
  howCounted: "计票方法",
  rule: {
    approval_one: "每张选票可选 {{count}} 个候选项。每个被选中的候选项得 1 分，各候选项在所有计入选票中的得分相加。",
    approval_other:
      "每张选票最多可选 {{count}} 个候选项。每个被选中的候选项得 1 分，各候选项在所有计入选票中的得分相加。",
    ranked_one: "每张选票可为 {{count}} 个候选项排序。",
    ranked_other: "每张选票最多可为 {{count}} 个候选项排序，1 表示最支持。",
    rankedCapped_one: "本次投票允许排 {{set}} 位，但选票上只有 {{count}} 个候选项，因此只有第 1 位。",
    rankedCapped_other:
      "本次投票允许排 {{set}} 位，但选票上只有 {{count}} 个候选项，因此名次为第 1 至第 {{count}} 位，得分从 {{count}} 分起算。",
    rankedNoLimit_one: "本次投票未设排序上限，选票上只有 {{count}} 个候选项，因此只有第 1 位。",
    rankedNoLimit_other: "本次投票未设排序上限，因此名次为第 1 至第 {{count}} 位，即选票上候选项的数量。",
    points: "各名次得分：{{list}}。选票未排序的候选项不从该票得分。各候选项在所有计入选票中的得分相加（博尔达计分）。",
    pointsForRank_one: "第 {{rank}} 位 {{count}} 分",
    pointsForRank_other: "第 {{rank}} 位 {{count}} 分",
    budget:
      "每张选票所选候选项的预估费用合计不得超过 ¥{{total}}。每个被选中的候选项得 1 分，各候选项在所有计入选票中的得分相加。",
    budgetNoTotal:
      "本次投票未设预算总额，每张选票可选择任意候选项。每个被选中的候选项得 1 分，各候选项在所有计入选票中的得分相加。",
    funding: "然后按排名依次安排资金：预估费用在剩余预算之内的候选项获得资金；放不下的跳过，继续尝试后面的候选项。",
    unestimated_one: "{{numbers}} 号没有预估费用：在选票上按 0 元计入合计，且不能获得资金。",
    unestimated_other: "{{numbers}} 号没有预估费用：在选票上按 0 元计入合计，且不能获得资金。",
    valid:
      "选票只有在至少选择一个选票上的候选项、没有重复且不超过上限时才计入。不符合这些规则的选票不计入，也不得分。网上选票计入；纸质选票在其批次由第二名窗口工作人员确认后计入。居民最后一次提交的网上选票有效。",
    ties: "平分时依次比较：得分较高者；排序投票时第一选择（第 1 位）较多者；选择该项的选票较多者；选票编号较小者。",
    advice:
      "投票并不决定多少个候选项成为年度重点。排名是居民的建议：随后由政府确定承诺落实的重点，每项注明责任部门，并在“承诺事项”中报告进展。",
  },
  commitmentsLink: "由本次投票产生的承诺事项",
  downloadsHeading: "自己核对计票",
  canCheck:
    "您可以核对的：本页的每一个数字是否按上述规则由公布的计票数据得出。计票数据分网上和纸质两个渠道，列出每个候选项在各名次上（或被选中）的计入选票数、计入和未计入的选票数，以及本次投票的规则。按规则相加，即可得到得分、排名以及并列时的先后。",
  cannotCheck:
    "任何人都无法核对的：某一个人投了什么。按照设计，不单独公布任何一张选票，因此您查不到自己的选票，也没有人能向他人证明自己投了什么。这样，投票就无法被收买或强迫。",
  recountHint:
    "任何人都可以下载计票数据，用本站公开的重新计票工具仅凭该文件重新计票，无需数据库；数字对不上的文件会被拒绝。",
  resultsData: "投票结果",
  countsData: "按候选项和名次的计票数据",
};

export const resultsTranslations = { en, zh };
