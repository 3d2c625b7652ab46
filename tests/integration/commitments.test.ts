// Commitments and progress reports (docs/decisions/0019): who may make a commitment and report on it, what
// bad input is refused (with a translated message, and nothing written), how a commitment's
// status follows its latest report, who is notified of a new report, and the year-end report.
// Through the real server with form posts where a person acts, through the commands elsewhere.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { collectPersonalData } from "~/features/accounts/personal-data.server";
import { recordSkipReason } from "~/features/commitments/candidates.server";
import {
  getCommitment,
  makeCommitment,
  updateCommitment,
  yearEndReport,
  type CycleView,
} from "~/features/commitments/commitments.server";
import { followCommitment, unfollowCommitment } from "~/features/commitments/followers.server";
import { postProgressReport, todayIn } from "~/features/commitments/progress-reports.server";
import {
  commitmentEditSchema,
  commitmentSchema,
  versionedOf,
  type CommitmentEditInput,
  type CommitmentInput,
  type ProgressReportInput,
} from "~/features/commitments/schemas";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newResident, newDepartment, newOfficial, type Person } from "./helpers";
import { asHtml, expectRefusalIn, peopleOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const DAY = 86_400_000;
const unique = () => randomBytes(4).toString("hex");
const submissionKey = () => randomBytes(18).toString("base64url");
const TZ = "Asia/Shanghai";
const daysAgo = (days: number) => todayIn("UTC", new Date(Date.now() - days * DAY));

let area: { id: string };

/** A cycle in the given phase by its dates alone. */
async function newCycle(phase: "vote" | "results" | "implementation" | "report") {
  const now = Date.now();
  const offsets = {
    vote: [-40, -30, -20, 10, 20, 30],
    results: [-40, -30, -20, -10, 20, 30],
    implementation: [-40, -30, -20, -10, -5, 30],
    report: [-400, -390, -380, -370, -360, -5],
  }[phase];
  const [collect, review, vote, results, implementation, report] = offsets.map((days) => new Date(now + days * DAY));
  const cycle = await db.cycle.create({
    data: {
      areaId: area.id,
      titleZh: `${unique()}年区重点工作`,
      titleEn: `District priorities ${unique()}`,
      ballotMethod: "approval",
      maxChoices: 3,
      collectStartsAt: collect!,
      reviewStartsAt: review!,
      voteStartsAt: vote!,
      resultsStartsAt: results!,
      implementationStartsAt: implementation!,
      reportStartsAt: report!,
    },
    select: {
      id: true,
      titleZh: true,
      titleEn: true,
      collectStartsAt: true,
      reviewStartsAt: true,
      voteStartsAt: true,
      resultsStartsAt: true,
      implementationStartsAt: true,
      reportStartsAt: true,
    },
  });
  return cycle as CycleView;
}

let ballotNumber = 0;
async function newProposal(cycleId: string, departmentId: string, status = "shortlisted") {
  return db.proposal.create({
    data: {
      cycleId,
      title: `增设社区食堂 ${unique()}`,
      description: "老年人吃饭难",
      category: "services",
      status,
      departmentId,
      ballotNumber: status === "shortlisted" ? ++ballotNumber : null,
    },
  });
}

const commitmentInput = (departmentId: string, overrides: Partial<CommitmentInput> = {}): CommitmentInput => ({
  titleZh: "",
  titleEn: "",
  departmentId,
  promiseZh: "年底前建成并投入使用。",
  promiseEn: "Built and open by the end of the year.",
  targetDate: "2027-12-31",
  milestones: [{ title: "选址", dueDate: "2027-03-31", done: false }],
  ...overrides,
});

const reportInput = (overrides: Partial<ProgressReportInput> = {}): ProgressReportInput => ({
  status: "onTrack",
  percent: 30,
  text: `Work is under way ${unique()}`,
  reportedOn: daysAgo(1),
  submissionKey: submissionKey(),
  ...overrides,
});

let world: {
  admin: Person;
  department: { id: string };
  otherDepartment: { id: string };
  official: Person;
  otherOfficial: Person;
  resident: Person;
};

beforeAll(async () => {
  area = await db.area.create({ data: { slug: `area-${unique()}`, nameZh: "海淀区", nameEn: "Haidian District" } });
  const department = await newDepartment("Civil Affairs");
  const otherDepartment = await newDepartment("Water");
  world = {
    admin: await newAdministrator(),
    department,
    otherDepartment,
    official: await newOfficial(department.id),
    otherOfficial: await newOfficial(otherDepartment.id),
    resident: await newResident({ displayName: "Auntie Zhang" }),
  };
});

async function newCommitment(phase: "results" | "implementation" | "report" = "implementation") {
  const cycle = await newCycle(phase);
  const proposal = await newProposal(cycle.id, world.department.id);
  const outcome = await makeCommitment(world.admin.user, cycle, proposal.id, commitmentInput(world.department.id));
  if (!outcome.ok) throw new Error(outcome.error);
  return { cycle, proposal, commitment: (await getCommitment(outcome.value.id))! };
}

// ---------------------------------------------------------------------------------------------
// A browser without JavaScript

type Language = "en" | "zh-CN";
const { open, submit } = peopleOverHttp(() => base);
const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);

