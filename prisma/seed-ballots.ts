// The demo city's priority votes (voting part): residents verified for Haidian, last year's
// ranked vote with a few hundred online ballots, a confirmed paper batch and one left
// unconfirmed (not counted), and this year's open approval vote with ballots so far and a paper
// batch waiting for the demo counter account to confirm. The cycles seed creates the area and
// both cycles; without them this seed only says so. Running it twice adds nothing.
import { randomBytes } from "node:crypto";
import type { Db } from "../app/db.server";
import { displayNameColumns } from "../app/features/accounts/display-name";
import { checkChoices, formatChoices, isBallotMethod, type BallotRules } from "../app/features/priorities/ballot-rules";
import { documentHash, personRefOf, voterKey } from "../app/features/priorities/voter-keys.server";
import { dayIn } from "../app/features/priorities/voting-days";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const TIME_ZONE = process.env.CITY_TIME_ZONE ?? "Asia/Shanghai";
const VOTERS = 320;
/** As the ballot command makes them: random, linked to nothing. */
/** As app/features/priorities/ballots.server.ts makes them: never starting with "-", which CSV would escape. */
function newPublicId(): string {
  for (;;) {
    const id = randomBytes(12).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"];
const TITLES = ["先生", "女士", "阿姨", "大爷", "同学", "老师", "师傅"];

/** A small fixed-seed generator: the demo's figures are the same on every install. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Choices a voter might make: candidates drawn with uneven popularity, valid for the method. */
function drawChoices(rules: BallotRules, next: () => number): number[] {
  const numbers = rules.candidates.map((candidate) => candidate.ballotNumber);
  const limit =
    rules.method === "budget" ? numbers.length : Math.min(rules.maxChoices ?? numbers.length, numbers.length);
  const size = 1 + Math.floor(next() * limit);
  const pool = [...numbers];
  const chosen: number[] = [];
  while (chosen.length < size && pool.length) {
    // Earlier numbers are a little more popular, so the count has a clear order with some close calls.
    const weights = pool.map((number) => 1 / (0.6 + number * 0.25));
    let pick = next() * weights.reduce((sum, weight) => sum + weight, 0);
    let index = 0;
    while (pick > weights[index]! && index < pool.length - 1) pick -= weights[index++]!;
    chosen.push(pool.splice(index, 1)[0]!);
  }
  while (chosen.length > 1 && checkChoices(rules, chosen)) chosen.pop();
  return chosen;
}

async function ballotRules(tx: Tx, cycleId: string) {
  const cycle = await tx.cycle.findUnique({ where: { id: cycleId } });
  if (!cycle || !isBallotMethod(cycle.ballotMethod)) return null;
  const candidates = await tx.proposal.findMany({
    where: { cycleId, status: "shortlisted", ballotNumber: { not: null } },
    orderBy: { ballotNumber: "asc" },
    select: { ballotNumber: true, estimatedCost: true },
  });
  if (!candidates.length) return null;
  const rules: BallotRules = {
    method: cycle.ballotMethod,
    maxChoices: cycle.maxChoices,
    budgetTotal: cycle.budgetTotal,
    candidates: candidates.map((candidate) => ({
      ballotNumber: candidate.ballotNumber!,
      estimatedCost: candidate.estimatedCost,
    })),
  };
  return { cycle, rules };
}

/** A day within the cycle's voting window, in the forum's zone. */
const dayInWindow = (cycle: { voteStartsAt: Date; resultsStartsAt: Date }, next: () => number, now: number) =>
  dayIn(
    new Date(
      cycle.voteStartsAt.getTime() +
        next() * (Math.min(cycle.resultsStartsAt.getTime(), now) - cycle.voteStartsAt.getTime()),
    ),
    TIME_ZONE,
  );

export async function seedBallots(
  tx: Tx,
  people: { counterId: string; residentIds: string[] },
  log: (line: string) => void = console.log,
) {
  const area = await tx.area.findUnique({ where: { slug: "haidian" } });
  const subdistrict = await tx.area.findUnique({ where: { slug: "haidian-zhongguancun" } });
  const last = await ballotRules(tx, "seed-cycle-2026");
  const current = await ballotRules(tx, "seed-cycle-2027");
  const budget = await ballotRules(tx, "seed-cycle-2026-zgc");
  if (!area || !subdistrict || !last || !current || !budget) {
    log(
      "Ballots not seeded: the Haidian areas or the cycles seed-cycle-2026 / seed-cycle-2027 / seed-cycle-2026-zgc are missing.",
    );
    return;
  }
  if ((await tx.ballot.count({ where: { cycleId: { in: [last.cycle.id, current.cycle.id, budget.cycle.id] } } })) > 0)
    return;
  const now = Date.now();
  const next = random(2026);

  // Residents of the demo who took part: accounts without a password (they cannot log in).
  const voterIds = Array.from({ length: VOTERS }, (_, index) => `seed-voter-${String(index + 1).padStart(3, "0")}`);
  const existing = new Set(
    (await tx.user.findMany({ where: { id: { in: voterIds } }, select: { id: true } })).map((user) => user.id),
  );
  await tx.user.createMany({
    data: voterIds
      .filter((id) => !existing.has(id))
      .map((id, index) => ({
        id,
        ...displayNameColumns(`${SURNAMES[index % SURNAMES.length]}${TITLES[index % TITLES.length]} ${index + 1}`),
        locale: "zh-CN",
      })),
  });
  // A second member of counter staff, who confirmed last year's batch and entered this year's.
  const colleague = await tx.user.upsert({
    where: { id: "seed-counter-qian" },
    create: {
      id: "seed-counter-qian",
      ...displayNameColumns("钱窗口 Counter Qian"),
      locale: "zh-CN",
      roles: { create: [{ name: "counterStaff" }] },
    },
    update: {},
  });

  // Counter checks keep the document's keyed hash (made-up numbers here), codes none.
  const verify = async (areaId: string, userIds: string[], counterEvery: number) => {
    const already = new Set(
      (await tx.verification.findMany({ where: { areaId, userId: { in: userIds } }, select: { userId: true } })).map(
        (row) => row.userId,
      ),
    );
    await tx.verification.createMany({
      data: userIds
        .filter((userId) => !already.has(userId))
        .map((userId, index) => {
          const documentKind = index % 2 ? "residencePermit" : "idCard";
          return people.residentIds.includes(userId) || index % counterEvery === 0
            ? {
                areaId,
                userId,
                method: "counter",
                documentKind,
                documentHash: documentHash(areaId, documentKind, `SEED${userId}`),
                verifiedById: people.counterId,
                verifiedAt: new Date(last.cycle.voteStartsAt.getTime() - 86_400_000),
              }
            : { areaId, userId, method: "code", verifiedAt: new Date(last.cycle.voteStartsAt.getTime() - 86_400_000) };
        }),
    });
    return tx.verification.findMany({
      where: { areaId, userId: { in: userIds } },
      select: { userId: true, documentHash: true },
    });
  };
  const verifications = new Map(
    (await verify(area.id, [...voterIds, ...people.residentIds], 3)).map((row) => [row.userId, row]),
  );
  const subdistrictVoters = voterIds.slice(0, 150);
  const subdistrictVerifications = new Map(
    (await verify(subdistrict.id, subdistrictVoters, 2)).map((row) => [row.userId, row]),
  );

  // As castBallot does: the ballot, and the person marked under their voter key. A finished
  // vote's ballots are stored as the close leaves them, linked to nobody.
  const online = async (cycle: typeof last, voters: string[], byUser: typeof verifications) => {
    const closed = cycle.cycle.resultsStartsAt.getTime() <= now;
    await tx.ballot.createMany({
      data: voters.map((voterId) => ({
        publicId: newPublicId(),
        cycleId: cycle.cycle.id,
        voterId: closed ? null : voterId,
        channel: "online",
        choices: formatChoices(drawChoices(cycle.rules, next)),
        castOn: dayInWindow(cycle.cycle, next, now),
      })),
    });
    await tx.participation.createMany({
      data: voters.map((voterId) => ({
        cycleId: cycle.cycle.id,
        voterKey: voterKey(cycle.cycle.id, personRefOf(byUser.get(voterId)!)),
        channel: "online",
      })),
    });
  };
  /** People handed a paper ballot at a counter: marked by their document, with no account. */
  const handOut = (cycle: typeof last, count: number, areaId: string) =>
    tx.participation.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        cycleId: cycle.cycle.id,
        voterKey: voterKey(cycle.cycle.id, {
          documentHash: documentHash(areaId, "idCard", `SEEDPAPER${cycle.cycle.id}${index}`),
        }),
        channel: "paper",
      })),
    });
  const paper = async (
    cycle: typeof last,
    label: string,
    count: number,
    enteredById: string,
    confirmedById: string | null,
  ) => {
    const enteredAt = new Date(Math.min(cycle.cycle.resultsStartsAt.getTime() - 3_600_000, now - 3_600_000));
    const batch = await tx.paperBatch.create({
      data: {
        cycleId: cycle.cycle.id,
        label,
        enteredById,
        enteredAt,
        ballotCount: count,
        confirmedById,
        confirmedAt: confirmedById ? new Date(enteredAt.getTime() + 1_800_000) : null,
      },
    });
    await tx.ballot.createMany({
      data: Array.from({ length: count }, () => ({
        publicId: newPublicId(),
        cycleId: cycle.cycle.id,
        channel: "paper",
        choices: formatChoices(drawChoices(cycle.rules, next)),
        castOn: dayIn(enteredAt, TIME_ZONE),
        batchId: batch.id,
      })),
    });
  };

  // Last year: most seeded residents and the second demo resident voted online; paper from two boxes.
  await online(last, [...voterIds.slice(0, 240), people.residentIds[1]!].filter(Boolean), verifications);
  // A few of the people handed a paper ballot did not put it in a box.
  await handOut(last, 95, area.id);
  await paper(last, "中关村社区中心 1 号票箱 Box 1, Zhongguancun", 80, people.counterId, colleague.id);
  await paper(last, "学院路街道 2 号票箱 Box 2, Xueyuan Road (not confirmed)", 12, colleague.id, null);
  // This year, voting is open: some ballots so far, the first demo resident has not voted yet, and
  // a batch waits for the demo counter account (not its enterer) to confirm it.
  await online(current, [...voterIds.slice(40, 160), people.residentIds[1]!].filter(Boolean), verifications);
  await handOut(current, 26, area.id);
  await paper(current, "海淀街道 3 号票箱 Box 3, Haidian Street", 20, colleague.id, null);
  // The subdistrict's finished participatory budget: online ballots and one confirmed box.
  await online(budget, subdistrictVoters.slice(0, 110), subdistrictVerifications);
  await handOut(budget, 30, subdistrict.id);
  await paper(budget, "中关村街道办 4 号票箱 Box 4, Zhongguancun office", 30, people.counterId, colleague.id);
  log(
    "Ballots seeded: Haidian verifications, seed-cycle-2026 (online, confirmed and unconfirmed paper), seed-cycle-2027 and the budget vote seed-cycle-2026-zgc.",
  );
}
