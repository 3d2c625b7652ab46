// Priority cycles (docs/decisions/0016): areas, cycles and their dated phases, proposing online and
// at the counter, and review. Through the real server with real form posts where a person acts,
// and through the domain commands where that reads more clearly. Every refusal must come with a
// translated message and leave the database exactly as it was.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { dateToWallTime } from "~/shared/wall-time";
import { getCycle, startPhaseNow } from "~/features/priorities/cycles.server";
import { PHASES, PHASE_START_FIELDS, phaseAt, type CyclePhase } from "~/features/priorities/phases";
import { enterOfflineProposal, listProposals, submitProposal } from "~/features/priorities/proposals.server";
import {
  declineProposal,
  mergeProposal,
  shortlistProposal,
  undoDecline,
  undoMerge,
  unshortlistProposal,
} from "~/features/priorities/review.server";
import { i18nextFor } from "~/i18n/i18next.server";
import {
  SEED_AREA_SLUG,
  SEED_CYCLE_LAST_YEAR,
  SEED_CYCLE_THIS_YEAR,
  seedPriorities,
} from "../../prisma/seed-priorities";
import { seedDemoCity } from "../../prisma/seed";
import { newAdministrator, newResident, newOfficial, newWithRole, type Person } from "./helpers";
import { asHtml, expectRefusalIn, logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const DAY = 24 * 3_600_000;
const unique = () => randomBytes(4).toString("hex");
const submissionKey = () => randomBytes(18).toString("base64url");
const TIME_ZONE = "Asia/Shanghai";

let world: {
  admin: Person;
  official: Person;
  counter: Person;
  resident: Person;
  area: { id: string };
  department: { id: string };
};

beforeAll(async () => {
  // The demo city first, while the database is empty: its seed is part of what is tested here.
  expect(await seedDemoCity(db)).toBe(true);
  const department = await db.department.create({
    data: { slug: `d-${unique()}`, nameZh: `房管局${unique()}`, nameEn: `Housing ${unique()}` },
  });
  const area = await db.area.create({
    data: { slug: `a-${unique()}`, nameZh: `测试区${unique()}`, nameEn: `Test District ${unique()}` },
  });
  world = {
    admin: await newAdministrator(),
    official: await newOfficial(department.id),
    counter: await newCounterStaff(),
    resident: await newResident(),
    area,
    department,
  };
});

/** Phase dates that put a cycle in `phase` by the dates alone: each phase lasts ten days. */
function scheduleFor(phase: CyclePhase) {
  const index = phase === "announced" ? -1 : PHASES.indexOf(phase);
  return Object.fromEntries(
    PHASES.map((each, position) => [
      PHASE_START_FIELDS[each],
      new Date(Date.now() + (position - index) * 10 * DAY - DAY),
    ]),
  ) as Record<(typeof PHASE_START_FIELDS)[keyof typeof PHASE_START_FIELDS], Date>;
}

async function newCycle(
  phase: CyclePhase,
  extra: Partial<{ ballotMethod: string; maxChoices: number | null; budgetTotal: number | null }> = {},
) {
  const created = await db.cycle.create({
    data: {
      areaId: world.area.id,
      titleZh: `年度重点${unique()}`,
      titleEn: `Priorities ${unique()}`,
      ballotMethod: "approval",
      maxChoices: 3,
      ...extra,
      ...scheduleFor(phase),
    },
  });
  const cycle = (await getCycle(created.id))!;
  expect(cycle.phase).toBe(phase);
  return cycle;
}

const fresh = async (cycleId: string) => (await getCycle(cycleId))!;

async function newProposal(
  cycleId: string,
  fields: Partial<{
    title: string;
    description: string;
    authorId: string | null;
    status: string;
    ballotNumber: number | null;
  }> = {},
) {
  const title = fields.title ?? `建议 ${unique()}`;
  const description = fields.description ?? "具体内容";
  return db.proposal.create({
    data: {
      cycleId,
      authorId: world.resident.userId,
      title,
      description,
      category: "housing",
      searchText: `${title}\n${description}`.toLowerCase(),
      ...fields,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// A browser: a logged-in person's cookie and the language they read

type Language = "en" | "zh-CN";
interface Browser {
  cookie: string | null;
  language: Language;
}
const cookies = new Map<string, string>();

async function logIn(person: Person, language: Language = "en"): Promise<Browser> {
  if (!cookies.has(person.userId))
    cookies.set(person.userId, (await logInOverHttp(base, person.email, person.password)).cookie);
  return { cookie: cookies.get(person.userId)!, language };
}
const headersOf = (browser: Browser): Record<string, string> => ({
  "Accept-Language": browser.language,
  ...(browser.cookie ? { Cookie: browser.cookie } : {}),
});
const open = (browser: Browser, path: string) =>
  fetch(`${base}${path}`, { redirect: "manual", headers: headersOf(browser) });

function submit(browser: Browser, path: string, fields: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...headersOf(browser) },
    body: new URLSearchParams(fields),
  });
}

const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);

/** The page came back refused, with the message in the reader's language. */
const expectRefusal = (response: Response, browser: Browser, key: string, options?: Record<string, unknown>) =>
  expectRefusalIn(response, browser.language, key, options);

/** Everything a refused action could have touched. */
async function snapshot() {
  const [areas, cycles, proposals, auditRows, notifications] = await Promise.all([
    db.area.findMany({ orderBy: { id: "asc" } }),
    db.cycle.findMany({ orderBy: { id: "asc" } }),
    db.proposal.findMany({ orderBy: { id: "asc" } }),
    db.auditEntry.count(),
    db.notification.count(),
  ]);
  return { areas, cycles, proposals, auditRows, notifications };
}

const wall = (date: Date) => dateToWallTime(date, TIME_ZONE);

function cycleForm(overrides: Record<string, string> = {}) {
  const schedule = scheduleFor("announced");
  return {
    areaId: world.area.id,
    titleZh: "2027年区政府工作重点",
    titleEn: "2027 district work priorities",
    summaryZh: "",
    summaryEn: "",
    ballotMethod: "ranked",
    maxChoices: "5",
    budgetTotal: "",
    ...Object.fromEntries(Object.entries(schedule).map(([field, date]) => [field, wall(date)])),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------

describe("areas", () => {
  it("are created and renamed by administrators only, each change audited", async () => {
    const admin = await logIn(world.admin);
    const slug = `area-${unique()}`;
    expect(
      (await submit(admin, "/admin/areas", { nameZh: "海淀区学院路街道", nameEn: "Xueyuanlu Subdistrict", slug }))
        .status,
    ).toBe(302);
    const area = await db.area.findUniqueOrThrow({ where: { slug } });
    expect(await db.auditEntry.count({ where: { action: "area.create", targetId: area.id } })).toBe(1);

    // The same name again is refused with a message, and nothing changes.
    const before = await snapshot();
    await expectRefusal(
      await submit(await logIn(world.admin, "zh-CN"), "/admin/areas", { nameZh: "重复", nameEn: "Again", slug }),
      { cookie: null, language: "zh-CN" },
      "priorities.errors.areaSlugTaken",
    );
    expect(await snapshot()).toEqual(before);

    expect(
      (await submit(admin, `/admin/areas/${area.id}`, { nameZh: "学院路街道", nameEn: "Xueyuanlu", slug })).status,
    ).toBe(302);
    expect((await db.area.findUniqueOrThrow({ where: { id: area.id } })).nameZh).toBe("学院路街道");
    expect(await db.auditEntry.count({ where: { action: "area.rename", targetId: area.id } })).toBe(1);

    // Anyone else is refused the page and the form.
    const resident = await logIn(world.resident);
    expect((await open(resident, "/admin/areas")).status).toBe(403);
    const untouched = await snapshot();
    expect(
      (await submit(resident, "/admin/areas", { nameZh: "偷偷", nameEn: "Sneaky", slug: `s-${unique()}` })).status,
    ).toBe(403);
    expect(await snapshot()).toEqual(untouched);
  });
});

describe("cycles", () => {
  it("are created by an administrator with a ballot method and six dated phases, audited", async () => {
    const admin = await logIn(world.admin);
    const response = await submit(admin, "/priorities/new", cycleForm());
    expect(response.status).toBe(302);
    const id = response.headers.get("location")!.split("/").pop()!;
    const cycle = (await getCycle(id))!;
    expect(cycle).toMatchObject({ ballotMethod: "ranked", maxChoices: 5, budgetTotal: null, phase: "announced" });
    expect(await db.auditEntry.count({ where: { action: "cycle.create", targetId: id } })).toBe(1);
    // The cycle list shows it among the current cycles, with its phase.
    const list = await (await open({ cookie: null, language: "en" }, "/priorities")).text();
    expect(list).toContain("2027 district work priorities");
    expect(list).toContain(translate("en", "priorities.phases.announced"));
  });

  it("refuse dates out of order, K outside 1..20, a budget of nothing: a message, and nothing written", async () => {
    for (const language of ["en", "zh-CN"] as const) {
      const admin = await logIn(world.admin, language);
      const schedule = scheduleFor("announced");
      const before = await snapshot();
      await expectRefusal(
        await submit(
          admin,
          "/priorities/new",
          cycleForm({ voteStartsAt: wall(new Date(schedule.reviewStartsAt.getTime() - DAY)) }),
        ),
        admin,
        "priorities.errors.phaseOrder",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ maxChoices: "0" })),
        admin,
        "priorities.errors.maxChoices",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ maxChoices: "21" })),
        admin,
        "priorities.errors.maxChoices",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ maxChoices: "2.5" })),
        admin,
        "priorities.errors.maxChoices",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ ballotMethod: "budget", maxChoices: "", budgetTotal: "0" })),
        admin,
        "priorities.errors.budgetTotal",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ ballotMethod: "budget", maxChoices: "", budgetTotal: "" })),
        admin,
        "priorities.errors.budgetTotal",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ reportStartsAt: "2027-02-30T09:00" })),
        admin,
        "validation.impossibleDate",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ titleZh: "", titleEn: "" })),
        admin,
        "validation.titleInOneLanguage",
      );
      await expectRefusal(
        await submit(admin, "/priorities/new", cycleForm({ ballotMethod: "lottery" })),
        admin,
        "validation.choose",
      );
      expect(await snapshot()).toEqual(before);
    }
    // A budget cycle keeps its total, and no K.
    const admin = await logIn(world.admin);
    const response = await submit(
      admin,
      "/priorities/new",
      cycleForm({ ballotMethod: "budget", maxChoices: "3", budgetTotal: "50,000,000" }),
    );
    expect(response.status).toBe(302);
    expect(await getCycle(response.headers.get("location")!.split("/").pop()!)).toMatchObject({
      ballotMethod: "budget",
      maxChoices: null,
      budgetTotal: 50_000_000,
    });
  });

  it("are only for administrators", async () => {
    const official = await logIn(world.official);
    const before = await snapshot();
    expect((await open(official, "/priorities/new")).status).toBe(403);
    expect((await submit(official, "/priorities/new", cycleForm())).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("move on by their dates, and a phase opened by hand moves the date, with an audit entry", async () => {
    const cycle = await newCycle("collect");
    const schedule = { ...scheduleFor("collect") };
    expect(phaseAt(schedule, new Date(schedule.reviewStartsAt.getTime() - 1))).toBe("collect");
    expect(phaseAt(schedule, schedule.reviewStartsAt)).toBe("review");
    expect(phaseAt(schedule, new Date(schedule.collectStartsAt.getTime() - 1))).toBe("announced");

    const admin = await logIn(world.admin);
    // Without the ticked confirmation nothing moves.
    let before = await snapshot();
    await expectRefusal(
      await submit(admin, `/priorities/${cycle.id}/edit`, { intent: "phase", phase: "review" }),
      admin,
      "priorities.errors.confirmPhase",
    );
    expect(await snapshot()).toEqual(before);

    const response = await submit(admin, `/priorities/${cycle.id}/edit`, {
      intent: "phase",
      phase: "review",
      confirm: "on",
    });
    expect(response.status).toBe(302);
    const moved = await fresh(cycle.id);
    expect(moved.phase).toBe("review");
    expect(moved.reviewStartsAt.getTime()).toBeLessThanOrEqual(Date.now());
    // The later dates stay where they were.
    expect(moved.voteStartsAt).toEqual(cycle.voteStartsAt);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "cycle.phase", targetId: cycle.id } });
    expect(JSON.parse(entry.detail!)).toMatchObject({ phase: "review", from: "collect" });

    // Pressing the same button again (a second tab) does not move a second phase.
    before = await snapshot();
    await expectRefusal(
      await submit(admin, `/priorities/${cycle.id}/edit`, { intent: "phase", phase: "review", confirm: "on" }),
      admin,
      "priorities.errors.phaseMoved",
    );
    // Nor can a phase be skipped.
    await expectRefusal(
      await submit(admin, `/priorities/${cycle.id}/edit`, { intent: "phase", phase: "results", confirm: "on" }),
      admin,
      "priorities.errors.phaseMoved",
    );
    expect(await snapshot()).toEqual(before);

    // Two administrators pressing at once move it once.
    const other = await newAdministrator();
    const results = await Promise.all([
      startPhaseNow(world.admin.user, moved, "vote"),
      startPhaseNow(other.user, moved, "vote"),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect((await fresh(cycle.id)).phase).toBe("vote");
    expect(await db.auditEntry.count({ where: { action: "cycle.phase", targetId: cycle.id } })).toBe(2);

    // Nobody else can change a phase.
    const official = await logIn(world.official);
    expect(
      (await submit(official, `/priorities/${cycle.id}/edit`, { intent: "phase", phase: "results", confirm: "on" }))
        .status,
    ).toBe(403);
    expect(await startPhaseNow(world.official.user, await fresh(cycle.id), "results")).toMatchObject({
      ok: false,
      error: "priorities.errors.notAdministrator",
    });
    expect((await fresh(cycle.id)).phase).toBe("vote");
  });

  it("keep the area and ballot rules once voting has started", async () => {
    const cycle = await newCycle("vote");
    const admin = await logIn(world.admin);
    const form = cycleForm({
      ...Object.fromEntries(PHASES.map((phase) => [PHASE_START_FIELDS[phase], wall(cycle[PHASE_START_FIELDS[phase]])])),
      ballotMethod: "ranked",
      maxChoices: "5",
      intent: "update",
    });
    const before = await snapshot();
    await expectRefusal(
      await submit(admin, `/priorities/${cycle.id}/edit`, form),
      admin,
      "priorities.errors.rulesFixed",
    );
    expect(await snapshot()).toEqual(before);
    // The title can still be corrected.
    expect(
      (
        await submit(admin, `/priorities/${cycle.id}/edit`, {
          ...form,
          ballotMethod: "approval",
          maxChoices: "3",
          titleEn: "Corrected title",
        })
      ).status,
    ).toBe(302);
    expect((await fresh(cycle.id)).titleEn).toBe("Corrected title");
  });

  it("show the phase and what a resident can do in it, with the link that does it", async () => {
    const visitor = { cookie: null, language: "en" as const };
    // [phase, links the page must have, links it must not have]
    const expectations: Array<[CyclePhase, string[], string[]]> = [
      ["announced", [], ["/ballot", "/results"]],
      ["collect", ["#propose-title"], ["/ballot", "/results"]],
      ["review", [], ["/ballot", "/results"]],
      ["vote", ["/ballot"], ["/results", "/report"]],
      ["results", ["/results"], ["/ballot", "/report"]],
      ["implementation", ["/results", "/commitments?cycle="], ["/ballot", "/report"]],
      ["report", ["/results", "/commitments?cycle=", "/report"], ["/ballot"]],
    ];
    for (const [phase, shown, hidden] of expectations) {
      const cycle = await newCycle(phase);
      const page = await (await open(visitor, `/priorities/${cycle.id}`)).text();
      expect(page).toContain(
        asHtml(translate("en", "priorities.phaseIs", { phase: translate("en", `priorities.phases.${phase}`) })),
      );
      const href = (path: string) =>
        path.startsWith("/commitments")
          ? `href="${path}${cycle.id}"`
          : path.startsWith("#")
            ? `href="${path}"`
            : `href="/priorities/${cycle.id}${path}"`;
      for (const path of shown) expect(page, `${phase}: ${path}`).toContain(href(path));
      for (const path of hidden) expect(page, `${phase}: ${path}`).not.toContain(href(path));
      // What to do, in plain words, and the timeline naming all six phases.
      expect(page).toContain(asHtml(translate("en", "priorities.whatNow")));
      for (const each of PHASES) expect(page).toContain(asHtml(translate("en", `priorities.phases.${each}`)));
    }
    // The collecting cycle asks a visitor to log in to propose.
    const collecting = await newCycle("collect");
    expect(await (await open(visitor, `/priorities/${collecting.id}`)).text()).toContain(
      asHtml(translate("en", "priorities.propose.logIn")),
    );
    expect((await open(visitor, "/priorities/no-such-cycle")).status).toBe(404);
  });
});

