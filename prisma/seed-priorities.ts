// The demo city's priority cycles (docs/decisions/0016): the Haidian district with one sub-district, last
// year's finished cycle (in its year-end report phase, ranked ballot) and this year's cycle (in
// its vote, approval ballot), with proposals from every channel that review merged, declined
// and shortlisted. Fixed ids, so that the voting and commitments seeds can find them.
import type { Db } from "../app/db.server";
import { foldForSearch } from "../app/features/accounts/display-name";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const DAY = 24 * 3_600_000;

export const SEED_AREA_SLUG = "haidian";
export const SEED_CYCLE_LAST_YEAR = "seed-cycle-2026";
export const SEED_CYCLE_THIS_YEAR = "seed-cycle-2027";
export const SEED_CYCLE_BUDGET = "seed-cycle-2026-zgc";

// [title, description, category, channel, department slug or null, cost in yuan or null, fate]
// fate: "shortlisted" | "declined: response" | "merged:<index of the kept one>" | "submitted"
type Row = [string, string, string, string, string | null, number | null, string];

const LAST_YEAR: Row[] = [
  [
    "老旧小区加装电梯",
    "为六层以下无电梯的老旧住宅楼加装电梯，方便老人上下楼。",
    "housing",
    "online",
    "housing",
    48_000_000,
    "shortlisted",
  ],
  [
    "学校周边交通安全改造",
    "在中小学门口增设护学岗、减速带和接送车位，缓解上下学拥堵。",
    "transport",
    "paper",
    "transport",
    12_000_000,
    "shortlisted",
  ],
  [
    "社区养老服务驿站",
    "每个街道至少建设一处养老服务驿站，提供助餐、助浴和日间照料。",
    "elderly",
    "meeting",
    "civil-affairs",
    30_000_000,
    "shortlisted",
  ],
  [
    "河道生态治理",
    "治理辖区内小月河等河道水质，建设滨水步道。",
    "environment",
    "online",
    "environment",
    65_000_000,
    "shortlisted",
  ],
  [
    "增设公共充电桩",
    "在小区和公共停车场增设电动汽车和电动自行车充电设施，消除飞线充电隐患。",
    "transport",
    "hotline",
    "transport",
    9_000_000,
    "shortlisted",
  ],
  [
    "社区卫生服务中心夜间门诊",
    "在人口密集的街道开设社区夜间门诊，方便上班族就医。",
    "health",
    "online",
    "civil-affairs",
    15_000_000,
    "shortlisted",
  ],
  [
    "中小学课后服务扩容",
    "增加课后托管名额和兴趣课程，覆盖更多双职工家庭。",
    "education",
    "paper",
    "education",
    20_000_000,
    "shortlisted",
  ],
  [
    "口袋公园建设",
    "利用边角地建设十个口袋公园，增加居民身边的休闲绿地。",
    "environment",
    "online",
    "environment",
    18_000_000,
    "shortlisted",
  ],
  [
    "背街小巷环境整治",
    "整治背街小巷的乱停车、乱堆物和破损路面。",
    "housing",
    "meeting",
    "housing",
    11_000_000,
    "shortlisted",
  ],
  [
    "老楼加装电梯补贴",
    "希望政府为老楼加装电梯提供补贴，我们楼的老人爬楼太辛苦。",
    "housing",
    "paper",
    null,
    null,
    "merged:0",
  ],
  [
    "修建区级体育场",
    "建议新建一座可容纳五万人的区级体育场。",
    "culture",
    "online",
    null,
    null,
    "declined: 该项目投资规模超出区级财力，且已有市级体育场馆规划覆盖本区，本年度不予采纳。",
  ],
  [
    "取消小区停车收费",
    "建议取消所有小区的停车收费。",
    "transport",
    "hotline",
    null,
    null,
    "declined: 小区停车收费属于业主自治和物业管理事项，不属于区政府年度工作重点范围。",
  ],
];

