// What a red-team pass against the running forum found in the priority vote, each kept as a test
// that speaks to the real server the way the attacker (or the honest user caught out) did.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { newPublicId } from "~/features/priorities/ballots.server";
import { getCycle as getCommitmentCycle, makeCommitment } from "~/features/commitments/commitments.server";
import { getCycle, updateCycle } from "~/features/priorities/cycles.server";
import { PAPER_BATCH_MAX_BALLOTS } from "~/features/priorities/paper-batches.server";
import { PHASES, PHASE_START_FIELDS, type Phase } from "~/features/priorities/phases";
import { mergeProposal, unshortlistProposal } from "~/features/priorities/review.server";
import type { CycleInput } from "~/features/priorities/schemas";
import { i18nextFor } from "~/i18n/i18next.server";
import { asUser, newAdministrator, newResident } from "./helpers";
import { asHtml, logInOverHttp, post, withRealServer } from "./http";
import { handOutPaperBallots } from "./priorities-fixtures";

let base: string;
withRealServer((url) => (base = url));

const DAY = 86_400_000;
const unique = () => randomBytes(4).toString("hex");
const en = i18nextFor("en").t;

let counter: Awaited<ReturnType<typeof newResident>>;

beforeAll(async () => {
  counter = await newResident({ displayName: `Counter ${unique()}` });
  await db.role.create({ data: { userId: counter.userId, name: "counterStaff" } });
  counter = { ...counter, user: await asUser(counter.userId) };
});

/** A ranked cycle in its vote phase with `candidates` shortlisted proposals, K = all of them. */
async function rankedCycleVoting(candidates: number) {
  const area = await db.area.create({
    data: { slug: `area-${unique()}`, nameZh: `区${unique()}`, nameEn: `District ${unique()}` },
  });
  const department = await db.department.create({
    data: { slug: `d-${unique()}`, nameZh: `局${unique()}`, nameEn: `Bureau ${unique()}` },
  });
  const now = Date.now();
  const cycle = await db.cycle.create({
    data: {
      areaId: area.id,
      titleZh: `${unique()} 年度重点`,
      titleEn: `Priorities ${unique()}`,
      ballotMethod: "ranked",
      maxChoices: candidates,
      collectStartsAt: new Date(now - 20 * DAY),
      reviewStartsAt: new Date(now - 10 * DAY),
      voteStartsAt: new Date(now - DAY),
      resultsStartsAt: new Date(now + DAY),
      implementationStartsAt: new Date(now + 10 * DAY),
      reportStartsAt: new Date(now + 300 * DAY),
    },
  });
  for (let number = 1; number <= candidates; number++) {
    await db.proposal.create({
      data: {
        cycleId: cycle.id,
        title: `Candidate ${number}`,
        description: "d",
        category: "transport",
        status: "shortlisted",
        ballotNumber: number,
        departmentId: department.id,
      },
    });
  }
  return cycle;
}

