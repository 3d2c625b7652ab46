// What the ballot page says to a voter on a budget or ranked ballot (docs/decisions/0032): amounts
// in the reader's language, how much must go when over budget, the total worked out on the server
// for pages without JavaScript, and which candidates clash when two share a rank.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { newResident } from "./helpers";
import { logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const DAY = 86_400_000;
const unique = () => randomBytes(4).toString("hex");
let department: { id: string };
let area: { id: string };

beforeAll(async () => {
  department = await db.department.create({
    data: { slug: `d-${unique()}`, nameZh: `交通局${unique()}`, nameEn: `Transport ${unique()}` },
  });
  area = await db.area.create({
    data: { slug: `area-${unique()}`, nameZh: `区${unique()}`, nameEn: `District ${unique()}` },
  });
});

/** A cycle in its vote, with candidates costing 10, 20, 30 ... million yuan. */
async function votingCycle(method: "budget" | "ranked", budgetTotal: number | null) {
  const now = Date.now();
  const cycle = await db.cycle.create({
    data: {
      areaId: area.id,
      titleZh: `${unique()} 年度重点`,
      titleEn: `Priorities ${unique()}`,
      ballotMethod: method,
      maxChoices: method === "ranked" ? 3 : null,
      budgetTotal,
      collectStartsAt: new Date(now - 21 * DAY),
      reviewStartsAt: new Date(now - 11 * DAY),
      voteStartsAt: new Date(now - DAY),
      resultsStartsAt: new Date(now + DAY),
      implementationStartsAt: new Date(now + 11 * DAY),
      reportStartsAt: new Date(now + 301 * DAY),
    },
  });
  for (let number = 1; number <= 4; number++) {
    await db.proposal.create({
      data: {
        cycleId: cycle.id,
        title: `Candidate ${number}`,
        description: "d",
        category: "roads",
        status: "shortlisted",
        ballotNumber: number,
        departmentId: department.id,
        estimatedCost: number * 10_000_000,
      },
    });
  }
  return cycle;
}

async function voter() {
  const resident = await newResident();
  await db.verification.create({
    data: { areaId: area.id, userId: resident.userId, method: "counter", documentKind: "idCard" },
  });
  return (await logInOverHttp(base, resident.email, resident.password)).cookie;
}

/** Posts the ballot form as a browser without JavaScript does; gives the status and the page. */
async function send(cookie: string, cycleId: string, fields: [string, string][], language: string) {
  const response = await fetch(`${base}/priorities/${cycleId}/ballot`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: base,
      Cookie: cookie,
      "Accept-Language": language,
    },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, html: await response.text() };
}

/** The page's text without its markup, so that a sentence split by elements still reads whole. */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ");

describe("the budget ballot", () => {
  it("without JavaScript, adds up the ticked projects on the server and says in words how far over the budget they are", async () => {
    const cookie = await voter();
    const cycle = await votingCycle("budget", 50_000_000);
    const ticked: [string, string][] = [
      ["choice", "2"],
      ["choice", "4"],
      ["intent", "recalculate"],
    ];
    const zh = await send(cookie, cycle.id, ticked, "zh-CN");
    expect(zh.status).toBe(200);
    expect(textOf(zh.html)).toContain(
      "已选合计：6,000万元，预算 5,000万元。 超出预算 1,000万元：请取消勾选合计至少这么多的项目。",
    );
    // The ticks come back as they were, and nothing was cast.
    expect(zh.html).toMatch(/<input type="checkbox" id="candidate-2"[^>]*checked=""/);
    expect(zh.html).not.toMatch(/<input type="checkbox" id="candidate-1"[^>]*checked=""/);
    expect(await db.ballot.count({ where: { cycleId: cycle.id } })).toBe(0);

    const en = await send(
      cookie,
      cycle.id,
      [
        ["choice", "1"],
        ["intent", "recalculate"],
      ],
      "en",
    );
    expect(textOf(en.html)).toContain("Chosen so far: ¥10,000,000 of ¥50,000,000. ¥40,000,000 left to spend.");
  });

  it("refuses a ballot over budget naming the amount to remove, in the reader's way of writing amounts", async () => {
    const cookie = await voter();
    const cycle = await votingCycle("budget", 50_000_000);
    const over: [string, string][] = [
      ["choice", "1"],
      ["choice", "2"],
      ["choice", "4"],
    ];
    const zh = await send(cookie, cycle.id, over, "zh-CN");
    expect(zh.status).toBe(400);
    expect(textOf(zh.html)).toContain(
      "所选项目合计 7,000万元，超出 5,000万元 的预算 2,000万元。请取消勾选合计至少 2,000万元 的项目。",
    );
    const en = await send(cookie, cycle.id, over, "en");
    expect(textOf(en.html)).toContain(
      "Your choices cost ¥70,000,000 in all: ¥20,000,000 over the budget of ¥50,000,000. Untick projects worth at least ¥20,000,000.",
    );
    expect(await db.ballot.count({ where: { cycleId: cycle.id } })).toBe(0);
  });
});

describe("the ranked ballot", () => {
  it("names both candidates that were given the same rank", async () => {
    const cookie = await voter();
    const cycle = await votingCycle("ranked", null);
    const clash: [string, string][] = [
      ["rank-1", "1"],
      ["rank-2", "2"],
      ["rank-4", "2"],
    ];
    expect(textOf((await send(cookie, cycle.id, clash, "en")).html)).toContain(
      "Numbers 2 and 4 both have rank 2: give each rank to one candidate only.",
    );
    expect(textOf((await send(cookie, cycle.id, clash, "zh-CN")).html)).toContain(
      "2 号和 4 号都排在第 2 位，每个名次只能给一个候选项。",
    );
  });
});
