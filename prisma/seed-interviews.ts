// The demo city's interviews: one past session with a realistic record (questions of all three
// types from several channels, answered live and after the session, some late, some rated,
// some still overdue), one live session and one upcoming session.
import type { Db } from "../app/db.server";
import { displayNameColumns, foldForSearch } from "../app/features/accounts/display-name";
import { dueTimes } from "../app/features/interviews/promise.server";
import type { Complexity } from "../app/features/interviews/state";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Residents who took part in the past session. They have no password: they cannot log in. */
const VOICES = [
  "刘大爷",
  "孙女士",
  "周老师",
  "吴师傅",
  "郑同学",
  "冯阿姨",
  "陈先生",
  "褚女士",
  "卫先生",
  "蒋阿姨",
  "沈同学",
  "韩师傅",
];

// [type, channel, text, answer or null, answered live?, hours after receipt the reply came, rating]
type Row = [string, string, string, string | null, boolean, number, boolean | null];
const PAST_QUESTIONS: Row[] = [
  [
    "consultation",
    "online",
    "地铁6号线南延段什么时候开工？沿线居民很关心施工时间。",
    "南延段已完成初步设计批复，计划明年二季度开工，施工期间将提前公示交通疏导方案。",
    true,
    0.5,
    true,
  ],
  [
    "suggestion",
    "online",
    "建议在学校门口增设早晚高峰的临时停车接送区，减少拥堵。",
    "已责成交管部门对全区小学门口逐一评估，第一批12所学校下月试点。",
    true,
    0.6,
    true,
  ],
  [
    "complaint",
    "phone",
    "小区门口的公交站牌被移走三个月了，一直没有恢复，老人出行很不方便。",
    "经核实为道路施工临时迁移，已协调公交集团本周内恢复原站点。",
    true,
    0.7,
    true,
  ],
  [
    "consultation",
    "online",
    "老年人乘坐公交的免费政策是否覆盖外地户籍的常住老人？",
    "持居住证满一年的65岁以上常住老人可申请免费乘车卡，可在街道服务窗口办理。",
    true,
    0.8,
    true,
  ],
  [
    "consultation",
    "letter",
    "我家附近的人行天桥没有电梯，轮椅上不去，能否加装？",
    "该天桥已列入明年无障碍改造计划，将加装两部垂直电梯。",
    false,
    20,
    true,
  ],
  [
    "suggestion",
    "online",
    "建议公交车站增加实时到站显示屏，特别是郊区线路。",
    "郊区线路电子站牌将分两批建设，首批60个站点年底前完成。",
    true,
    0.9,
    null,
  ],
  [
    "consultation",
    "online",
    "共享单车乱停放的问题由哪个部门负责管理？",
    "由交通运输局牵头、城管部门配合，已建立企业日常清运考核机制。",
    true,
    1.0,
    false,
  ],
  [
    "consultation",
    "counter",
    "残疾人机动轮椅车能否在非机动车道行驶？",
    "符合国家标准的残疾人机动轮椅车可以在非机动车道行驶，限速每小时15公里。",
    false,
    30,
    true,
  ],
  ["suggestion", "online", "建议延长夜班公交的运营时间到凌晨两点，方便夜班工作者。", null, false, 0, null],
  [
    "consultation",
    "online",
    "新能源汽车充电桩进小区需要办理哪些手续？",
    "需物业出具同意安装证明，向供电公司提交报装申请，一般10个工作日内完成。",
    false,
    26,
    false,
  ],
  [
    "complaint",
    "online",
    "某路段红绿灯时间过短，行人过马路来不及，尤其是老人和孩子。",
    "已对该路口进行实地测试，行人绿灯时间由25秒延长至40秒。",
    true,
    1.1,
    true,
  ],
  [
    "consultation",
    "phone",
    "学生公交卡的优惠折扣是多少？寒暑假能用吗？",
    "学生卡享受五折优惠，寒暑假正常使用。",
    false,
    3,
    true,
  ],
  [
    "suggestion",
    "online",
    "建议在老旧小区增设电动自行车集中充电棚，消除飞线充电隐患。",
    "已纳入今年老旧小区改造内容，首批40个小区正在施工。",
    false,
    50,
    null,
  ],
  [
    "consultation",
    "online",
    "网约车司机办理从业资格证需要什么条件？",
    "需取得驾驶证满三年、无重大交通事故记录，并通过全市统一考试。",
    true,
    1.2,
    null,
  ],
  [
    "consultation",
    "online",
    "城市快速路限速调整有没有征求市民意见？",
    "调整前已通过网站和听证会征求意见，共收到意见1,200余条。",
    false,
    10,
    true,
  ],
  ["suggestion", "letter", "建议在地铁站出入口设置更多遮雨棚。", null, false, 0, null],
  [
    "consultation",
    "online",
    "出租车拒载应该向哪里投诉？处理时限是多少？",
    "可拨打12345热线或交通服务热线投诉，一般5个工作日内反馈处理结果。",
    true,
    1.3,
    true,
  ],
  [
    "complaint",
    "counter",
    "小区周边道路施工夜间噪音很大，影响休息。",
    "已责令施工单位夜间22点后停止高噪音作业，并安排执法人员巡查。",
    false,
    40,
    false,
  ],
  [
    "consultation",
    "online",
    "公交专用道的使用时段是什么？私家车误入怎么处罚？",
    "工作日7-9时、17-19时为专用时段，误入将处以警告或罚款。",
    true,
    1.4,
    null,
  ],
  ["suggestion", "online", "建议为快递三轮车规划专门的停靠点。", null, false, 0, null],
  [
    "consultation",
    "phone",
    "老年人能否在社区服务窗口直接办理公交卡？",
    "可以，全市所有街道服务窗口均可办理，需携带身份证。",
    false,
    2,
    true,
  ],
  ["consultation", "online", "地铁票价是否会上调？", "目前没有调价计划，如需调整将依法举行价格听证。", true, 1.5, true],
  [
    "suggestion",
    "online",
    "希望在医院附近增加出租车临时停靠点。",
    "已在市第一、第二人民医院门前增设即停即走车位。",
    false,
    60,
    null,
  ],
  [
    "consultation",
    "letter",
    "农村客运班线能否增加周末班次？",
    "已安排三条农村班线周末增加往返各两班。",
    false,
    90,
    false,
  ],
  [
    "consultation",
    "online",
    "电动自行车上牌需要带什么材料？",
    "携带身份证、购车发票和合格证，到任一上牌点办理。",
    true,
    1.6,
    null,
  ],
  ["suggestion", "online", "建议在公交车上增加老年人专座的标识。", null, false, 0, null],
  [
    "consultation",
    "online",
    "停车场收费标准在哪里可以查询？",
    "可在本市停车信息平台查询全部公共停车场收费标准。",
    false,
    5,
    true,
  ],
  ["consultation", "counter", "孩子上学乘坐校车需要怎么申请？", null, false, 0, null],
];