describe("proposing", () => {
  it("is open to logged-in residents during collection, and replay-safe", async () => {
    const cycle = await newCycle("collect");
    const browser = await logIn(world.resident, "zh-CN");
    const key = submissionKey();
    const fields = {
      title: "加装电梯",
      description: "老楼没有电梯，老人上下楼困难。",
      category: "housing",
      submissionKey: key,
    };
    const response = await submit(browser, `/priorities/${cycle.id}`, fields);
    expect(response.status).toBe(302);
    const stored = await db.proposal.findFirstOrThrow({ where: { cycleId: cycle.id } });
    expect(stored).toMatchObject({
      title: "加装电梯",
      channel: "online",
      status: "submitted",
      authorId: world.resident.userId,
      enteredById: null,
    });
    expect(response.headers.get("location")).toBe(`/priorities/${cycle.id}/proposals/${stored.id}`);

    // The same form sent again stores nothing more.
    const before = await snapshot();
    await expectRefusal(
      await submit(browser, `/priorities/${cycle.id}`, fields),
      browser,
      "priorities.errors.replayed",
    );
    expect(await snapshot()).toEqual(before);

    // It is in the resident's own data download, and on their page of the cycle.
    const download = await (await open(browser, "/account/data.json")).text();
    expect(download).toContain(stored.id);
    expect(await (await open(browser, `/priorities/${cycle.id}`)).text()).toContain(
      asHtml(translate("zh-CN", "priorities.propose.mine")),
    );

    // A visitor is sent to log in first.
    const anonymous = await submit({ cookie: null, language: "en" }, `/priorities/${cycle.id}`, {
      ...fields,
      submissionKey: submissionKey(),
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect(await snapshot()).toEqual(before);
  });

  it("is refused outside collection, and bad input is refused with a message", async () => {
    for (const phase of ["announced", "review", "vote"] as const) {
      const cycle = await newCycle(phase);
      for (const language of ["en", "zh-CN"] as const) {
        const browser = await logIn(world.resident, language);
        const before = await snapshot();
        await expectRefusal(
          await submit(browser, `/priorities/${cycle.id}`, {
            title: "晚了",
            description: "晚了的建议",
            category: "other",
            submissionKey: submissionKey(),
          }),
          browser,
          "priorities.errors.notCollecting",
        );
        expect(await snapshot()).toEqual(before);
      }
    }
    const cycle = await newCycle("collect");
    for (const language of ["en", "zh-CN"] as const) {
      const browser = await logIn(world.resident, language);
      const before = await snapshot();
      const good = { title: "标题", description: "内容", category: "transport", submissionKey: submissionKey() };
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}`, { ...good, title: "" }),
        browser,
        "validation.required",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}`, { ...good, title: "<script>alert(1)</script>" }),
        browser,
        "validation.markup",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}`, { ...good, title: "两行\n标题" }),
        browser,
        "validation.singleLine",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}`, { ...good, description: "\u200b\u200b" }),
        browser,
        "validation.invisibleOnly",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}`, { ...good, description: "长".repeat(2001) }),
        browser,
        "validation.tooLong",
        { max: 2000 },
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}`, { ...good, category: "weather" }),
        browser,
        "priorities.errors.category",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}`, { ...good, submissionKey: "x" }),
        browser,
        "validation.formExpired",
      );
      expect(await snapshot()).toEqual(before);
    }
  });

  it("at the counter: counter staff enter paper, meeting and hotline proposals, recorded and audited", async () => {
    const cycle = await newCycle("collect");
    const counter = await logIn(world.counter);
    const response = await submit(counter, "/counter/proposals", {
      cycleId: cycle.id,
      channel: "paper",
      title: "社区食堂",
      description: "希望社区开一个食堂。",
      category: "elderly",
      submissionKey: submissionKey(),
    });
    expect(response.status).toBe(302);
    const stored = await db.proposal.findFirstOrThrow({ where: { cycleId: cycle.id } });
    expect(stored).toMatchObject({
      channel: "paper",
      authorId: null,
      enteredById: world.counter.userId,
      status: "submitted",
    });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "proposal.enter", targetId: stored.id } });
    expect(entry.actorId).toBe(world.counter.userId);

    // The public page shows the channel, not who entered it.
    const page = await (
      await open({ cookie: null, language: "en" }, `/priorities/${cycle.id}/proposals/${stored.id}`)
    ).text();
    expect(page).toContain(asHtml(translate("en", "priorities.channels.paper")));
    expect(page).not.toContain(world.counter.displayName);

    // "Online" is not a counter channel; a closed cycle takes nothing.
    for (const language of ["en", "zh-CN"] as const) {
      const browser = await logIn(world.counter, language);
      const before = await snapshot();
      await expectRefusal(
        await submit(browser, "/counter/proposals", {
          cycleId: cycle.id,
          channel: "online",
          title: "标题",
          description: "内容",
          category: "other",
          submissionKey: submissionKey(),
        }),
        browser,
        "priorities.errors.channel",
      );
      const closed = await newCycle("review");
      const afterCycle = await snapshot();
      await expectRefusal(
        await submit(browser, "/counter/proposals", {
          cycleId: closed.id,
          channel: "hotline",
          title: "标题",
          description: "内容",
          category: "other",
          submissionKey: submissionKey(),
        }),
        browser,
        "priorities.errors.notCollecting",
      );
      expect(await snapshot()).toEqual(afterCycle);
      expect(afterCycle.proposals).toEqual(before.proposals);
    }
  });

  it("at the counter: nobody but counter staff", async () => {
    const cycle = await newCycle("collect");
    const fields = {
      cycleId: cycle.id,
      channel: "meeting",
      title: "标题",
      description: "内容",
      category: "other",
      submissionKey: submissionKey(),
    };
    const before = await snapshot();
    for (const person of [world.resident, world.official]) {
      const browser = await logIn(person);
      expect((await open(browser, "/counter/proposals")).status).toBe(403);
      expect((await submit(browser, "/counter/proposals", fields)).status).toBe(403);
      expect(
        await enterOfflineProposal(person.user, { ...fields, channel: "meeting", category: "other" }),
      ).toMatchObject({ ok: false, error: "priorities.errors.notCounterStaff" });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("review", () => {
  it("is for officials and administrators, during review only", async () => {
    const cycle = await newCycle("review");
    const proposal = await newProposal(cycle.id);
    const resident = await logIn(world.resident);
    expect((await open(resident, `/priorities/${cycle.id}/review`)).status).toBe(403);
    const before = await snapshot();
    expect(
      (
        await submit(resident, `/priorities/${cycle.id}/review`, {
          intent: "decline",
          proposalId: proposal.id,
          response: "不行",
        })
      ).status,
    ).toBe(403);
    expect(await declineProposal(world.resident.user, cycle, proposal.id, "不行")).toMatchObject({
      ok: false,
      error: "priorities.errors.notReviewer",
    });
    expect(await snapshot()).toEqual(before);
    expect((await open(await logIn(world.official), `/priorities/${cycle.id}/review`)).status).toBe(200);
    expect((await open(await logIn(world.admin), `/priorities/${cycle.id}/review`)).status).toBe(200);

    for (const phase of ["collect", "vote"] as const) {
      const other = await newCycle(phase);
      const waiting = await newProposal(other.id);
      for (const language of ["en", "zh-CN"] as const) {
        const official = await logIn(world.official, language);
        const unchanged = await snapshot();
        await expectRefusal(
          await submit(official, `/priorities/${other.id}/review`, {
            intent: "shortlist",
            proposalId: waiting.id,
            departmentId: world.department.id,
            estimatedCost: "100",
          }),
          official,
          "priorities.errors.notReviewing",
        );
        expect(await snapshot()).toEqual(unchanged);
      }
    }
  });

  it("merges a duplicate with a public record on both proposals, audited", async () => {
    const cycle = await newCycle("review");
    const kept = await newProposal(cycle.id, { title: "加装电梯" });
    const duplicate = await newProposal(cycle.id, { title: "老楼电梯补贴" });
    const official = await logIn(world.official);
    expect(
      (
        await submit(official, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: duplicate.id,
          intoId: kept.id,
          confirm: "on",
        })
      ).status,
    ).toBe(302);
    expect(await db.proposal.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({
      status: "merged",
      mergedIntoId: kept.id,
    });
    expect(await db.auditEntry.count({ where: { action: "proposal.merge", targetId: duplicate.id } })).toBe(1);
    // Its author hears where it went.
    expect(
      await db.notification.count({ where: { userId: world.resident.userId, kind: "priorities.proposalMerged" } }),
    ).toBeGreaterThan(0);

    const visitor = { cookie: null, language: "en" as const };
    const duplicatePage = await (await open(visitor, `/priorities/${cycle.id}/proposals/${duplicate.id}`)).text();
    expect(duplicatePage).toContain(`href="/priorities/${cycle.id}/proposals/${kept.id}"`);
    const keptPage = await (await open(visitor, `/priorities/${cycle.id}/proposals/${kept.id}`)).text();
    expect(keptPage).toContain(asHtml(translate("en", "priorities.proposal.mergedHere")));
    expect(keptPage).toContain(`href="/priorities/${cycle.id}/proposals/${duplicate.id}"`);

    // Not into itself, not into a merged or declined one, not twice, not across cycles.
    const declined = await newProposal(cycle.id, { status: "declined" });
    const elsewhere = await newProposal((await newCycle("review")).id);
    const another = await newProposal(cycle.id);
    for (const language of ["en", "zh-CN"] as const) {
      const browser = await logIn(world.official, language);
      const before = await snapshot();
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: another.id,
          intoId: another.id,
          confirm: "on",
        }),
        browser,
        "priorities.errors.mergeTarget",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: another.id,
          intoId: duplicate.id,
          confirm: "on",
        }),
        browser,
        "priorities.errors.mergeTarget",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: another.id,
          intoId: declined.id,
          confirm: "on",
        }),
        browser,
        "priorities.errors.mergeTarget",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: another.id,
          intoId: elsewhere.id,
          confirm: "on",
        }),
        browser,
        "priorities.errors.mergeTarget",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: duplicate.id,
          intoId: kept.id,
          confirm: "on",
        }),
        browser,
        "priorities.errors.alreadyReviewed",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: elsewhere.id,
          intoId: kept.id,
          confirm: "on",
        }),
        browser,
        "priorities.errors.noSuchProposal",
      );
      expect(await snapshot()).toEqual(before);
    }
  });

  it("declines only with a public response, which the author is notified of", async () => {
    const cycle = await newCycle("review");
    const proposal = await newProposal(cycle.id, { title: "建一座体育场" });
    for (const language of ["en", "zh-CN"] as const) {
      const browser = await logIn(world.official, language);
      const before = await snapshot();
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "decline",
          proposalId: proposal.id,
          response: "   ",
          confirm: "on",
        }),
        browser,
        "validation.required",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "decline",
          proposalId: proposal.id,
          response: "<b>no</b>",
          confirm: "on",
        }),
        browser,
        "validation.markup",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, { intent: "destroy", proposalId: proposal.id }),
        browser,
        "validation.invalid",
      );
      expect(await snapshot()).toEqual(before);
    }
    const notifiedBefore = await db.notification.count({
      where: { userId: world.resident.userId, kind: "priorities.proposalDeclined" },
    });
    const official = await logIn(world.official);
    expect(
      (
        await submit(official, `/priorities/${cycle.id}/review`, {
          intent: "decline",
          proposalId: proposal.id,
          response: "超出区级财力，本年度不予采纳。",
          confirm: "on",
        })
      ).status,
    ).toBe(302);
    expect(await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      status: "declined",
      response: "超出区级财力，本年度不予采纳。",
    });
    expect(
      await db.notification.count({ where: { userId: world.resident.userId, kind: "priorities.proposalDeclined" } }),
    ).toBe(notifiedBefore + 1);
    expect(await db.auditEntry.count({ where: { action: "proposal.decline", targetId: proposal.id } })).toBe(1);
    const page = await (
      await open({ cookie: null, language: "zh-CN" }, `/priorities/${cycle.id}/proposals/${proposal.id}`)
    ).text();
    expect(page).toContain("超出区级财力，本年度不予采纳。");
    // The review page lists what still waits; the declined one is a filter away.
    const waiting = await newProposal(cycle.id, { title: "还在等待的建议" });
    const reviewPage = await (await open(official, `/priorities/${cycle.id}/review`)).text();
    expect(reviewPage).toContain(waiting.title);
    expect(reviewPage).not.toContain("建一座体育场");
    expect(await (await open(official, `/priorities/${cycle.id}/review?status=declined`)).text()).toContain(
      "建一座体育场",
    );
  });

  it("shortlists with a department and a cost, numbering the ballot 1..n; renumbering only before the vote", async () => {
    const cycle = await newCycle("review");
    const proposals = await Promise.all([1, 2, 3].map((n) => newProposal(cycle.id, { title: `候选${n}` })));
    for (const proposal of proposals) {
      const outcome = await shortlistProposal(world.official.user, cycle, proposal.id, world.department.id, 1_000_000);
      expect(outcome.ok).toBe(true);
    }
    const numbers = async () =>
      (
        await db.proposal.findMany({
          where: { cycleId: cycle.id, status: "shortlisted" },
          orderBy: { ballotNumber: "asc" },
        })
      ).map((row) => [row.title, row.ballotNumber]);
    expect(await numbers()).toEqual([
      ["候选1", 1],
      ["候选2", 2],
      ["候选3", 3],
    ]);
    expect(
      await db.auditEntry.count({
        where: { action: "proposal.shortlist", targetId: { in: proposals.map((p) => p.id) } },
      }),
    ).toBe(3);
    expect(
      await db.notification.count({
        where: {
          userId: world.resident.userId,
          kind: "priorities.proposalShortlisted",
          link: `/priorities/${cycle.id}/proposals/${proposals[0]!.id}`,
        },
      }),
    ).toBe(1);
    // The audit log says it in words, with the proposal and the department.
    const log = await (await open(await logIn(world.admin), "/admin/audit")).text();
    expect(log).toContain("Shortlisted the proposal");
    expect(log).toContain(`href="/priorities/${cycle.id}/proposals/${proposals[2]!.id}"`);

    // Taking the first off moves the others up.
    expect(await unshortlistProposal(world.official.user, cycle, proposals[0]!.id)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await numbers()).toEqual([
      ["候选2", 1],
      ["候选3", 2],
    ]);
    expect(await db.proposal.findUniqueOrThrow({ where: { id: proposals[0]!.id } })).toMatchObject({
      status: "submitted",
      ballotNumber: null,
      departmentId: null,
      estimatedCost: null,
    });
    // Shortlisted again, it takes the next number.
    const official = await logIn(world.official);
    expect(
      (
        await submit(official, `/priorities/${cycle.id}/review`, {
          intent: "shortlist",
          proposalId: proposals[0]!.id,
          departmentId: world.department.id,
          estimatedCost: "2,500,000",
        })
      ).status,
    ).toBe(302);
    expect(await numbers()).toEqual([
      ["候选2", 1],
      ["候选3", 2],
      ["候选1", 3],
    ]);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposals[0]!.id } })).estimatedCost).toBe(2_500_000);

    // A shortlisted proposal is neither declined nor merged before it is taken off the list.
    expect(await declineProposal(world.official.user, cycle, proposals[1]!.id, "不要了")).toMatchObject({
      ok: false,
      error: "priorities.errors.unshortlistFirst",
    });
    expect(await mergeProposal(world.official.user, cycle, proposals[1]!.id, proposals[2]!.id)).toMatchObject({
      ok: false,
      error: "priorities.errors.unshortlistFirst",
    });

    // Bad costs and departments are refused with a message.
    const waiting = await newProposal(cycle.id);
    for (const language of ["en", "zh-CN"] as const) {
      const browser = await logIn(world.official, language);
      const before = await snapshot();
      for (const cost of ["-1", "abc", "1.5", "99999999999"]) {
        await expectRefusal(
          await submit(browser, `/priorities/${cycle.id}/review`, {
            intent: "shortlist",
            proposalId: waiting.id,
            departmentId: world.department.id,
            estimatedCost: cost,
          }),
          browser,
          "priorities.errors.cost",
        );
      }
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "shortlist",
          proposalId: waiting.id,
          departmentId: world.department.id,
          estimatedCost: "",
        }),
        browser,
        "validation.required",
      );
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, {
          intent: "shortlist",
          proposalId: waiting.id,
          departmentId: "no-such-department",
          estimatedCost: "100",
        }),
        browser,
        "validation.choose",
      );
      expect(await snapshot()).toEqual(before);
    }

    // Once voting starts, the numbers voters see stay fixed.
    await db.cycle.update({ where: { id: cycle.id }, data: scheduleFor("vote") });
    const voting = await fresh(cycle.id);
    const before = await snapshot();
    expect(await unshortlistProposal(world.official.user, voting, proposals[1]!.id)).toMatchObject({
      ok: false,
      error: "priorities.errors.notReviewing",
    });
    expect(await shortlistProposal(world.official.user, voting, waiting.id, world.department.id, 5)).toMatchObject({
      ok: false,
      error: "priorities.errors.notReviewing",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("gives concurrent shortlists distinct numbers", async () => {
    const cycle = await newCycle("review");
    const proposals = await Promise.all(Array.from({ length: 4 }, () => newProposal(cycle.id)));
    const outcomes = await Promise.all(
      proposals.map((proposal) => shortlistProposal(world.official.user, cycle, proposal.id, world.department.id, 10)),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const numbers = (await db.proposal.findMany({ where: { cycleId: cycle.id } }))
      .map((row) => row.ballotNumber)
      .sort();
    expect(numbers).toEqual([1, 2, 3, 4]);
  });
});

describe("review mistakes", () => {
  const paramsOf = (notification: { params: string }) => JSON.parse(notification.params) as Record<string, string>;

  it("a merge is undone during review: back to waiting, no longer pointing anywhere, audited, the author told", async () => {
    const cycle = await newCycle("review");
    const author = await newResident();
    const kept = await newProposal(cycle.id, { title: "加装电梯" });
    const duplicate = await newProposal(cycle.id, { title: "热线：电梯坏了", authorId: author.userId });
    const official = await logIn(world.official);
    expect(
      (
        await submit(official, `/priorities/${cycle.id}/review`, {
          intent: "merge",
          proposalId: duplicate.id,
          intoId: kept.id,
          confirm: "on",
        })
      ).status,
    ).toBe(302);

    // The merged proposal is one filter away on the review page, with the undo button.
    const page = await (await open(official, `/priorities/${cycle.id}/review?status=merged`)).text();
    expect(page).toContain(asHtml(translate("en", "priorities.review.undoMerge")));

    const response = await submit(official, `/priorities/${cycle.id}/review`, {
      intent: "undoMerge",
      proposalId: duplicate.id,
    });
    expect(response.status).toBe(302);
    expect(await db.proposal.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({
      status: "submitted",
      mergedIntoId: null,
      reviewedAt: null,
    });
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { action: "proposal.undoMerge", targetId: duplicate.id },
    });
    expect(entry.actorId).toBe(world.official.userId);
    expect(JSON.parse(entry.detail!)).toMatchObject({ intoId: kept.id });
    const told = await db.notification.findMany({ where: { userId: author.userId, kind: "priorities.mergeUndone" } });
    expect(told).toHaveLength(1);
    expect(told[0]!.link).toBe(`/priorities/${cycle.id}/proposals/${duplicate.id}`);
    // The audit log says it in words.
    expect(await (await open(await logIn(world.admin), "/admin/audit")).text()).toContain(
      "Undid the merge of the proposal",
    );
    // The kept proposal no longer lists it.
    const keptPage = await (
      await open({ cookie: null, language: "en" }, `/priorities/${cycle.id}/proposals/${kept.id}`)
    ).text();
    expect(keptPage).not.toContain(asHtml(translate("en", "priorities.proposal.mergedHere")));

    // Undoing again, or undoing what was never merged, is refused with a message and changes nothing.
    for (const language of ["en", "zh-CN"] as const) {
      const browser = await logIn(world.official, language);
      const before = await snapshot();
      await expectRefusal(
        await submit(browser, `/priorities/${cycle.id}/review`, { intent: "undoMerge", proposalId: duplicate.id }),
        browser,
        "priorities.errors.notMerged",
      );
      expect(await snapshot()).toEqual(before);
    }
    // Residents cannot, and nobody can once the vote has started.
    expect(
      (
        await submit(await logIn(world.resident), `/priorities/${cycle.id}/review`, {
          intent: "undoMerge",
          proposalId: duplicate.id,
        })
      ).status,
    ).toBe(403);
    expect((await mergeProposal(world.official.user, cycle, duplicate.id, kept.id)).ok).toBe(true);
    expect(await undoMerge(world.resident.user, cycle, duplicate.id)).toMatchObject({
      ok: false,
      error: "priorities.errors.notReviewer",
    });
    await db.cycle.update({ where: { id: cycle.id }, data: scheduleFor("vote") });
    expect(await undoMerge(world.official.user, await fresh(cycle.id), duplicate.id)).toMatchObject({
      ok: false,
      error: "priorities.errors.notReviewing",
    });
    expect((await db.proposal.findUniqueOrThrow({ where: { id: duplicate.id } })).status).toBe("merged");
  });

  it("a decline is undone during review: back to waiting, its response withdrawn but kept in the audit, the author told", async () => {
    const cycle = await newCycle("review");
    const author = await newResident();
    const proposal = await newProposal(cycle.id, { title: "修一座桥", authorId: author.userId });
    expect((await declineProposal(world.official.user, cycle, proposal.id, "本年度财力不足。")).ok).toBe(true);
    const admin = await logIn(world.admin, "zh-CN");
    const response = await submit(admin, `/priorities/${cycle.id}/review`, {
      intent: "undoDecline",
      proposalId: proposal.id,
    });
    expect(response.status).toBe(302);
    expect(await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      status: "submitted",
      response: null,
      reviewedAt: null,
    });
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { action: "proposal.undoDecline", targetId: proposal.id },
    });
    expect(JSON.parse(entry.detail!)).toMatchObject({ response: "本年度财力不足。" });
    expect(await db.notification.count({ where: { userId: author.userId, kind: "priorities.declineUndone" } })).toBe(1);
    // The public page no longer shows the refusal.
    expect(
      await (
        await open({ cookie: null, language: "zh-CN" }, `/priorities/${cycle.id}/proposals/${proposal.id}`)
      ).text(),
    ).not.toContain("本年度财力不足。");

    const before = await snapshot();
    await expectRefusal(
      await submit(admin, `/priorities/${cycle.id}/review`, { intent: "undoDecline", proposalId: proposal.id }),
      admin,
      "priorities.errors.notDeclined",
    );
    expect(await undoDecline(world.official.user, cycle, proposal.id)).toMatchObject({
      ok: false,
      error: "priorities.errors.notDeclined",
    });
    expect(await snapshot()).toEqual(before);
    // An offline proposal has nobody to tell; the undo still works.
    const offline = await newProposal(cycle.id, { authorId: null });
    expect((await declineProposal(world.official.user, cycle, offline.id, "重复。")).ok).toBe(true);
    const notificationsBefore = await db.notification.count();
    expect(await undoDecline(world.official.user, cycle, offline.id)).toEqual({ ok: true, value: undefined });
    expect(await db.notification.count()).toBe(notificationsBefore);
  });

  it("the review form offers no default merge target or department, and refuses an empty choice or a missing confirmation next to the field", async () => {
    const cycle = await newCycle("review");
    const kept = await newProposal(cycle.id, { title: "保留的建议" });
    const waiting = await newProposal(cycle.id, { title: "等待的建议" });
    const official = await logIn(world.official);
    const page = await (await open(official, `/priorities/${cycle.id}/review`)).text();
    // Both selects start with an empty "Choose…" entry, selected.
    expect(page).toMatch(
      new RegExp(
        `<select id="into-${waiting.id}"[^>]*><option value="" selected="">${asHtml(translate("en", "priorities.review.chooseMergeTarget"))}</option>`,
      ),
    );
    expect(page).toMatch(
      new RegExp(
        `<select id="department-${waiting.id}"[^>]*><option value="" selected="">${asHtml(translate("en", "priorities.review.chooseDepartment"))}</option>`,
      ),
    );
    // Merging, declining and taking off the shortlist ask for a ticked box.
    expect(page).toContain(`id="confirm-merge-${waiting.id}"`);
    expect(page).toContain(`id="confirm-decline-${waiting.id}"`);

    for (const language of ["en", "zh-CN"] as const) {
      const browser = await logIn(world.official, language);
      const before = await snapshot();
      const post = (fields: Record<string, string>) =>
        submit(browser, `/priorities/${cycle.id}/review`, { proposalId: waiting.id, ...fields });
      await expectRefusal(
        await post({ intent: "merge", intoId: "", confirm: "on" }),
        browser,
        "priorities.errors.chooseMergeTarget",
      );
      await expectRefusal(
        await post({ intent: "merge", confirm: "on" }),
        browser,
        "priorities.errors.chooseMergeTarget",
      );
      await expectRefusal(await post({ intent: "merge", intoId: kept.id }), browser, "priorities.errors.confirmMerge");
      await expectRefusal(
        await post({ intent: "shortlist", departmentId: "", estimatedCost: "100" }),
        browser,
        "priorities.errors.chooseDepartment",
      );
      await expectRefusal(
        await post({ intent: "decline", response: "不予采纳。" }),
        browser,
        "priorities.errors.confirmDecline",
      );
      expect(await snapshot()).toEqual(before);
    }
    // Taking off the shortlist asks for the box too.
    expect((await shortlistProposal(world.official.user, cycle, kept.id, world.department.id, 10)).ok).toBe(true);
    const before = await snapshot();
    await expectRefusal(
      await submit(official, `/priorities/${cycle.id}/review`, { intent: "unshortlist", proposalId: kept.id }),
      official,
      "priorities.errors.confirmUnshortlist",
    );
    expect(await snapshot()).toEqual(before);
    expect(
      (
        await submit(official, `/priorities/${cycle.id}/review`, {
          intent: "unshortlist",
          proposalId: kept.id,
          confirm: "on",
        })
      ).status,
    ).toBe(302);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: kept.id } })).status).toBe("submitted");
  });

  it("tells each author whose ballot number changes the old and the new number", async () => {
    const cycle = await newCycle("review");
    const authors = [await newResident(), await newResident(), await newResident()];
    const proposals = [];
    for (const [index, author] of authors.entries()) {
      const proposal = await newProposal(cycle.id, { title: `候选 ${index + 1}`, authorId: author.userId });
      expect(await shortlistProposal(world.official.user, cycle, proposal.id, world.department.id, 100)).toEqual({
        ok: true,
        value: { ballotNumber: index + 1 },
      });
      proposals.push(proposal);
    }
    // Shortlisting already tells the author their number.
    for (const [index, author] of authors.entries()) {
      const shortlisted = await db.notification.findFirstOrThrow({
        where: { userId: author.userId, kind: "priorities.proposalShortlisted" },
      });
      expect(paramsOf(shortlisted)).toMatchObject({ number: String(index + 1) });
    }

    expect(await unshortlistProposal(world.official.user, cycle, proposals[0]!.id)).toEqual({
      ok: true,
      value: undefined,
    });
    const taken = await db.notification.findMany({
      where: { userId: authors[0]!.userId, kind: "priorities.proposalUnshortlisted" },
    });
    expect(taken.map(paramsOf)).toEqual([expect.objectContaining({ number: "1" })]);
    for (const [index, author] of authors.entries()) {
      const moved = await db.notification.findMany({
        where: { userId: author.userId, kind: "priorities.ballotNumberChanged" },
      });
      if (index === 0) expect(moved).toHaveLength(0);
      else
        expect(moved.map(paramsOf)).toEqual([expect.objectContaining({ from: String(index + 1), to: String(index) })]);
    }
    // Worded in the reader's language.
    const inbox = await (await open(await logIn(authors[2]!, "en"), "/notifications")).text();
    expect(inbox).toContain(
      asHtml(translate("en", "priorities.notifications.ballotNumberChanged", { proposal: "候选 3", from: 3, to: 2 })),
    );
  });
});

describe("the proposal list", () => {
  it("finds Chinese substrings, folds width and case, filters by status and category, and pages", async () => {
    const cycle = await newCycle("collect");
    const submit = (title: string, description: string, category: "housing" | "transport") =>
      submitProposal(world.resident.user, cycle, { title, description, category, submissionKey: submissionKey() });
    const cases = [
      await submit("老旧小区加装电梯的补贴", "希望提高补贴标准。", "housing"),
      await submit("公交线路优化", "地铁站接驳公交太少，电梯也经常坏。", "transport"),
      await submit("ＷｉＦｉ进社区", "公共场所免费无线网络。", "transport"),
    ];
    expect(cases.every((outcome) => outcome.ok)).toBe(true);
    const search = (
      q: string,
      extra: Partial<{ status: "declined"; category: "housing" | "transport"; page: number }> = {},
    ) => listProposals(cycle.id, { q, page: 1, status: undefined, category: undefined, ...extra });
    expect((await search("电梯")).total).toBe(2);
    expect((await search("电梯", { category: "housing" })).proposals.map((p) => p.title)).toEqual([
      "老旧小区加装电梯的补贴",
    ]);
    expect((await search("wifi")).total).toBe(1);
    expect((await search("小区加装")).total).toBe(1);
    expect((await search("电梯", { status: "declined" })).total).toBe(0);
    expect(
      (await listProposals(cycle.id, { q: "", page: 2, status: undefined, category: undefined }, 2)).proposals,
    ).toHaveLength(1);

    // Through the page: the address carries the search, the filters and the page.
    const page = await (
      await open(
        { cookie: null, language: "zh-CN" },
        `/priorities/${cycle.id}?q=${encodeURIComponent("电梯")}&category=housing`,
      )
    ).text();
    expect(page).toContain("老旧小区加装电梯的补贴");
    expect(page).not.toContain("公交线路优化");
    // Filters that name nothing are ignored, not an error.
    expect(
      (await open({ cookie: null, language: "en" }, `/priorities/${cycle.id}?status=bogus&category=%3Cx%3E&page=-3`))
        .status,
    ).toBe(200);
  });

  it("downloads as open data with no personal data", async () => {
    const cycle = await newCycle("review");
    const proposal = await newProposal(cycle.id, { title: "口袋公园" });
    await shortlistProposal(world.official.user, cycle, proposal.id, world.department.id, 1_800_000);
    const csv = await (await open({ cookie: null, language: "en" }, `/priorities/${cycle.id}/proposals.csv`)).text();
    expect(csv.split("\n")[0]).toContain("id,title,category,channel,status,response,merged_into");
    expect(csv).toContain("口袋公园");
    expect(csv).toContain("1800000");
    const json = (await (
      await open({ cookie: null, language: "en" }, `/priorities/${cycle.id}/proposals.json`)
    ).json()) as { rows: Array<Record<string, unknown>> };
    expect(json.rows[0]).toMatchObject({
      id: proposal.id,
      status: "shortlisted",
      ballot_number: 1,
      estimated_cost: 1_800_000,
    });
    const text = JSON.stringify(json) + csv;
    for (const secret of [
      world.resident.userId,
      world.resident.email,
      world.resident.displayName,
      world.official.userId,
    ])
      expect(text).not.toContain(secret);
  });
});

describe("the demo seed", () => {
  it("has Haidian with last year's cycle in its report and this year's in its vote; a second run adds nothing", async () => {
    const area = await db.area.findUniqueOrThrow({ where: { slug: SEED_AREA_SLUG } });
    expect(area.nameZh).toBe("海淀区");
    expect(await db.area.count({ where: { slug: { startsWith: "haidian-" } } })).toBeGreaterThanOrEqual(1);
    const lastYear = (await getCycle(SEED_CYCLE_LAST_YEAR))!;
    expect(lastYear).toMatchObject({
      areaId: area.id,
      titleEn: "2026 district work priorities",
      phase: "report",
      ballotMethod: "ranked",
      maxChoices: 5,
    });
    const thisYear = (await getCycle(SEED_CYCLE_THIS_YEAR))!;
    expect(thisYear).toMatchObject({ areaId: area.id, phase: "vote", ballotMethod: "approval", maxChoices: 3 });

    const last = await db.proposal.findMany({ where: { cycleId: lastYear.id } });
    const shortlisted = last.filter((p) => p.status === "shortlisted");
    expect(shortlisted.length).toBeGreaterThanOrEqual(8);
    expect(shortlisted.every((p) => p.departmentId && p.estimatedCost && p.ballotNumber)).toBe(true);
    expect(shortlisted.map((p) => p.ballotNumber).sort((a, b) => a! - b!)).toEqual(
      shortlisted.map((_, index) => index + 1),
    );
    expect(last.filter((p) => p.status === "declined" && p.response).length).toBeGreaterThanOrEqual(2);
    expect(last.some((p) => p.status === "merged" && p.mergedIntoId)).toBe(true);
    expect(new Set(last.map((p) => p.channel)).size).toBe(4);
    expect(await db.proposal.count({ where: { cycleId: thisYear.id, status: "shortlisted" } })).toBeGreaterThanOrEqual(
      6,
    );

    const counts = [await db.area.count(), await db.cycle.count(), await db.proposal.count()];
    expect(
      await db.$transaction((tx) =>
        seedPriorities(tx, { departments: new Map(), adminId: null, counterId: null, residentIds: [] }),
      ),
    ).toBe(false);
    expect([await db.area.count(), await db.cycle.count(), await db.proposal.count()]).toEqual(counts);
  });
});

const newCounterStaff = () => newWithRole("counterStaff");