const expectRefusal = (response: Response, language: Language, key: string) => expectRefusalIn(response, language, key);

/** Everything a refused report could have touched. */
async function snapshot(commitmentId: string) {
  const [commitment, reports, notifications, auditRows] = await Promise.all([
    db.commitment.findUnique({ where: { id: commitmentId } }),
    db.progressReport.findMany({ where: { commitmentId }, orderBy: { id: "asc" } }),
    db.notification.count({ where: { kind: "commitments.progressReported" } }),
    db.auditEntry.count(),
  ]);
  return { commitment, reports, notifications, auditRows };
}

const reportFields = (overrides: Record<string, string> = {}) => ({
  intent: "report",
  status: "onTrack",
  percent: "40",
  text: "Site chosen, design under way.",
  reportedOn: daysAgo(1),
  submissionKey: submissionKey(),
  ...overrides,
});

// ---------------------------------------------------------------------------------------------

describe("making a commitment", () => {
  it("is for administrators and officials of the department, from a shortlisted proposal, from the results on", async () => {
    const cycle = await newCycle("results");
    const proposal = await newProposal(cycle.id, world.department.id);
    const input = commitmentInput(world.department.id);
    expect(await makeCommitment(world.resident.user, cycle, proposal.id, input)).toMatchObject({
      ok: false,
      error: "commitments.errors.notAllowed",
    });
    expect(await makeCommitment(world.otherOfficial.user, cycle, proposal.id, input)).toMatchObject({
      ok: false,
      error: "commitments.errors.notAllowed",
    });
    expect(await db.commitment.count({ where: { cycleId: cycle.id } })).toBe(0);

    const made = await makeCommitment(world.official.user, cycle, proposal.id, input);
    expect(made.ok).toBe(true);
    const commitment = (await getCommitment(made.ok ? made.value.id : ""))!;
    // The titles left empty are the proposal's; the promise, date and milestones are kept.
    expect(commitment).toMatchObject({
      titleZh: proposal.title,
      titleEn: proposal.title,
      departmentId: world.department.id,
      status: "notStarted",
      percent: 0,
    });
    expect(commitment.targetDate.toISOString()).toBe("2027-12-31T00:00:00.000Z");
    expect(commitment.milestones.map((milestone) => milestone.title)).toEqual(["选址"]);
    expect(await db.auditEntry.count({ where: { action: "commitment.create", targetId: commitment.id } })).toBe(1);

    // One commitment per proposal, even for an administrator.
    expect(await makeCommitment(world.admin.user, cycle, proposal.id, input)).toMatchObject({
      ok: false,
      error: "commitments.errors.proposalTaken",
    });
    const declined = await newProposal(cycle.id, world.department.id, "declined");
    expect(await makeCommitment(world.admin.user, cycle, declined.id, input)).toMatchObject({
      ok: false,
      error: "commitments.errors.noSuchProposal",
    });
    const early = await newCycle("vote");
    const earlyProposal = await newProposal(early.id, world.department.id);
    expect(await makeCommitment(world.admin.user, early, earlyProposal.id, input)).toMatchObject({
      ok: false,
      error: "commitments.errors.tooEarly",
    });
  });

  it("refuses bad input next to its field, over HTTP, and writes nothing", async () => {
    const cycle = await newCycle("results");
    const proposal = await newProposal(cycle.id, world.department.id);
    const path = `/commitments/new?cycle=${cycle.id}&proposal=${proposal.id}`;
    const fields = {
      titleZh: "",
      titleEn: "",
      departmentId: world.department.id,
      promiseZh: "年底前建成。",
      promiseEn: "",
      targetDate: "2027-12-31",
    };
    for (const language of ["en", "zh-CN"] as const) {
      await expectRefusal(
        await submit(world.admin, path, { ...fields, promiseZh: "" }, language),
        language,
        "commitments.errors.promiseInOneLanguage",
      );
      await expectRefusal(
        await submit(world.admin, path, { ...fields, targetDate: "31/12/2027" }, language),
        language,
        "commitments.errors.day",
      );
      await expectRefusal(
        await submit(world.admin, path, { ...fields, milestone0Title: "选址" }, language),
        language,
        "commitments.errors.milestoneNeedsBoth",
      );
      await expectRefusal(
        await submit(world.admin, path, { ...fields, promiseZh: "<script>alert(1)</script>" }, language),
        language,
        "validation.markup",
      );
    }
    expect(await db.commitment.count({ where: { cycleId: cycle.id } })).toBe(0);
    // A resident cannot even open the form.
    expect((await open(world.resident, path)).status).toBe(403);

    const made = await submit(world.official, path, {
      ...fields,
      milestone0Title: "选址",
      milestone0Due: "2027-03-01",
      milestone1Title: "开工",
      milestone1Due: "2027-05-01",
      milestone1Done: "on",
    });
    expect(made.status).toBe(302);
    const commitment = await db.commitment.findFirstOrThrow({
      where: { cycleId: cycle.id },
      include: { milestones: { orderBy: { position: "asc" } } },
    });
    expect(made.headers.get("location")).toBe(`/commitments/${commitment.id}`);
    expect(commitment.milestones.map((milestone) => [milestone.title, !!milestone.doneAt])).toEqual([
      ["选址", false],
      ["开工", true],
    ]);
  });

  it("is edited by its department's officials, who cannot hand it to another department", async () => {
    const { commitment } = await newCommitment();
    const input = {
      ...commitmentInput(world.department.id, {
        titleEn: "Community canteen",
        milestones: [{ id: commitment.milestones[0]!.id, title: "选址", dueDate: "2027-03-31", done: true }],
      }),
      reason: "",
    };
    expect(await updateCommitment(world.otherOfficial.user, commitment, input)).toMatchObject({
      ok: false,
      error: "commitments.errors.notAllowed",
    });
    expect(
      await updateCommitment(world.official.user, commitment, { ...input, departmentId: world.otherDepartment.id }),
    ).toMatchObject({ ok: false, error: "commitments.errors.notAllowed" });
    expect(await updateCommitment(world.official.user, commitment, input)).toEqual({ ok: true, value: undefined });
    const edited = (await getCommitment(commitment.id))!;
    expect(edited.titleEn).toBe("Community canteen");
    expect(edited.milestones[0]!.doneAt).not.toBeNull();
    expect(await db.auditEntry.count({ where: { action: "commitment.update", targetId: commitment.id } })).toBe(1);
  });

  it("parses milestone rows, dropping empty ones", () => {
    const parsed = commitmentSchema.parse({
      departmentId: "abc",
      promiseEn: "Done by June.",
      targetDate: "2027-06-30",
      milestone0Title: "",
      milestone0Due: "",
      milestone1Title: "Design",
      milestone1Due: "2027-02-01",
      milestone1Done: "on",
    });
    expect(parsed.milestones).toEqual([{ id: undefined, title: "Design", dueDate: "2027-02-01", done: true }]);
  });
});

