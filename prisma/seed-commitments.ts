// The demo city's commitments: last year's finished cycle (seed-cycle-2026, created by the cycles
// seed) has commitments made from its first shortlisted proposals, each with milestones and a
// few progress reports of mixed statuses, one done, so that its year-end report has something
// to show. Skipped, with a line, when that cycle is missing; skipped when its commitments exist.
import type { Db } from "../app/db.server";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const DAY = 86_400_000;
export const SEED_CYCLE_2026 = "seed-cycle-2026";

/** Midnight UTC of the day `days` after `from`: days are stored that way (see schemas.ts). */
const dayAfter = (from: Date, days: number) => {
  const date = new Date(from.getTime() + days * DAY);
  date.setUTCHours(0, 0, 0, 0);
  return date;
};

// [status, percent, Chinese text] per report, oldest first; the last one is the commitment's state.
type Report = [string, number, string];
const STORIES: Array<{
  promiseZh: string;
  promiseEn: string;
  milestones: Array<[string, number, boolean]>;
  reports: Report[];
}> = [
  {
    promiseZh: "年内完成项目全部建设内容，完工后组织居民验收并公布结果。",
    promiseEn:
      "All construction work is finished within the year; residents inspect the result and the findings are published.",
    milestones: [
      ["完成方案设计与公示", 60, true],
      ["施工单位进场", 120, true],
      ["居民参与验收", 280, true],
    ],
    reports: [
      ["onTrack", 30, "方案设计已完成并在社区公示栏公示十五天，共收到居民意见四十二条，已逐条答复。"],
      ["onTrack", 70, "施工单位已进场，主体工程完成七成，施工期间每周五在社区通报进度。"],
      ["done", 100, "全部工程已完工，12名居民代表参与验收，验收意见已在街道网站公布。"],
    ],
  },
  {
    promiseZh: "分两批完成改造，第一批年中前完工，第二批年底前完工。",
    promiseEn: "The work is done in two batches: the first by mid-year, the second by the end of the year.",
    milestones: [
      ["第一批完工", 150, true],
      ["第二批开工", 200, true],
      ["第二批完工", 330, false],
    ],
    reports: [
      ["onTrack", 25, "第一批点位已确定，共18处，施工计划已报区住建部门备案。"],
      ["onTrack", 55, "第一批18处已全部完工并投入使用，第二批开始招标。"],
      ["onTrack", 75, "第二批施工进展顺利，预计按期完成。"],
    ],
  },
  {
    promiseZh: "协调相关单位落实场地与资金，年底前投入使用。",
    promiseEn:
      "The department secures the site and the funds with the other bodies involved, and opens it before the end of the year.",
    milestones: [
      ["落实场地", 90, true],
      ["完成招标", 180, false],
      ["投入使用", 330, false],
    ],
    reports: [
      ["onTrack", 20, "场地已与产权单位签订使用协议。"],
      ["atRisk", 35, "招标两次流标，正在调整招标条件，完工时间存在推迟风险。"],
    ],
  },
  {
    promiseZh: "完成前期论证和居民意见征集后实施，年底前完成主体工程。",
    promiseEn:
      "After the feasibility study and a round of residents' comments, the main works are done before the end of the year.",
    milestones: [
      ["完成可行性论证", 100, true],
      ["主体工程完工", 320, false],
    ],
    reports: [
      ["onTrack", 15, "可行性论证已启动，委托第三方机构开展调研。"],
      ["delayed", 30, "因地下管线情况复杂，需与管线单位重新协调，主体工程将推迟至明年一季度完成。"],
      ["delayed", 40, "管线迁改方案已确定，正在办理审批手续，预计明年三月完工。"],
      ["delayed", 45, "审批手续已完成一半，施工准备工作同步进行。"],
    ],
  },
  {
    promiseZh: "建立长效管理机制，每季度向居民公布运行情况。",
    promiseEn: "A lasting way of running it is set up, and residents hear how it works every quarter.",
    milestones: [
      ["出台管理办法", 120, true],
      ["首次季度公布", 200, true],
    ],
    reports: [
      ["onTrack", 40, "管理办法已经区政府常务会审议通过。"],
      ["onTrack", 80, "第一季度运行情况已公布，居民满意度为百分之九十一。"],
    ],
  },
];

export async function seedCommitments(tx: Tx, people: { officialId: string; residentIds: string[] }) {
  const cycle = await tx.cycle.findUnique({ where: { id: SEED_CYCLE_2026 } });
  if (!cycle) {
    console.log(`Commitments seed skipped: the cycle ${SEED_CYCLE_2026} does not exist.`);
    return;
  }
  if ((await tx.commitment.count({ where: { cycleId: cycle.id } })) > 0) return;
  const proposals = await tx.proposal.findMany({
    where: { cycleId: cycle.id, status: "shortlisted", departmentId: { not: null } },
    orderBy: { ballotNumber: "asc" },
    take: STORIES.length,
    include: { department: true },
  });
  const official = await tx.user.findUnique({ where: { id: people.officialId }, include: { memberships: true } });
  const officialDepartments = new Set(official?.memberships.map((membership) => membership.departmentId));
  const start = cycle.implementationStartsAt;
  const now = Date.now();
  for (const [index, proposal] of proposals.entries()) {
    const story = STORIES[index]!;
    const department = proposal.department!;
    // The demo official speaks for their own departments; the others' reports carry a name of
    // their own, with no account behind it.
    const author =
      official && officialDepartments.has(department.id)
        ? { authorId: official.id, authorName: official.displayName }
        : { authorId: null, authorName: `${department.nameZh}工作人员` };
    // Reports spread over the implementation phase, never dated after today.
    const span = Math.max(1, Math.min(330, Math.floor((now - start.getTime()) / DAY) - 1));
    const commitment = await tx.commitment.create({
      data: {
        cycleId: cycle.id,
        proposalId: proposal.id,
        departmentId: department.id,
        titleZh: proposal.title,
        titleEn: proposal.title,
        promiseZh: `${department.nameZh}承诺：${story.promiseZh}`,
        promiseEn: `The ${department.nameEn} promises: ${story.promiseEn}`,
        targetDate: dayAfter(start, 330),
        milestones: {
          create: story.milestones.map(([title, dueDays, done], position) => ({
            position,
            title,
            dueDate: dayAfter(start, dueDays),
            doneAt: done ? new Date(Math.min(now, start.getTime() + dueDays * DAY)) : null,
          })),
        },
      },
    });
    for (const [position, [status, percent, text]] of story.reports.entries()) {
      const reportedOn = dayAfter(start, Math.round(((position + 1) * span) / (story.reports.length + 1)));
      await tx.progressReport.create({
        data: {
          commitmentId: commitment.id,
          ...author,
          status,
          percent,
          text,
          reportedOn,
          createdAt: new Date(reportedOn.getTime() + 3 * 3_600_000),
        },
      });
    }
    const [status, percent] = story.reports.at(-1)!;
    await tx.commitment.update({ where: { id: commitment.id }, data: { status, percent } });
    // The first demo resident follows the first commitment, so that the demo shows following.
    if (index === 0 && people.residentIds[0])
      await tx.commitmentFollower.create({ data: { commitmentId: commitment.id, userId: people.residentIds[0] } });
  }
  console.log(`Commitments seed: ${proposals.length} commitments for ${SEED_CYCLE_2026}.`);
}
