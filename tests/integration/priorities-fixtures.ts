// Rows the cycles and voting helpers' commands will create (a cycle, shortlisted proposals,
// verified residents, ballots, paper batches), made directly for the results tests, browser
// tests and the benchmark.
import { randomBytes } from "node:crypto";
import type { Db } from "~/db.server";
import { voterKey } from "~/features/priorities/voter-keys.server";

const DAY = 24 * 60 * 60 * 1000;
const tag = () => randomBytes(5).toString("hex");

export interface CycleOptions {
  method: "approval" | "ranked" | "budget";
  maxChoices: number | null;
  budgetTotal?: number | null;
  /** One per candidate, ballot numbers 1..n: the estimated cost, or null. */
  costs: ReadonlyArray<number | null>;
  /** "results": voting closed yesterday; "vote": voting closes in two days. */
  phase: "results" | "vote";
  title?: string;
}

export async function createCycle(db: Db, options: CycleOptions) {
  const area = await db.area.create({ data: { slug: `area-${tag()}`, nameZh: "测试街道", nameEn: "Test Street" } });
  const now = Date.now();
  const resultsStartsAt = new Date(options.phase === "results" ? now - DAY : now + 2 * DAY);
  const cycle = await db.cycle.create({
    data: {
      areaId: area.id,
      titleEn: options.title ?? "Test district work priorities",
      titleZh: "测试区年度工作重点",
      ballotMethod: options.method,
      maxChoices: options.maxChoices,
      budgetTotal: options.budgetTotal ?? null,
      collectStartsAt: new Date(now - 30 * DAY),
      reviewStartsAt: new Date(now - 20 * DAY),
      voteStartsAt: new Date(now - 10 * DAY),
      resultsStartsAt,
      implementationStartsAt: new Date(now + 30 * DAY),
      reportStartsAt: new Date(now + 300 * DAY),
    },
  });
  await db.proposal.createMany({
    data: options.costs.map((cost, index) => ({
      cycleId: cycle.id,
      title: `Candidate ${index + 1}`,
      description: "A shortlisted candidate.",
      category: "transport",
      status: "shortlisted",
      estimatedCost: cost,
      ballotNumber: index + 1,
    })),
  });
  return { area, cycle };
}

export async function createPeople(db: Db, count: number) {
  const people = [];
  for (let i = 0; i < count; i++) {
    const t = tag();
    people.push(
      await db.user.create({
        data: { email: `voter-${t}@example.org`, displayName: `Voter ${t}`, displayNameFolded: `voter ${t}` },
      }),
    );
  }
  return people;
}

/** Verified before voting opened (`createCycle` opens it ten days ago), unless told when. */
export async function verify(db: Db, areaId: string, userIds: string[], verifiedAt = new Date(Date.now() - 15 * DAY)) {
  await db.verification.createMany({ data: userIds.map((userId) => ({ areaId, userId, method: "code", verifiedAt })) });
}

export const newPublicId = () => randomBytes(9).toString("base64url");

/** As castBallot stores it: the ballot, and the voter marked under their key (verified by code: their account). */
export async function castOnline(db: Db, cycleId: string, voterId: string, choices: string) {
  await db.participation.create({
    data: { cycleId, voterKey: voterKey(cycleId, { accountId: voterId }), channel: "online" },
  });
  return db.ballot.create({
    data: { publicId: newPublicId(), cycleId, voterId, channel: "online", choices, castOn: "2026-11-20" },
  });
}

/** A box of paper ballots, each handed out to a person marked as having voted on paper. */
export async function enterPaperBatch(db: Db, cycleId: string, choices: string[], options: { confirmed: boolean }) {
  await handOutPaperBallots(db, cycleId, choices.length);
  const batch = await db.paperBatch.create({
    data: {
      cycleId,
      label: `Batch ${tag()}`,
      ballotCount: choices.length,
      confirmedAt: options.confirmed ? new Date() : null,
    },
  });
  await db.ballot.createMany({
    data: choices.map((text) => ({
      publicId: newPublicId(),
      cycleId,
      channel: "paper",
      choices: text,
      castOn: "2026-11-21",
      batchId: batch.id,
    })),
  });
  return batch;
}

const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A made-up resident ID card number with a correct check character (GB 11643), different each call. */
export function idCardNumber(): string {
  const random = (below: number) => randomBytes(4).readUInt32BE() % below;
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  const body = `${100000 + random(900000)}${1940 + random(70)}${pad(1 + random(12), 2)}${pad(1 + random(28), 2)}${pad(random(1000), 3)}`;
  const sum = ID_CARD_WEIGHTS.reduce((total, weight, index) => total + weight * Number(body[index]), 0);
  return body + "10X98765432"[sum % 11];
}

/** People handed paper ballots at a counter, as handOutPaperBallot marks them (one random key each). */
export async function handOutPaperBallots(db: Db, cycleId: string, count: number) {
  await db.participation.createMany({
    data: Array.from({ length: count }, () => ({
      cycleId,
      voterKey: `test-${randomBytes(12).toString("hex")}`,
      channel: "paper",
    })),
  });
}

/** A cycle of the area in its vote (closing in two days), approval of up to 3 of 5 candidates. */
export async function createVotingCycle(db: Db, areaId: string) {
  const now = Date.now();
  const cycle = await db.cycle.create({
    data: {
      areaId,
      titleZh: `测试 ${tag()}`,
      titleEn: `Test ${tag()}`,
      ballotMethod: "approval",
      maxChoices: 3,
      collectStartsAt: new Date(now - 20 * DAY),
      reviewStartsAt: new Date(now - 10 * DAY),
      voteStartsAt: new Date(now - DAY),
      resultsStartsAt: new Date(now + 2 * DAY),
      implementationStartsAt: new Date(now + 30 * DAY),
      reportStartsAt: new Date(now + 300 * DAY),
    },
  });
  await db.proposal.createMany({
    data: [1, 2, 3, 4, 5].map((number) => ({
      cycleId: cycle.id,
      title: `Candidate ${number}`,
      description: "d",
      category: "transport",
      status: "shortlisted",
      ballotNumber: number,
      estimatedCost: 1000,
    })),
  });
  return cycle;
}