describe("progress reports", () => {
  it("are refused to another department's official and to residents, with a message, writing nothing", async () => {
    const { commitment } = await newCommitment();
    const before = await snapshot(commitment.id);
    for (const language of ["en", "zh-CN"] as const) {
      await expectRefusal(
        await submit(world.otherOfficial, `/commitments/${commitment.id}`, reportFields(), language),
        language,
        "commitments.errors.notYourDepartment",
      );
      await expectRefusal(
        await submit(world.resident, `/commitments/${commitment.id}`, reportFields(), language),
        language,
        "commitments.errors.notYourDepartment",
      );
    }
    // Administrators too: a report speaks for the department (decision 0019).
    expect(await postProgressReport(world.admin.user, commitment, reportInput(), TZ)).toMatchObject({
      ok: false,
      error: "commitments.errors.notYourDepartment",
    });
    expect(await snapshot(commitment.id)).toEqual(before);
    // The report form is shown only to the department's officials.
    expect(await (await open(world.otherOfficial, `/commitments/${commitment.id}`)).text()).not.toContain(
      'name="percent"',
    );
    expect(await (await open(world.official, `/commitments/${commitment.id}`)).text()).toContain('name="percent"');
  });

  it("refuse bad input with a message next to the field, writing nothing", async () => {
    const { commitment } = await newCommitment();
    const before = await snapshot(commitment.id);
    const tomorrow = todayIn(TZ, new Date(Date.now() + 2 * DAY));
    for (const language of ["en", "zh-CN"] as const) {
      const post = (fields: Record<string, string>) =>
        submit(world.official, `/commitments/${commitment.id}`, reportFields(fields), language);
      await expectRefusal(await post({ percent: "150" }), language, "commitments.errors.percent");
      await expectRefusal(await post({ percent: "half" }), language, "commitments.errors.percent");
      await expectRefusal(await post({ status: "done", percent: "80" }), language, "commitments.errors.doneIs100");
      await expectRefusal(await post({ reportedOn: tomorrow }), language, "commitments.errors.futureDate");
      await expectRefusal(await post({ reportedOn: "2027-02-30" }), language, "validation.impossibleDate");
      await expectRefusal(await post({ text: "<b>done</b>" }), language, "validation.markup");
      await expectRefusal(await post({ text: "   " }), language, "validation.required");
      await expectRefusal(await post({ status: "notStarted" }), language, "validation.choose");
    }
    expect(await snapshot(commitment.id)).toEqual(before);
  });

  it("set the commitment's status and percent from the latest report by date", async () => {
    const { commitment } = await newCommitment();
    const post = async (overrides: Partial<ProgressReportInput>) => {
      const outcome = await postProgressReport(world.official.user, commitment, reportInput(overrides), TZ);
      expect(outcome.ok).toBe(true);
      return (await getCommitment(commitment.id))!;
    };
    expect(await post({ status: "onTrack", percent: 30, reportedOn: daysAgo(20) })).toMatchObject({
      status: "onTrack",
      percent: 30,
    });
    expect(await post({ status: "atRisk", percent: 40, reportedOn: daysAgo(10) })).toMatchObject({
      status: "atRisk",
      percent: 40,
    });
    // A report dated before the latest joins the timeline without changing the status.
    const backdated = await post({ status: "delayed", percent: 10, reportedOn: daysAgo(15) });
    expect(backdated).toMatchObject({ status: "atRisk", percent: 40 });
    // The public timeline is newest first by date.
    expect(backdated.reports.map((report) => report.percent)).toEqual([40, 10, 30]);
    expect(await post({ status: "done", percent: 100, reportedOn: daysAgo(0) })).toMatchObject({
      status: "done",
      percent: 100,
    });
    expect(await db.auditEntry.count({ where: { action: "progressReport.post", targetId: commitment.id } })).toBe(4);
  });

  it("notify each follower exactly once per report, never the reporter; unfollowing stops it", async () => {
    const { commitment } = await newCommitment();
    const follower = await newResident({ displayName: "Follower" });
    const other = await newResident({ displayName: "Bystander" });
    await followCommitment(follower.user, commitment.id);
    await followCommitment(follower.user, commitment.id); // a double click follows once
    await followCommitment(world.official.user, commitment.id);
    const countFor = (userId: string) =>
      db.notification.count({ where: { userId, kind: "commitments.progressReported" } });

    // Over HTTP, as the form sends it; the same form sent again is refused and notifies nobody.
    const fields = reportFields({ percent: "55" });
    expect((await submit(world.official, `/commitments/${commitment.id}`, fields)).status).toBe(302);
    await expectRefusal(
      await submit(world.official, `/commitments/${commitment.id}`, fields),
      "en",
      "commitments.errors.replayed",
    );
    expect(await countFor(follower.userId)).toBe(1);
    expect(await countFor(world.official.userId)).toBe(0);
    expect(await countFor(other.userId)).toBe(0);
    const notification = await db.notification.findFirstOrThrow({
      where: { userId: follower.userId, kind: "commitments.progressReported" },
    });
    expect(notification.link).toMatch(new RegExp(`^/commitments/${commitment.id}#report-`));

    // The follower reads it in their notifications, in their language.
    const inbox = await (await open(follower, "/notifications")).text();
    expect(inbox).toContain(
      asHtml(translate("en", "commitments.notifications.progressReported", { title: commitment.titleEn, percent: 55 })),
    );

    await unfollowCommitment(follower.user, commitment.id);
    expect((await postProgressReport(world.official.user, commitment, reportInput(), TZ)).ok).toBe(true);
    expect(await countFor(follower.userId)).toBe(1);

    // Following is in the person's data download.
    await followCommitment(follower.user, commitment.id);
    const data = (await collectPersonalData(follower.userId)).commitments as {
      following: Array<{ commitmentId: string }>;
    };
    expect(data.following.map((row) => row.commitmentId)).toEqual([commitment.id]);
  });

  it("sent twice at once, publish one report and notify once", async () => {
    const { commitment } = await newCommitment();
    const follower = await newResident({ displayName: "Twice Follower" });
    await followCommitment(follower.user, commitment.id);
    const input = reportInput({ percent: 65 });
    const outcomes = await Promise.all([
      postProgressReport(world.official.user, commitment, input, TZ),
      postProgressReport(world.official.user, commitment, input, TZ),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ error: "commitments.errors.replayed" });
    expect(await db.progressReport.count({ where: { commitmentId: commitment.id } })).toBe(1);
    expect(
      await db.notification.count({ where: { userId: follower.userId, kind: "commitments.progressReported" } }),
    ).toBe(1);
  });

  it("follow and unfollow through the page; visitors are asked to log in", async () => {
    const { commitment } = await newCommitment();
    const follower = await newResident({ displayName: "Page Follower" });
    expect((await submit(follower, `/commitments/${commitment.id}`, { intent: "follow" })).status).toBe(302);
    expect(await db.commitmentFollower.count({ where: { commitmentId: commitment.id, userId: follower.userId } })).toBe(
      1,
    );
    expect(await (await open(follower, `/commitments/${commitment.id}`)).text()).toContain(
      asHtml(translate("en", "commitments.follow.unfollow")),
    );
    expect((await submit(follower, `/commitments/${commitment.id}`, { intent: "unfollow" })).status).toBe(302);
    expect(await db.commitmentFollower.count({ where: { commitmentId: commitment.id, userId: follower.userId } })).toBe(
      0,
    );
    const visitorPage = await (await open(null, `/commitments/${commitment.id}`, "zh-CN")).text();
    expect(visitorPage).toContain("登录");
    expect(visitorPage).toContain(asHtml(commitment.promiseZh));
  });
});