const THIS_YEAR: Row[] = [
  [
    "地铁站接驳公交优化",
    "调整地铁站周边接驳公交线路和发车间隔，解决最后一公里出行难。",
    "transport",
    "online",
    "transport",
    8_000_000,
    "shortlisted",
  ],
  [
    "老旧小区雨污分流改造",
    "对易积水的老旧小区实施雨污分流和排水管网改造。",
    "housing",
    "meeting",
    "housing",
    42_000_000,
    "shortlisted",
  ],
  [
    "社区食堂覆盖所有街道",
    "为老年人提供价格实惠的助餐服务，每个街道至少一处社区食堂。",
    "elderly",
    "paper",
    "civil-affairs",
    16_000_000,
    "shortlisted",
  ],
  [
    "学校操场课后向社区开放",
    "在保证安全的前提下，周末和假期向居民开放中小学体育场地。",
    "education",
    "online",
    "education",
    3_000_000,
    "shortlisted",
  ],
  [
    "垃圾分类驿站升级",
    "升级小区垃圾分类驿站，增加除臭设施和定时定点投放指导。",
    "environment",
    "hotline",
    "environment",
    6_500_000,
    "shortlisted",
  ],
  [
    "无障碍设施改造",
    "对人行天桥、地下通道和公共建筑出入口进行无障碍改造。",
    "safety",
    "online",
    "transport",
    22_000_000,
    "shortlisted",
  ],
  ["天桥加装电梯", "希望人行天桥加装电梯，轮椅和推婴儿车的居民过街太难。", "safety", "paper", null, null, "merged:5"],
  [
    "建设室内滑雪场",
    "建议在区内建设一座大型室内滑雪场。",
    "culture",
    "online",
    null,
    null,
    "declined: 该项目适合由市场主体投资建设，不列入政府年度工作重点。",
  ],
];

// The sub-district's participatory budget: residents choose projects within a total.
const BUDGET: Row[] = [
  [
    "街心花园改造",
    "改造中关村大街街心花园，增加座椅、遮阳和儿童游乐设施。",
    "environment",
    "online",
    "environment",
    12_000_000,
    "shortlisted",
  ],
  [
    "社区图书室延长开放",
    "社区图书室晚间和周末开放，增加少儿读物。",
    "culture",
    "paper",
    "education",
    2_500_000,
    "shortlisted",
  ],
  ["老年人助餐点", "在两个社区增设老年人助餐点。", "elderly", "meeting", "civil-affairs", 8_000_000, "shortlisted"],
  [
    "非机动车停车棚",
    "在地铁站口建设带充电的非机动车停车棚。",
    "transport",
    "online",
    "transport",
    6_000_000,
    "shortlisted",
  ],
  ["楼道照明节能改造", "为老旧楼道更换声控节能灯。", "housing", "hotline", "housing", 1_800_000, "shortlisted"],
  ["社区篮球场翻新", "翻新社区篮球场地面和照明。", "culture", "online", "education", 4_500_000, "shortlisted"],
];

async function seedCycle(
  tx: Tx,
  cycle: {
    id: string;
    areaId: string;
    titleZh: string;
    titleEn: string;
    summaryZh: string;
    summaryEn: string;
    ballotMethod: string;
    maxChoices: number | null;
    budgetTotal?: number;
    starts: number[];
  },
  rows: Row[],
  people: SeedPeople,
) {
  // Each phase starts at midnight in Beijing, as an administrator would set it.
  const BEIJING = 8 * 3_600_000;
  const midnight = (offset: number) =>
    new Date(Math.floor((Date.now() + offset * DAY + BEIJING) / DAY) * DAY - BEIJING);
  const [collect, review, vote, results, implementation, report] = cycle.starts.map(midnight);
  await tx.cycle.create({
    data: {
      id: cycle.id,
      areaId: cycle.areaId,
      titleZh: cycle.titleZh,
      titleEn: cycle.titleEn,
      summaryZh: cycle.summaryZh,
      summaryEn: cycle.summaryEn,
      ballotMethod: cycle.ballotMethod,
      maxChoices: cycle.maxChoices,
      budgetTotal: cycle.budgetTotal ?? null,
      collectStartsAt: collect!,
      reviewStartsAt: review!,
      voteStartsAt: vote!,
      resultsStartsAt: results!,
      implementationStartsAt: implementation!,
      reportStartsAt: report!,
      createdById: people.adminId,
    },
  });
  let ballotNumber = 0;
  const ids = rows.map((_, index) => `${cycle.id}-p${String(index + 1).padStart(2, "0")}`);
  // The kept proposals first, so a merged one can point to its kept one.
  const order = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => Number(a.row[6].startsWith("merged")) - Number(b.row[6].startsWith("merged")));
  for (const { row, index } of order) {
    const [title, description, category, channel, department, cost, fate] = row;
    const online = channel === "online";
    const residentId = people.residentIds[index % people.residentIds.length]!;
    const createdAt = new Date(collect!.getTime() + (index + 1) * 3_600_000 * 7);
    const shortlisted = fate === "shortlisted";
    await tx.proposal.create({
      data: {
        id: ids[index]!,
        cycleId: cycle.id,
        authorId: online ? residentId : null,
        enteredById: online ? null : people.counterId,
        channel,
        title,
        description,
        category,
        searchText: foldForSearch(`${title}\n${description}`),
        status: shortlisted
          ? "shortlisted"
          : fate.startsWith("declined")
            ? "declined"
            : fate.startsWith("merged")
              ? "merged"
              : "submitted",
        response: fate.startsWith("declined: ") ? fate.slice("declined: ".length) : null,
        mergedIntoId: fate.startsWith("merged:") ? ids[Number(fate.slice("merged:".length))]! : null,
        departmentId: shortlisted && department ? people.departments.get(department)! : null,
        estimatedCost: shortlisted ? cost : null,
        ballotNumber: shortlisted ? ++ballotNumber : null,
        reviewedAt: fate === "submitted" ? null : new Date(review!.getTime() + (index + 1) * 3_600_000),
        createdAt,
      },
    });
  }
}