const LIVE_QUESTIONS: Array<[string, string, string]> = [
  ["consultation", "online", "老旧小区加装电梯的补贴标准是多少？"],
  ["suggestion", "online", "建议公布老旧小区改造的施工进度表，方便居民安排出行。"],
  ["complaint", "phone", "小区改造后路面又被挖开，重复施工什么时候结束？"],
  ["consultation", "online", "公租房申请的收入标准今年有没有调整？"],
];

export async function seedInterviews(
  tx: Tx,
  people: { departments: Map<string, string>; officialId: string; counterId: string; residentIds: string[] },
) {
  const now = Date.now();
  const transport = people.departments.get("transport")!;
  const housing = people.departments.get("housing")!;
  const voices: string[] = [];
  for (const name of VOICES) {
    const voice = await tx.user.create({ data: { ...displayNameColumns(name), locale: "zh-CN" } });
    voices.push(voice.id);
  }

  // The past session ended five days ago and promised every answer within one working day of
  // its end; a few questions still owe their reply, overdue. At ten in the morning, Beijing time.
  const pastStart = new Date(now - 5 * DAY);
  pastStart.setUTCHours(2, 0, 0, 0);
  const past = await tx.interviewSession.create({
    data: {
      titleZh: "市交通运输局局长在线访谈：让出行更便捷",
      titleEn: "Online interview with the Director of the Transport Bureau: easier journeys",
      summaryZh: "围绕公交、地铁、慢行交通和停车等市民关心的问题，局长在线回答大家的提问。",
      summaryEn: "The Director answers residents' questions on buses, the metro, walking and cycling, and parking.",
      topic: "交通出行",
      startsAt: pastStart,
      endsAt: new Date(pastStart.getTime() + 2 * HOUR),
      replyWorkingDays: 1,
      premoderated: true,
      allowAnonymous: true,
      createdById: people.officialId,
      hosts: { create: [{ departmentId: transport }] },
      guests: {
        create: [
          { position: 0, name: "王明", title: "市交通运输局局长" },
          { position: 1, name: "李华", title: "市交通运输局公共交通处处长" },
        ],
      },
    },
  });
  for (const [index, [type, channel, text, answer, answeredLive, replyHours, rating]] of PAST_QUESTIONS.entries()) {
    const receivedAt = new Date(pastStart.getTime() - 2 * DAY + index * 97 * MINUTE);
    const complexity: Complexity = (["simple", "normal", "complex"] as const)[index % 3]!;
    const online = channel === "online";
    const askerId = online ? voices[index % voices.length]! : null;
    const repliedAt = answer
      ? answeredLive
        ? new Date(pastStart.getTime() + replyHours * HOUR)
        : new Date(pastStart.getTime() + 2 * HOUR + replyHours * HOUR)
      : null;
    const voters = voices.filter((voter) => voter !== askerId).slice(0, (index * 7) % 11);
    const question = await tx.question.create({
      data: {
        sessionId: past.id,
        askerId,
        enteredById: online ? null : people.counterId,
        channel,
        type,
        text,
        searchText: foldForSearch([text, answer ?? ""].join("\n")),
        anonymous: online && index % 4 === 1,
        status: "published",
        departmentId: transport,
        voteCount: voters.length,
        complexity,
        receivedAt,
        publishedAt: new Date(receivedAt.getTime() + 20 * MINUTE),
        ...dueTimes(receivedAt, complexity, past),
        firstRepliedAt: repliedAt,
        resolvedAt: repliedAt && index % 2 === 0 ? repliedAt : null,
        satisfied: rating,
        ratedAt: rating === null ? null : new Date(now - DAY),
        votes: { create: voters.map((userId) => ({ userId })) },
      },
    });
    if (answer && repliedAt) {
      await tx.answer.create({
        data: {
          questionId: question.id,
          authorId: people.officialId,
          authorName: "王明",
          mode: answeredLive ? "live" : "later",
          text: answer,
          resolves: index % 2 === 0,
          createdAt: repliedAt,
        },
      });
    }
  }
  // What moderation left out: a duplicate merged into the first question, and a rejected one.
  const kept = await tx.question.findFirstOrThrow({ where: { sessionId: past.id }, orderBy: { receivedAt: "asc" } });
  const merged = {
    sessionId: past.id,
    channel: "online",
    type: "consultation",
    departmentId: transport,
    ...dueTimes(pastStart, "normal", past),
    receivedAt: pastStart,
  };
  await tx.question.create({
    data: {
      ...merged,
      askerId: voices[3]!,
      text: "6号线南延什么时候开始建？",
      searchText: foldForSearch("6号线南延什么时候开始建？"),
      status: "merged",
      mergedIntoId: kept.id,
    },
  });
  await tx.question.create({
    data: {
      ...merged,
      askerId: voices[4]!,
      text: "（含他人手机号码的问题）",
      searchText: "",
      status: "rejected",
      rejectionReason: "问题中包含他人的电话号码，请删去后重新提交。",
    },
  });

  // The live session started half an hour before the demo city was created.
  const liveStart = new Date(now - 30 * MINUTE);
  const liveSession = await tx.interviewSession.create({
    data: {
      titleZh: "住房和城乡建设局在线访谈：老旧小区改造",
      titleEn: "Online interview with the Housing Bureau: renovating old neighbourhoods",
      summaryZh: "老旧小区改造、加装电梯和公租房政策，欢迎提问。",
      summaryEn: "Renovating old neighbourhoods, adding lifts, and public rental housing: ask your questions.",
      topic: "住房",
      startsAt: liveStart,
      endsAt: new Date(liveStart.getTime() + 2 * HOUR),
      premoderated: true,
      allowAnonymous: true,
      createdById: people.officialId,
      // Two hosts: residents pick one by its topic, or "Not sure" (decision 0044).
      hosts: {
        create: [
          {
            departmentId: housing,
            topicZh: "住房：老旧小区改造、加装电梯、公租房",
            topicEn: "Housing: renovation, lifts, public rental homes",
          },
          {
            departmentId: transport,
            topicZh: "交通：小区周边道路、停车、公交",
            topicEn: "Transport: roads around the estates, parking, buses",
          },
        ],
      },
      guests: { create: [{ position: 0, name: "赵刚", title: "市住房和城乡建设局副局长" }] },
    },
  });
  for (const [index, [type, channel, text]] of LIVE_QUESTIONS.entries()) {
    const receivedAt = new Date(liveStart.getTime() + index * 5 * MINUTE);
    const online = channel === "online";
    await tx.question.create({
      data: {
        sessionId: liveSession.id,
        askerId: online ? voices[index]! : null,
        enteredById: online ? null : people.counterId,
        channel,
        type,
        text,
        searchText: foldForSearch(text),
        status: "published",
        departmentId: housing,
        voteCount: 0,
        receivedAt,
        publishedAt: receivedAt,
        ...dueTimes(receivedAt, "normal", liveSession),
      },
    });
  }

  const upcomingStart = new Date(now + 7 * DAY);
  upcomingStart.setUTCHours(2, 0, 0, 0); // 10:00 in Beijing
  await tx.interviewSession.create({
    data: {
      titleZh: "教育局局长在线访谈：义务教育入学政策",
      titleEn: "Online interview with the Director of Education: school admissions",
      summaryZh: "明年义务教育阶段入学政策解读，欢迎家长提前提问。",
      summaryEn: "Next year's admission rules for primary and middle schools. Parents are welcome to ask in advance.",
      topic: "教育",
      startsAt: upcomingStart,
      endsAt: new Date(upcomingStart.getTime() + 2 * HOUR),
      premoderated: true,
      allowAnonymous: false,
      createdById: people.officialId,
      hosts: { create: [{ departmentId: people.departments.get("education")! }] },
      guests: { create: [{ position: 0, name: "孙丽", title: "市教育局局长" }] },
    },
  });
}