describe("the year-end report", () => {
  it("lists every commitment of the cycle with its status and last report, in both languages", async () => {
    const cycle = await newCycle("report");
    const made = [];
    for (let index = 0; index < 3; index++) {
      const proposal = await newProposal(cycle.id, index === 2 ? world.otherDepartment.id : world.department.id);
      const outcome = await makeCommitment(
        world.admin.user,
        cycle,
        proposal.id,
        commitmentInput(index === 2 ? world.otherDepartment.id : world.department.id, {
          titleEn: `Commitment ${index} ${unique()}`,
        }),
      );
      if (!outcome.ok) throw new Error(outcome.error);
      made.push((await getCommitment(outcome.value.id))!);
    }
    const lastText = `Opened to the public ${unique()}`;
    expect(
      (
        await postProgressReport(
          world.official.user,
          made[0]!,
          reportInput({ status: "done", percent: 100, text: lastText }),
          TZ,
        )
      ).ok,
    ).toBe(true);
    const report = await yearEndReport(cycle.id);
    expect(report.commitments).toHaveLength(3);
    expect(report.counts).toMatchObject({ done: 1, notStarted: 2 });

    const english = await (await open(null, `/priorities/${cycle.id}/report`, "en")).text();
    for (const commitment of made) expect(english).toContain(asHtml(commitment.titleEn));
    expect(english).toContain(asHtml(lastText));
    expect(english).toContain(asHtml(translate("en", "commitments.yearEnd.totalIs", { total: 3 })));
    const chinese = await (await open(null, `/priorities/${cycle.id}/report`, "zh-CN")).text();
    for (const commitment of made) expect(chinese).toContain(asHtml(commitment.titleZh));
    expect(chinese).toContain(asHtml(translate("zh-CN", "commitments.yearEnd.totalIs", { total: 3 })));
    expect(chinese).toContain("Read this report in English");
  });

  it("says when it will be published before the implementation phase", async () => {
    const { cycle, commitment } = await newCommitment("results");
    const page = await (await open(null, `/priorities/${cycle.id}/report`, "en")).text();
    expect(page).not.toContain(asHtml(commitment.titleEn));
    expect(page).toContain("The year-end report is published from the implementation phase on");
    expect((await open(null, "/priorities/no-such-cycle/report")).status).toBe(404);
  });
});