describe("paper batches of a real ballot box", () => {
  it("a full batch of ten-rank ballots typed with Chinese commas is accepted, not refused as too large a request", async () => {
    const cycle = await rankedCycleVoting(10);
    await handOutPaperBallots(db, cycle.id, PAPER_BATCH_MAX_BALLOTS);
    // 1,000 lines like "1，2，…，10" are about 98 KB once percent-encoded: over the 64 KiB of a plain form.
    const ballots = Array.from({ length: PAPER_BATCH_MAX_BALLOTS }, () => "1，2，3，4，5，6，7，8，9，10").join("\r\n");
    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const response = await post(
      base,
      "/counter/paper-ballots",
      { cycleId: cycle.id, label: "Box 1", ballots },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(response.status).toBe(302);
    expect(await db.ballot.count({ where: { cycleId: cycle.id, channel: "paper" } })).toBe(PAPER_BATCH_MAX_BALLOTS);
  });

  it("a batch over the limit is refused with a message and stores nothing", async () => {
    const cycle = await rankedCycleVoting(3);
    const ballots = Array.from({ length: PAPER_BATCH_MAX_BALLOTS + 1 }, () => "1 2").join("\n");
    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const response = await post(
      base,
      "/counter/paper-ballots",
      { cycleId: cycle.id, label: "Box 2", ballots },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      asHtml(en("priorities.voting.errors.batchTooLarge", { count: PAPER_BATCH_MAX_BALLOTS })),
    );
    expect(await db.paperBatch.count({ where: { cycleId: cycle.id } })).toBe(0);
    expect(await db.ballot.count({ where: { cycleId: cycle.id } })).toBe(0);
  });
});

describe("a cycle whose vote has started", () => {
  it("cannot be dated back into review, where the shortlist under the cast ballots could be renumbered", async () => {
    const cycle = await rankedCycleVoting(3);
    await db.ballot.create({
      data: { publicId: unique(), cycleId: cycle.id, channel: "online", choices: "2,3", castOn: "2026-01-01" },
    });
    const admin = await newAdministrator();
    const view = (await getCycle(cycle.id))!;
    const wall = (date: Date) => date.toISOString().slice(0, 16);
    const dates = Object.fromEntries(
      PHASES.map((phase) => [PHASE_START_FIELDS[phase], wall(view[PHASE_START_FIELDS[phase]])]),
    ) as Pick<CycleInput, (typeof PHASE_START_FIELDS)[Phase]>;
    const input: CycleInput = {
      areaId: view.areaId,
      titleZh: view.titleZh,
      titleEn: view.titleEn,
      summaryZh: "",
      summaryEn: "",
      ballotMethod: "ranked" as const,
      maxChoices: 3,
      budgetTotal: undefined,
      ...dates,
    };
    // The vote "starts" tomorrow again: the cycle would be in review today.
    const later = { ...input, voteStartsAt: wall(new Date(Date.now() + DAY / 2)) };
    expect(await updateCycle(admin.user, view, later, "UTC")).toMatchObject({
      ok: false,
      field: "voteStartsAt",
      error: "priorities.errors.voteStarted",
    });
    expect((await getCycle(cycle.id))!.phase).toBe("vote");
    // Administrators review too: in review they could take number 2 off and make 3 the new 2.
    const number2 = await db.proposal.findFirstOrThrow({ where: { cycleId: cycle.id, ballotNumber: 2 } });
    expect((await unshortlistProposal(admin.user, (await getCycle(cycle.id))!, number2.id)).ok).toBe(false);
    expect(await db.proposal.findFirstOrThrow({ where: { cycleId: cycle.id, ballotNumber: 2 } })).toMatchObject({
      id: number2.id,
    });
    // The vote may still be extended: a later close keeps it in the vote.
    expect(
      (await updateCycle(admin.user, view, { ...input, resultsStartsAt: wall(new Date(Date.now() + 2 * DAY)) }, "UTC"))
        .ok,
    ).toBe(true);
  });
});

describe("a commitment", () => {
  it("cannot be made by an official of another department than the proposal's, under their own", async () => {
    const cycle = await rankedCycleVoting(2);
    const now = Date.now();
    await db.cycle.update({
      where: { id: cycle.id },
      data: { voteStartsAt: new Date(now - 3 * DAY), resultsStartsAt: new Date(now - DAY) },
    });
    const proposal = await db.proposal.findFirstOrThrow({ where: { cycleId: cycle.id, ballotNumber: 1 } });
    const own = await db.department.create({
      data: { slug: `d-${unique()}`, nameZh: `局${unique()}`, nameEn: `Bureau ${unique()}` },
    });
    const other = await newResident();
    await db.membership.create({ data: { userId: other.userId, departmentId: own.id } });
    const view = (await getCommitmentCycle(cycle.id))!;
    const input = {
      titleZh: "",
      titleEn: "",
      departmentId: own.id,
      promiseZh: "我们来做",
      promiseEn: "",
      targetDate: "2027-12-31",
      milestones: [],
    };
    expect(await makeCommitment(await asUser(other.userId), view, proposal.id, input)).toMatchObject({
      ok: false,
      error: "commitments.errors.notAllowed",
    });
    expect(await db.commitment.count({ where: { proposalId: proposal.id } })).toBe(0);
    // An administrator still may give it to another department.
    expect((await makeCommitment((await newAdministrator()).user, view, proposal.id, input)).ok).toBe(true);
  });
});

describe("an area's name", () => {
  it("is plain text: a name that reads backwards or carries tags is refused, and no area is made", async () => {
    const admin = await newAdministrator();
    const { cookie } = await logInOverHttp(base, admin.email, admin.password);
    for (const nameEn of ["Haidian\u202Etcirtsid", "<b>Haidian</b>"]) {
      const slug = `area-${unique()}`;
      const response = await post(
        base,
        "/admin/areas",
        { slug, nameZh: "海淀区", nameEn },
        { Cookie: cookie, "Accept-Language": "en" },
      );
      expect(response.status).toBe(400);
      expect(await db.area.count({ where: { slug } })).toBe(0);
    }
  });

  it("whose short name is taken is refused as another area's, not another department's", async () => {
    const admin = await newAdministrator();
    const taken = await db.area.create({ data: { slug: `area-${unique()}`, nameZh: "海淀区", nameEn: "Haidian" } });
    const { cookie } = await logInOverHttp(base, admin.email, admin.password);
    const response = await post(
      base,
      "/admin/areas",
      { slug: taken.slug, nameZh: "海淀区", nameEn: "Haidian" },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(en("priorities.errors.areaSlugTaken"));
  });
});

describe("the published ballot ids", () => {
  it("never start with a character the CSV download would escape, so the CSV and JSON ids agree", () => {
    // Base64url ids start with "-" once in 64: 2,000 draws without one would be chance once in 10^13.
    const ids = Array.from({ length: 2000 }, () => newPublicId());
    expect(ids.filter((id) => /^[-=+@]/.test(id))).toEqual([]);
  });
});

describe("two officials merging a pair of duplicates", () => {
  it("into each other at the same moment: one merge wins and the other proposal stays live", async () => {
    const admin = await newAdministrator();
    const colleague = await newAdministrator();
    const area = await db.area.create({
      data: { slug: `area-${unique()}`, nameZh: `区${unique()}`, nameEn: `District ${unique()}` },
    });
    const now = Date.now();
    const cycle = await db.cycle.create({
      data: {
        areaId: area.id,
        titleZh: `${unique()} 年度重点`,
        titleEn: `Priorities ${unique()}`,
        ballotMethod: "approval",
        maxChoices: 3,
        collectStartsAt: new Date(now - 20 * DAY),
        reviewStartsAt: new Date(now - DAY),
        voteStartsAt: new Date(now + DAY),
        resultsStartsAt: new Date(now + 2 * DAY),
        implementationStartsAt: new Date(now + 3 * DAY),
        reportStartsAt: new Date(now + 300 * DAY),
      },
    });
    const view = (await getCycle(cycle.id))!;
    // Each official sees the duplicate from their side. On PostgreSQL both merges went through
    // in most rounds before the fix, and both proposals ended merged into each other.
    for (let round = 0; round < 10; round++) {
      const a = await db.proposal.create({
        data: { cycleId: cycle.id, title: `Lifts ${round}`, description: "d", category: "housing" },
      });
      const b = await db.proposal.create({
        data: { cycleId: cycle.id, title: `More lifts ${round}`, description: "d", category: "housing" },
      });
      const outcomes = await Promise.all([
        mergeProposal(admin.user, view, a.id, b.id),
        mergeProposal(colleague.user, view, b.id, a.id),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      const statuses = (await db.proposal.findMany({ where: { id: { in: [a.id, b.id] } }, select: { status: true } }))
        .map((row) => row.status)
        .sort();
      expect(statuses).toEqual(["merged", "submitted"]);
    }
  });
});