export interface SeedPeople {
  departments: Map<string, string>;
  adminId: string | null;
  counterId: string | null;
  residentIds: string[];
}

/** Seeds the areas and both cycles; a second run finds them and changes nothing. */
export async function seedPriorities(tx: Tx, people: SeedPeople): Promise<boolean> {
  if (await tx.cycle.findUnique({ where: { id: SEED_CYCLE_LAST_YEAR }, select: { id: true } })) return false;
  const area = await tx.area.upsert({
    where: { slug: SEED_AREA_SLUG },
    update: {},
    create: { slug: SEED_AREA_SLUG, nameZh: "海淀区", nameEn: "Haidian District" },
  });
  const subdistrict = await tx.area.upsert({
    where: { slug: "haidian-zhongguancun" },
    update: {},
    create: { slug: "haidian-zhongguancun", nameZh: "海淀区中关村街道", nameEn: "Zhongguancun Subdistrict, Haidian" },
  });
  await seedCycle(
    tx,
    {
      id: SEED_CYCLE_LAST_YEAR,
      areaId: area.id,
      titleZh: "2026年区政府工作重点",
      titleEn: "2026 district work priorities",
      summaryZh: "居民提出、投票选出的2026年海淀区政府工作重点，以及各项承诺的落实情况。",
      summaryEn:
        "The Haidian district government's 2026 work priorities, proposed and chosen by residents, and how each commitment was kept.",
      ballotMethod: "ranked",
      maxChoices: 5,
      starts: [-330, -300, -280, -260, -250, -10],
    },
    LAST_YEAR,
    people,
  );
  await seedCycle(
    tx,
    {
      id: SEED_CYCLE_THIS_YEAR,
      areaId: area.id,
      titleZh: "2027年区政府工作重点",
      titleEn: "2027 district work priorities",
      summaryZh: "请为2027年海淀区政府工作重点投票：每人最多选择三项。",
      summaryEn: "Vote for the Haidian district government's 2027 work priorities: choose up to three.",
      ballotMethod: "approval",
      maxChoices: 3,
      starts: [-40, -20, -3, 11, 30, 330],
    },
    THIS_YEAR,
    people,
  );
  await seedCycle(
    tx,
    {
      id: SEED_CYCLE_BUDGET,
      areaId: subdistrict.id,
      titleZh: "2026年中关村街道参与式预算",
      titleEn: "2026 Zhongguancun participatory budget",
      summaryZh: "居民在 2000 万元预算内选择街道的小型建设项目。",
      summaryEn: "Residents choose the subdistrict's small projects within a budget of ¥20 million.",
      ballotMethod: "budget",
      maxChoices: null,
      budgetTotal: 20_000_000,
      starts: [-200, -180, -170, -160, -150, 200],
    },
    BUDGET,
    people,
  );
  return true;
}