describe("the list and the open data", () => {
  it("filter by cycle and status, and publish no personal data beyond the official's name", async () => {
    const { cycle, commitment } = await newCommitment();
    expect(
      (await postProgressReport(world.official.user, commitment, reportInput({ status: "atRisk", percent: 20 }), TZ))
        .ok,
    ).toBe(true);
    const list = await (await open(null, `/commitments?cycle=${cycle.id}`)).text();
    expect(list).toContain(asHtml(commitment.titleEn));
    const filtered = await (await open(null, `/commitments?cycle=${cycle.id}&status=done`)).text();
    expect(filtered).not.toContain(asHtml(commitment.titleEn));
    expect(filtered).toContain(asHtml(translate("en", "commitments.emptyFiltered")));

    const json = (await (await open(null, `/commitments/data/commitments.json?cycle=${cycle.id}`)).json()) as {
      rows: Array<Record<string, unknown>>;
    };
    expect(json.rows).toEqual([
      expect.objectContaining({
        id: commitment.id,
        status: "atRisk",
        percent: 20,
        target_date: "2027-12-31",
        milestones_total: 1,
      }),
    ]);
    const csv = await (await open(null, `/commitments/data/progress-reports.csv?cycle=${cycle.id}`)).text();
    expect(csv).toContain(world.official.displayName);
    expect(csv).not.toContain(world.official.email);
    expect(csv).not.toContain(world.official.userId);
    expect((await open(null, "/commitments/data/everything.csv")).status).toBe(404);
  });
});

describe("a commitment's history", () => {
  const edit = (
    commitment: Awaited<ReturnType<typeof newCommitment>>["commitment"],
    overrides: Partial<CommitmentEditInput> = {},
  ): CommitmentEditInput => ({
    titleZh: commitment.titleZh,
    titleEn: commitment.titleEn,
    departmentId: commitment.departmentId,
    promiseZh: commitment.promiseZh,
    promiseEn: commitment.promiseEn,
    targetDate: "2027-12-31",
    milestones: commitment.milestones.map((milestone) => ({
      id: milestone.id,
      title: milestone.title,
      dueDate: "2027-03-31",
      done: false,
    })),
    reason: "",
    ...overrides,
  });
  /** The edit form's fields for the commitment as it is. */
  const editFields = (
    commitment: Awaited<ReturnType<typeof newCommitment>>["commitment"],
    overrides: Record<string, string> = {},
  ) => ({
    titleZh: commitment.titleZh,
    titleEn: commitment.titleEn,
    departmentId: commitment.departmentId,
    promiseZh: commitment.promiseZh,
    promiseEn: commitment.promiseEn,
    targetDate: "2027-12-31",
    milestone0Id: commitment.milestones[0]!.id,
    milestone0Title: commitment.milestones[0]!.title,
    milestone0Due: "2027-03-31",
    reason: "",
    ...overrides,
  });
  const changesOf = (commitmentId: string) =>
    db.commitmentChange.findMany({ where: { commitmentId }, orderBy: { changedAt: "asc" } });

  it("refuses a change to the promise or a date without a reason, in both languages, next to the field, writing nothing", async () => {
    const { commitment } = await newCommitment();
    const before = await snapshot(commitment.id);
    const changes = await db.commitmentChange.count();
    for (const language of ["en", "zh-CN"] as const) {
      const post = (fields: Record<string, string>) =>
        submit(world.official, `/commitments/${commitment.id}/edit`, editFields(commitment, fields), language);
      await expectRefusal(
        await post({ promiseEn: "We will study the matter." }),
        language,
        "commitments.errors.reasonRequired",
      );
      await expectRefusal(await post({ targetDate: "2029-12-31" }), language, "commitments.errors.reasonRequired");
      await expectRefusal(await post({ milestone0Due: "2028-03-31" }), language, "commitments.errors.reasonRequired");
      await expectRefusal(
        await post({ milestone0Title: "", milestone0Due: "" }),
        language,
        "commitments.errors.reasonRequired",
      );
      await expectRefusal(
        await post({ promiseZh: "研究研究。", reason: "<b>because</b>" }),
        language,
        "validation.markup",
      );
    }
    // The command checks too, whatever the form sent.
    expect(
      await updateCommitment(
        world.official.user,
        commitment,
        edit(commitment, { promiseEn: "We will study the matter." }),
      ),
    ).toMatchObject({ ok: false, field: "reason", error: "commitments.errors.reasonRequired" });
    expect(await snapshot(commitment.id)).toEqual(before);
    expect(await db.commitmentChange.count()).toBe(changes);
    // The error is next to the reason field, which the form has.
    const page = await (
      await submit(
        world.official,
        `/commitments/${commitment.id}/edit`,
        editFields(commitment, { targetDate: "2029-12-31" }),
      )
    ).text();
    expect(page).toMatch(/<textarea[^>]*name="reason"[^>]*aria-invalid="true"/);
    // The schema alone says the same.
    expect(
      commitmentEditSchema(versionedOf(commitment)).safeParse(editFields(commitment, { targetDate: "2029-12-31" }))
        .success,
    ).toBe(false);
    expect(
      commitmentEditSchema(versionedOf(commitment)).safeParse(editFields(commitment, { titleEn: "New title" })).success,
    ).toBe(true);
  });

  it("keeps each change with its reason, before and after, audits it and shows it publicly as a dated history", async () => {
    const { cycle, commitment } = await newCommitment();
    const oldPromise = commitment.promiseEn;
    const reason = `The site was not approved ${unique()}`;
    const response = await submit(
      world.official,
      `/commitments/${commitment.id}/edit`,
      editFields(commitment, {
        promiseEn: "We will study the matter.",
        targetDate: "2029-12-31",
        milestone0Due: "2028-06-30",
        reason,
      }),
    );
    expect(response.status).toBe(302);
    const [change] = await changesOf(commitment.id);
    expect(change).toMatchObject({ authorId: world.official.userId, authorName: world.official.displayName, reason });
    expect(JSON.parse(change!.before)).toEqual({
      promiseEn: oldPromise,
      targetDate: "2027-12-31",
      milestones: [{ title: "选址", dueDate: "2027-03-31" }],
    });
    expect(JSON.parse(change!.after)).toEqual({
      promiseEn: "We will study the matter.",
      targetDate: "2029-12-31",
      milestones: [{ title: "选址", dueDate: "2028-06-30" }],
    });
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "commitment.update", targetId: commitment.id },
    });
    expect(JSON.parse(audit.detail!)).toMatchObject({
      changeId: change!.id,
      reason,
      before: { promiseEn: oldPromise, targetDate: "2027-12-31" },
      after: { promiseEn: "We will study the matter.", targetDate: "2029-12-31" },
    });

    // A title alone needs no reason, and is kept too; ticking a milestone done is progress, not a change.
    const edited = (await getCommitment(commitment.id))!;
    expect(
      await updateCommitment(
        world.official.user,
        edited,
        edit(edited, {
          titleEn: "Community canteen",
          targetDate: "2029-12-31",
          milestones: [{ id: edited.milestones[0]!.id, title: "选址", dueDate: "2028-06-30", done: false }],
        }),
      ),
    ).toEqual({ ok: true, value: undefined });
    const again = (await getCommitment(commitment.id))!;
    expect(
      await updateCommitment(
        world.official.user,
        again,
        edit(again, {
          targetDate: "2029-12-31",
          milestones: [{ id: again.milestones[0]!.id, title: "选址", dueDate: "2028-06-30", done: true }],
        }),
      ),
    ).toEqual({ ok: true, value: undefined });
    const all = await changesOf(commitment.id);
    expect(all).toHaveLength(2);
    expect(JSON.parse(all[1]!.after)).toEqual({ titleEn: "Community canteen" });
    expect(all[1]!.reason).toBe("");

    // The public page, for anyone, in both languages: when, who, from what to what, and why.
    const english = await (await open(null, `/commitments/${commitment.id}`, "en")).text();
    expect(english).toContain(asHtml(translate("en", "commitments.history.title")));
    expect(english).toContain(asHtml(reason));
    expect(english).toContain(asHtml(oldPromise));
    expect(english).toContain("We will study the matter.");
    expect(english).toContain(asHtml(translate("en", "commitments.history.reason", { reason })));
    expect(english).toContain(`id="change-${change!.id}"`);
    expect(english).toMatch(new RegExp(`Changed on [^<]+ by ${world.official.displayName}`));
    expect(english).toContain("December 31, 2027");
    expect(english).toContain("December 31, 2029");
    const chinese = await (await open(null, `/commitments/${commitment.id}`, "zh-CN")).text();
    expect(chinese).toContain(asHtml(translate("zh-CN", "commitments.history.title")));
    expect(chinese).toContain(asHtml(translate("zh-CN", "commitments.history.reason", { reason })));
    expect(chinese).toContain("2027年12月31日");

    // The year-end report lists the changes too.
    await db.cycle.update({ where: { id: cycle.id }, data: { reportStartsAt: new Date(Date.now() - DAY) } });
    const report = await (await open(null, `/priorities/${cycle.id}/report`, "en")).text();
    expect(report).toContain(asHtml(translate("en", "commitments.history.reason", { reason })));
    expect(report).toContain(asHtml(oldPromise));
    expect(
      (await yearEndReport(cycle.id)).commitments[0]!.changes.map((entry) => entry.fields.map((field) => field.field)),
    ).toEqual([["titleEn"], ["promiseEn", "targetDate", "milestones"]]);

    // And in the open data, one row per changed field.
    const json = (await (await open(null, `/commitments/data/changes.json?cycle=${cycle.id}`)).json()) as {
      rows: Array<Record<string, unknown>>;
    };
    expect(json.rows).toContainEqual(
      expect.objectContaining({
        change_id: change!.id,
        commitment_id: commitment.id,
        field: "targetDate",
        before: "2027-12-31",
        after: "2029-12-31",
        reason,
        official: world.official.displayName,
      }),
    );
    expect(json.rows).toContainEqual(
      expect.objectContaining({ field: "milestones", before: "选址 (2027-03-31)", after: "选址 (2028-06-30)" }),
    );
    expect(JSON.stringify(json)).not.toContain(world.official.userId);
    expect((await open(null, `/commitments/data/changes.csv?cycle=${cycle.id}`)).status).toBe(200);
  });

  it("notifies each follower of a change, never its author", async () => {
    const { commitment } = await newCommitment();
    const follower = await newResident({ displayName: "Change Follower" });
    await followCommitment(follower.user, commitment.id);
    await followCommitment(world.official.user, commitment.id);
    const countFor = (userId: string) =>
      db.notification.count({ where: { userId, kind: "commitments.commitmentChanged" } });

    // Ticking a milestone done changes no promise: nobody is told of a change.
    expect(
      await updateCommitment(
        world.official.user,
        commitment,
        edit(commitment, {
          milestones: [{ id: commitment.milestones[0]!.id, title: "选址", dueDate: "2027-03-31", done: true }],
        }),
      ),
    ).toEqual({ ok: true, value: undefined });
    expect(await countFor(follower.userId)).toBe(0);

    const current = (await getCommitment(commitment.id))!;
    expect(
      await updateCommitment(
        world.official.user,
        current,
        edit(current, { targetDate: "2028-06-30", reason: "Land handed over late." }),
      ),
    ).toEqual({ ok: true, value: undefined });
    expect(await countFor(follower.userId)).toBe(1);
    expect(await countFor(world.official.userId)).toBe(0);
    const change = await db.commitmentChange.findFirstOrThrow({ where: { commitmentId: commitment.id } });
    const notification = await db.notification.findFirstOrThrow({
      where: { userId: follower.userId, kind: "commitments.commitmentChanged" },
    });
    expect(notification.link).toBe(`/commitments/${commitment.id}#change-${change.id}`);
    const inbox = await (await open(follower, "/notifications")).text();
    expect(inbox).toContain(
      asHtml(translate("en", "commitments.notifications.commitmentChanged", { title: commitment.titleEn })),
    );
    // A refused change (no reason) tells nobody.
    const latest = (await getCommitment(commitment.id))!;
    expect((await updateCommitment(world.official.user, latest, edit(latest, { targetDate: "2030-01-01" }))).ok).toBe(
      false,
    );
    expect(await countFor(follower.userId)).toBe(1);
  });
});

describe("the year-end report's ranking", () => {
  /** A cycle in its report phase whose approval vote ranked C, A, B, D (ballot numbers 3, 1, 2, 4). */
  async function rankedCycle() {
    const cycle = await newCycle("report");
    const titles = ["A", "B", "C", "D"].map((letter) => `Candidate ${letter} ${unique()}`);
    const proposals = [];
    for (const [index, title] of titles.entries()) {
      proposals.push(
        await db.proposal.create({
          data: {
            cycleId: cycle.id,
            title,
            description: "候选",
            category: "transport",
            status: "shortlisted",
            ballotNumber: index + 1,
            departmentId: index === 3 ? world.otherDepartment.id : world.department.id,
          },
        }),
      );
    }
    const ballots = [...Array(4).fill("3"), ...Array(3).fill("1"), ...Array(2).fill("2"), "4"];
    await db.ballot.createMany({
      data: ballots.map((choices) => ({
        publicId: randomBytes(9).toString("base64url"),
        cycleId: cycle.id,
        channel: "online",
        choices,
        castOn: "2026-11-20",
      })),
    });
    const [a, b, c, d] = proposals as [
      (typeof proposals)[number],
      (typeof proposals)[number],
      (typeof proposals)[number],
      (typeof proposals)[number],
    ];
    return { cycle, a, b, c, d };
  }

  it("shows each candidate's rank, flags one ranked above a commitment without one or a reason, and shows the reason once given", async () => {
    const { cycle, a, b, c, d } = await rankedCycle();
    // C (first) and B (third) become commitments; A (second) does not, and nobody says why.
    for (const proposal of [c, b])
      expect(
        (
          await makeCommitment(
            world.official.user,
            cycle,
            proposal.id,
            commitmentInput(world.department.id, { titleEn: proposal.title }),
          )
        ).ok,
      ).toBe(true);
    const ranking = (await yearEndReport(cycle.id)).candidates;
    expect(ranking.map((row) => [row.id, row.rank, !!row.commitmentId, row.unexplained])).toEqual([
      [c.id, 1, true, false],
      [a.id, 2, false, true],
      [b.id, 3, true, false],
      [d.id, 4, false, false],
    ]);
    const flagged = await (await open(null, `/priorities/${cycle.id}/report`, "en")).text();
    expect(flagged).toContain(asHtml(translate("en", "commitments.ranking.title")));
    // The flag itself, not only the sentence that explains it.
    const flag = `>${asHtml(translate("en", "commitments.ranking.noReason"))}</strong>`;
    expect(flagged).toContain(flag);
    expect(flagged).toContain(asHtml(a.title));
    expect(flagged).toContain(asHtml(d.title));
    expect(await (await open(null, `/priorities/${cycle.id}/report`, "zh-CN")).text()).toContain(
      `>${translate("zh-CN", "commitments.ranking.noReason")}</strong>`,
    );

    // The page where commitments are made lists A with its rank and the form to say why.
    const makePage = await (await open(world.official, `/commitments/new?cycle=${cycle.id}`)).text();
    expect(makePage).toContain(asHtml(translate("en", "commitments.skip.rank", { rank: 2, number: 1 })));
    expect(makePage).toContain(`id="skip-${a.id}"`);
    // Not for D, which belongs to another department.
    expect(makePage).not.toContain(`id="skip-${d.id}"`);

    // Another department's official may not answer for A; an empty reason is refused; nothing written.
    const before = await db.proposal.findUniqueOrThrow({ where: { id: a.id } });
    for (const language of ["en", "zh-CN"] as const) {
      await expectRefusal(
        await submit(
          world.otherOfficial,
          `/commitments/new?cycle=${cycle.id}`,
          { intent: "skip", proposalId: a.id, skipReason: "Not ours." },
          language,
        ),
        language,
        "commitments.errors.notAllowed",
      );
      await expectRefusal(
        await submit(
          world.official,
          `/commitments/new?cycle=${cycle.id}`,
          { intent: "skip", proposalId: a.id, skipReason: "  " },
          language,
        ),
        language,
        "validation.required",
      );
    }
    expect(
      await recordSkipReason(world.official.user, cycle, { proposalId: c.id, skipReason: "Already committed." }),
    ).toMatchObject({ ok: false, error: "commitments.errors.proposalTaken" });
    expect(await db.proposal.findUniqueOrThrow({ where: { id: a.id } })).toEqual(before);

    const reason = `The land belongs to the city, not the district ${unique()}`;
    const saved = await submit(world.official, `/commitments/new?cycle=${cycle.id}`, {
      intent: "skip",
      proposalId: a.id,
      skipReason: reason,
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/commitments/new?cycle=${cycle.id}`);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: a.id } })).skipReason).toBe(reason);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "proposal.skipReason", targetId: a.id } });
    expect(entry.actorId).toBe(world.official.userId);
    expect(JSON.parse(entry.detail!)).toMatchObject({ reason, cycleId: cycle.id });
    // An administrator may give D's reason.
    expect(
      await recordSkipReason(world.admin.user, cycle, { proposalId: d.id, skipReason: "Below the budget line." }),
    ).toEqual({ ok: true, value: undefined });

    const explained = await (await open(null, `/priorities/${cycle.id}/report`, "en")).text();
    expect(explained).toContain(asHtml(translate("en", "commitments.ranking.reason", { reason })));
    expect(explained).not.toContain(flag);
    expect((await yearEndReport(cycle.id)).candidates.every((row) => !row.unexplained)).toBe(true);
  });

  it("asks no reason before the results, and flags nothing when the commitments follow the ranking", async () => {
    const { cycle, a, c } = await rankedCycle();
    for (const proposal of [c, a])
      expect(
        (await makeCommitment(world.admin.user, cycle, proposal.id, commitmentInput(world.department.id))).ok,
      ).toBe(true);
    expect((await yearEndReport(cycle.id)).candidates.some((row) => row.unexplained)).toBe(false);
    const early = await newCycle("vote");
    const proposal = await newProposal(early.id, world.department.id);
    expect(
      await recordSkipReason(world.admin.user, early, { proposalId: proposal.id, skipReason: "Too early." }),
    ).toMatchObject({ ok: false, error: "commitments.errors.tooEarly" });
  });
});
