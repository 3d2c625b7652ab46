// Priority voting (docs/decisions/0017): verification at a counter and by one-time codes, the
// ballot for each method, paper batches and their confirmation. Every refusal must come with a
// translated message and leave the database as it was; concurrent double submissions must leave
// exactly one ballot, on SQLite and on PostgreSQL.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { checkChoices, parseStoredChoices } from "~/features/priorities/ballot-rules";
import { castBallot, getBallotCycle, getCastingCycle } from "~/features/priorities/ballots.server";
import { generateCodeBatch, hashCode, newCode, normaliseCode, redeemCode } from "~/features/priorities/codes.server";
import { cycleDownload } from "~/features/priorities/downloads.server";
import { confirmPaperBatch, deletePaperBatch, enterPaperBatch } from "~/features/priorities/paper-batches.server";
import { recountCountsFile } from "~/features/priorities/recount";
import { findResultsCycle, recountCycle } from "~/features/priorities/results.server";
import { verifyResident } from "~/features/priorities/verification.server";
import { collectPersonalData } from "~/features/accounts/personal-data.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { seedBallots } from "../../prisma/seed-ballots";
import { newAdministrator, newResident, uniqueIp, newWithRole, type Person } from "./helpers";
import { handOutPaperBallots, idCardNumber } from "./priorities-fixtures";
import { asHtml, logInOverHttp, post, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const DAY = 86_400_000;
const unique = () => randomBytes(4).toString("hex");
type Phase = "review" | "vote" | "results";

const newArea = () =>
  db.area.create({ data: { slug: `area-${unique()}`, nameZh: `区${unique()}`, nameEn: `District ${unique()}` } });

/** Phase dates that put a cycle in `phase` now. */
function scheduleFor(phase: Phase) {
  const now = Date.now();
  const voteStartsAt = phase === "review" ? now + DAY : phase === "vote" ? now - DAY : now - 3 * DAY;
  const resultsStartsAt = phase === "results" ? now - DAY : voteStartsAt + 2 * DAY;
  return {
    collectStartsAt: new Date(voteStartsAt - 20 * DAY),
    reviewStartsAt: new Date(voteStartsAt - 10 * DAY),
    voteStartsAt: new Date(voteStartsAt),
    resultsStartsAt: new Date(resultsStartsAt),
    implementationStartsAt: new Date(resultsStartsAt + 10 * DAY),
    reportStartsAt: new Date(resultsStartsAt + 300 * DAY),
  };
}

let department: { id: string };

async function newCycle(options: {
  areaId: string;
  phase?: Phase;
  method?: "approval" | "ranked" | "budget";
  maxChoices?: number | null;
  budgetTotal?: number | null;
  candidates?: number;
}) {
  const cycle = await db.cycle.create({
    data: {
      areaId: options.areaId,
      titleZh: `${unique()} 年度重点`,
      titleEn: `Priorities ${unique()}`,
      ballotMethod: options.method ?? "approval",
      maxChoices: options.maxChoices === undefined ? 3 : options.maxChoices,
      budgetTotal: options.budgetTotal ?? null,
      ...scheduleFor(options.phase ?? "vote"),
    },
  });
  for (let number = 1; number <= (options.candidates ?? 6); number++) {
    await db.proposal.create({
      data: {
        cycleId: cycle.id,
        title: `Candidate ${number}`,
        description: "d",
        category: "roads",
        status: "shortlisted",
        ballotNumber: number,
        departmentId: department.id,
        estimatedCost: number * 100_000,
      },
    });
  }
  // A declined proposal is not on the ballot, even if it kept a number.
  await db.proposal.create({
    data: {
      cycleId: cycle.id,
      title: "Declined",
      description: "d",
      category: "roads",
      status: "declined",
      response: "No",
    },
  });
  return cycle;
}

const verify = (person: Person, areaId: string) =>
  db.verification.create({ data: { areaId, userId: person.userId, method: "counter", documentKind: "idCard" } });
const ballotsOf = (cycleId: string) => db.ballot.findMany({ where: { cycleId } });
const en = i18nextFor("en").t;
/** The page a refused form comes back as shows the message (next to its field). */
async function showsMessage(response: Response, message: string) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(await response.text()).toContain(asHtml(message));
}

let area: { id: string };
let otherArea: { id: string };
let admin: Person;
let counter: Person;
let colleague: Person;

beforeAll(async () => {
  department = await db.department.create({
    data: { slug: `d-${unique()}`, nameZh: `交通局${unique()}`, nameEn: `Transport ${unique()}` },
  });
  area = await newArea();
  otherArea = await newArea();
  admin = await newAdministrator();
  counter = await newCounterStaff();
  colleague = await newCounterStaff();
});

describe("verification", () => {
  it("counter staff verify a resident with the kind of document checked, audited; residents cannot", async () => {
    const resident = await newResident();
    const other = await newResident();
    const unknown = await verifyResident(counter.user, {
      email: "nobody@example.org",
      areaId: area.id,
      documentKind: "idCard",
      documentNumber: idCardNumber(),
    });
    expect(unknown).toMatchObject({ ok: false, field: "email", error: "priorities.voting.errors.noSuchResident" });
    const own = await verifyResident(counter.user, {
      email: counter.email,
      areaId: area.id,
      documentKind: "idCard",
      documentNumber: idCardNumber(),
    });
    expect(own).toMatchObject({ ok: false, field: "email", error: "priorities.voting.errors.ownVerification" });
    expect(await db.verification.count({ where: { userId: counter.userId } })).toBe(0);
    const refused = await verifyResident(other.user, {
      email: resident.email,
      areaId: area.id,
      documentKind: "idCard",
      documentNumber: idCardNumber(),
    });
    expect(refused).toMatchObject({ ok: false, error: "priorities.voting.errors.notCounterStaff" });
    expect(await db.verification.count({ where: { userId: resident.userId } })).toBe(0);

    const outcome = await verifyResident(counter.user, {
      email: resident.email,
      areaId: area.id,
      documentKind: "residencePermit",
      documentNumber: idCardNumber(),
    });
    expect(outcome.ok).toBe(true);
    const row = await db.verification.findUniqueOrThrow({
      where: { areaId_userId: { areaId: area.id, userId: resident.userId } },
    });
    expect(row).toMatchObject({ method: "counter", documentKind: "residencePermit", verifiedById: counter.userId });
    expect(
      await db.auditEntry.count({
        where: { action: "resident.verify", targetId: resident.userId, actorId: counter.userId },
      }),
    ).toBe(1);
  });

  it("counter staff over HTTP: the resident is found by email and marked; a resident gets 403", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const page = await post(
      base,
      "/counter/verify",
      { intent: "find", email: resident.email.toUpperCase() },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(await page.text()).toContain(resident.displayName);
    // A marking without the kind of document is refused next to the field; the resident stays found.
    const incomplete = await post(
      base,
      "/counter/verify",
      { intent: "verify", email: resident.email, areaId: area.id },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(incomplete.status).toBe(400);
    const incompletePage = await incomplete.text();
    expect(incompletePage).toContain(resident.displayName);
    expect(incompletePage).toContain('id="field-documentKind-error"');
    expect(await db.verification.count({ where: { userId: resident.userId } })).toBe(0);
    const response = await post(
      base,
      "/counter/verify",
      {
        intent: "verify",
        email: resident.email,
        areaId: area.id,
        documentKind: "householdRegister",
        documentNumber: idCardNumber(),
      },
      { Cookie: cookie },
    );
    expect(response.status).toBe(302);
    expect(await db.verification.count({ where: { userId: resident.userId, areaId: area.id } })).toBe(1);

    const { cookie: residentCookie } = await logInOverHttp(base, resident.email, resident.password);
    const refused = await post(
      base,
      "/counter/verify",
      {
        intent: "verify",
        email: resident.email,
        areaId: otherArea.id,
        documentKind: "idCard",
        documentNumber: idCardNumber(),
      },
      { Cookie: residentCookie },
    );
    expect(refused.status).toBe(403);
    expect(await db.verification.count({ where: { userId: resident.userId, areaId: otherArea.id } })).toBe(0);
  });
});

describe("one-time codes", () => {
  it("are stored only as hashes, redeem once, and refuse reuse, expiry, unknown codes and another area's code", async () => {
    const refused = await generateCodeBatch(counter.user, area.id, { label: "x", size: 2, expiresOn: "2999-01-01" });
    expect(refused).toMatchObject({ ok: false, error: "priorities.voting.errors.notAdministrator" });

    const generated = await generateCodeBatch(admin.user, area.id, {
      label: "Letters",
      size: 5,
      expiresOn: "2999-12-31",
    });
    if (!generated.ok) throw new Error(generated.error);
    const codes = generated.value.codes;
    expect(codes).toHaveLength(5);
    expect(new Set(codes).size).toBe(5);
    for (const code of codes)
      expect(code).toMatch(
        /^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$/,
      );
    const stored = await db.verificationCode.findMany({ where: { batchId: generated.value.batchId } });
    expect(stored.map((row) => row.codeHash).sort()).toEqual(codes.map(hashCode).sort());
    // Nothing in the database holds a code in clear.
    expect(JSON.stringify(stored)).not.toContain(normaliseCode(codes[0]!));

    const resident = await newResident();
    // Another area's code: refused when the resident came from that area's ballot, and nothing changes.
    const wrongArea = await redeemCode(resident.user, { code: codes[0]!, areaId: otherArea.id }, uniqueIp());
    expect(wrongArea).toMatchObject({ ok: false, field: "code", error: "priorities.voting.errors.codeOtherArea" });
    expect(await db.verification.count({ where: { userId: resident.userId } })).toBe(0);
    expect(
      (await db.verificationCode.findUniqueOrThrow({ where: { codeHash: hashCode(codes[0]!) } })).redeemedAt,
    ).toBeNull();

    // Typed in lower case with spaces, it still works.
    const typed = codes[0]!.toLowerCase().replace(/-/g, " ");
    expect(await redeemCode(resident.user, { code: typed, areaId: area.id }, uniqueIp())).toMatchObject({
      ok: true,
      value: { areaId: area.id },
    });
    expect(
      await db.verification.findUniqueOrThrow({
        where: { areaId_userId: { areaId: area.id, userId: resident.userId } },
      }),
    ).toMatchObject({ method: "code", documentKind: null });

    // Already verified: the code is not spent, so another member of the household can use it.
    const again = await redeemCode(resident.user, { code: codes[2]! }, uniqueIp());
    expect(again).toMatchObject({ ok: false, error: "priorities.voting.errors.alreadyVerified" });
    expect(
      (await db.verificationCode.findUniqueOrThrow({ where: { codeHash: hashCode(codes[2]!) } })).redeemedAt,
    ).toBeNull();

    const second = await newResident();
    const reused = await redeemCode(second.user, { code: codes[0]!, areaId: area.id }, uniqueIp());
    expect(reused).toMatchObject({ ok: false, error: "priorities.voting.errors.codeUsed" });
    const unknown = await redeemCode(second.user, { code: newCode() }, uniqueIp());
    expect(unknown).toMatchObject({ ok: false, error: "priorities.voting.errors.codeUnknown" });
    expect(await db.verification.count({ where: { userId: second.userId } })).toBe(0);

    await db.verificationCodeBatch.update({
      where: { id: generated.value.batchId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await redeemCode(second.user, { code: codes[1]!, areaId: area.id }, uniqueIp());
    expect(expired).toMatchObject({ ok: false, error: "priorities.voting.errors.codeExpired" });
    expect(await db.verification.count({ where: { userId: second.userId } })).toBe(0);
    expect(
      await db.verificationCode.count({ where: { batchId: generated.value.batchId, redeemedAt: { not: null } } }),
    ).toBe(1);
  });

  it("a batch of the largest size, 5000, gets 5000 distinct codes", async () => {
    const generated = await generateCodeBatch(admin.user, area.id, {
      label: "Whole district",
      size: 5000,
      expiresOn: "2999-12-31",
    });
    if (!generated.ok) throw new Error(generated.error);
    expect(new Set(generated.value.codes).size).toBe(5000);
    expect(await db.verificationCode.count({ where: { batchId: generated.value.batchId } })).toBe(5000);
  });

  it("the same code redeemed twice at once verifies one resident only", async () => {
    const generated = await generateCodeBatch(admin.user, area.id, { label: "Race", size: 1, expiresOn: "2999-12-31" });
    if (!generated.ok) throw new Error(generated.error);
    const [first, second] = [await newResident(), await newResident()];
    const outcomes = await Promise.all(
      [first, second].map((person) => redeemCode(person.user, { code: generated.value.codes[0]! }, uniqueIp())),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(await db.verification.count({ where: { userId: { in: [first.userId, second.userId] } } })).toBe(1);
  });

  it("guessing is rate limited with a translated message", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    let last: Response | undefined;
    for (let attempt = 0; attempt < 11; attempt++)
      last = await post(base, "/priorities/verify", { code: newCode() }, { Cookie: cookie, "Accept-Language": "en" });
    expect(last!.status).toBe(429);
    await showsMessage(last!, en("auth.rateLimited", { count: 15 }));
  });

  it("an administrator generates a printable batch over HTTP; a size out of range is refused next to the field", async () => {
    const { cookie } = await logInOverHttp(base, admin.email, admin.password);
    const tooMany = await post(
      base,
      `/admin/areas/${area.id}/codes`,
      { label: "Big", size: "5001", expiresOn: "2999-01-01" },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(tooMany.status).toBe(400);
    await showsMessage(tooMany, en("priorities.voting.errors.batchSize"));
    const before = await db.verificationCodeBatch.count();
    const made = await post(
      base,
      `/admin/areas/${area.id}/codes`,
      { label: "Print me", size: "3", expiresOn: "2999-01-01" },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(made.status).toBe(200);
    const printable = await made.text();
    const shown =
      printable.match(
        /[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}/g,
      ) ?? [];
    expect(new Set(shown).size).toBe(3);
    expect(await db.verificationCodeBatch.count()).toBe(before + 1);
  });
});

describe("casting a ballot", () => {
  it("refuses the unverified, a resident of another area, and voting outside the vote phase, changing nothing", async () => {
    const cycle = await newCycle({ areaId: area.id });
    const unverified = await newResident();
    expect(await castBallot(unverified.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.notVerified",
    });
    const elsewhere = await newResident();
    await verify(elsewhere, otherArea.id);
    expect(await castBallot(elsewhere.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.notVerified",
    });
    const resident = await newResident();
    await verify(resident, area.id);
    for (const phase of ["review", "results"] as const) {
      const closed = await newCycle({ areaId: area.id, phase });
      expect(await castBallot(resident.user, { cycleId: closed.id, choices: [1] })).toMatchObject({
        ok: false,
        error: "priorities.voting.errors.notVotePhase",
      });
      expect(await ballotsOf(closed.id)).toHaveLength(0);
    }
    expect(await ballotsOf(cycle.id)).toHaveLength(0);
  });

  it("refuses more than K, duplicates, invalid ranks and over budget with the message next to the field", async () => {
    const resident = await newResident();
    await verify(resident, area.id);
    const approval = await newCycle({ areaId: area.id, method: "approval", maxChoices: 2 });
    const ranked = await newCycle({ areaId: area.id, method: "ranked", maxChoices: 3 });
    const budget = await newCycle({ areaId: area.id, method: "budget", maxChoices: null, budgetTotal: 500_000 });
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const send = async (cycleId: string, fields: [string, string][], language = "en") => {
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
      const html = await response.text();
      return { status: response.status, html };
    };
    const refusedWith = async (sending: Promise<{ status: number; html: string }>, message: string) => {
      const { status, html } = await sending;
      expect(status).toBe(400);
      expect(html).toContain(asHtml(message));
    };
    await refusedWith(
      send(approval.id, [
        ["choice", "1"],
        ["choice", "2"],
        ["choice", "3"],
      ]),
      en("priorities.voting.errors.tooMany", { count: 2 }),
    );
    await refusedWith(
      send(approval.id, [
        ["choice", "1"],
        ["choice", "1"],
      ]),
      en("priorities.voting.errors.duplicate", { number: 1 }),
    );
    await refusedWith(
      send(approval.id, [["choice", "42"]]),
      en("priorities.voting.errors.unknownNumber", { number: "42" }),
    );
    await refusedWith(
      send(ranked.id, [
        ["rank-1", "1"],
        ["rank-2", "1"],
      ]),
      en("priorities.voting.errors.sameRank", { rank: 1, first: 1, second: 2 }),
    );
    await refusedWith(
      send(ranked.id, [
        ["rank-1", "1"],
        ["rank-2", "3"],
      ]),
      en("priorities.voting.errors.rankGap", { rank: 2 }),
    );
    await refusedWith(
      send(ranked.id, [["rank-1", "9"]]),
      en("priorities.voting.errors.rankTooHigh", { number: 1, count: 3 }),
    );
    await refusedWith(
      send(
        budget.id,
        [
          ["choice", "2"],
          ["choice", "4"],
        ],
        "zh-CN",
      ),
      i18nextFor("zh-CN").t("priorities.voting.errors.overBudget", {
        total: "60万元",
        budget: "50万元",
        excess: "10万元",
      }),
    );
    for (const cycle of [approval, ranked, budget]) expect(await ballotsOf(cycle.id)).toHaveLength(0);

    expect(
      (
        await send(ranked.id, [
          ["rank-5", "1"],
          ["rank-2", "2"],
        ])
      ).status,
    ).toBe(302);
    expect((await ballotsOf(ranked.id)).map((ballot) => ballot.choices)).toEqual(["5,2"]);
    expect(
      (
        await send(budget.id, [
          ["choice", "1"],
          ["choice", "4"],
        ])
      ).status,
    ).toBe(302);
  });

  it("the ballot page states the points the count gives, how many become priorities, and what a missing estimate means", async () => {
    const resident = await newResident();
    await verify(resident, area.id);
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const page = async (cycleId: string) => {
      const response = await fetch(`${base}/priorities/${cycleId}/ballot`, {
        headers: { Cookie: cookie, "Accept-Language": "en" },
      });
      expect(response.status).toBe(200);
      return response.text();
    };
    // 5 ranks allowed, 3 candidates: the count gives 3, 2 and 1 points, and the page says so.
    const ranked = await newCycle({ areaId: area.id, method: "ranked", maxChoices: 5, candidates: 3 });
    const html = await page(ranked.id);
    expect(html).toContain("Rank up to 3 candidates, 1 for your favourite.");
    expect(html).toContain("Points for each rank: rank 1: 3 points, rank 2: 2 points, rank 3: 1 point.");
    expect(html).toContain(asHtml("The vote allows 5 ranks, but only 3 candidates are on the ballot"));
    expect(html).toContain("The vote does not set how many candidates become priorities.");
    expect(html).not.toContain("become the priorities");
    expect(await castBallot(resident.user, { cycleId: ranked.id, choices: [1, 2, 3] })).toMatchObject({ ok: true });
    const counted = await recountCycle((await findResultsCycle(ranked.id))!);
    expect(counted.candidates.map((candidate) => [candidate.ballotNumber, candidate.combined.score])).toEqual([
      [1, 3],
      [2, 2],
      [3, 1],
    ]);

    // A budget candidate without an estimate: shown as such, counted as ¥0, never funded.
    const budget = await newCycle({
      areaId: area.id,
      method: "budget",
      maxChoices: null,
      budgetTotal: 500_000,
      candidates: 3,
    });
    await db.proposal.updateMany({ where: { cycleId: budget.id, ballotNumber: 3 }, data: { estimatedCost: null } });
    const budgetHtml = await page(budget.id);
    expect(budgetHtml).toContain("No cost estimate: counts as ¥0 against your total, and cannot be funded");
    expect(budgetHtml).toContain(
      "No. 3 has no cost estimate: on a ballot it counts as ¥0 against the total, and it cannot be funded.",
    );
  });

  it("casting reads the same rules and schedule in one statement as the ballot page does", async () => {
    const resident = await newResident();
    await verify(resident, area.id);
    const cycle = await newCycle({ areaId: area.id, method: "budget", maxChoices: null, budgetTotal: 700_000 });
    const [page, casting, stranger] = await Promise.all([
      getBallotCycle(cycle.id),
      getCastingCycle(cycle.id, resident.userId),
      getCastingCycle(cycle.id, counter.userId),
    ]);
    expect(casting!.rules).toEqual(page!.rules);
    expect(casting!.cycle.voteStartsAt.getTime()).toBe(page!.cycle.voteStartsAt.getTime());
    expect(casting!.cycle.resultsStartsAt.getTime()).toBe(page!.cycle.resultsStartsAt.getTime());
    expect([casting!.verified, stranger!.verified]).toEqual([true, false]);
    expect(await getCastingCycle("no-such-cycle", resident.userId)).toBeNull();
  });

  it("a changed ballot replaces the earlier one with a fresh public id; the day only is kept", async () => {
    const resident = await newResident();
    await verify(resident, area.id);
    const cycle = await newCycle({ areaId: area.id, method: "ranked", maxChoices: 3 });
    expect(await castBallot(resident.user, { cycleId: cycle.id, choices: [1, 2, 3] })).toMatchObject({
      ok: true,
      value: { changed: false },
    });
    const [first] = await ballotsOf(cycle.id);
    expect(await castBallot(resident.user, { cycleId: cycle.id, choices: [3, 1] })).toMatchObject({
      ok: true,
      value: { changed: true },
    });
    const after = await ballotsOf(cycle.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ choices: "3,1", channel: "online", voterId: resident.userId });
    expect(after[0]!.publicId).not.toBe(first!.publicId);
    expect(after[0]!.castOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("concurrent double submissions through the real action leave exactly one ballot, one of those sent", async () => {
    const resident = await newResident();
    await verify(resident, area.id);
    const cycle = await newCycle({ areaId: area.id, method: "approval", maxChoices: 3 });
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const sent = [["1"], ["2"], ["3"], ["1", "2"], ["2", "3"], ["4"], ["5"], ["6"]];
    const responses = await Promise.all(
      sent.map((choices) =>
        fetch(`${base}/priorities/${cycle.id}/ballot`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: cookie },
          body: new URLSearchParams(choices.map((choice) => ["choice", choice])),
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(sent.map(() => 302));
    const ballots = await ballotsOf(cycle.id);
    expect(ballots).toHaveLength(1);
    expect(sent.map((choices) => choices.join(","))).toContain(ballots[0]!.choices);
  });

  it("many residents voting at once each leave one ballot", async () => {
    const cycle = await newCycle({ areaId: area.id, method: "approval", maxChoices: 3 });
    const people = await Promise.all(Array.from({ length: 6 }, () => newResident()));
    for (const person of people) await verify(person, area.id);
    const outcomes = await Promise.all(
      people.flatMap((person) => [
        castBallot(person.user, { cycleId: cycle.id, choices: [1] }),
        castBallot(person.user, { cycleId: cycle.id, choices: [2] }),
      ]),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(await db.ballot.count({ where: { cycleId: cycle.id } })).toBe(6);
  });

  it("the resident's data download says they voted and where they are verified, with no public id", async () => {
    const resident = await newResident();
    await verify(resident, area.id);
    const cycle = await newCycle({ areaId: area.id });
    await castBallot(resident.user, { cycleId: cycle.id, choices: [2, 1] });
    const data = (await collectPersonalData(resident.userId)).voting as {
      verifications: unknown[];
      ballots: Array<Record<string, unknown>>;
    };
    expect(data.verifications).toHaveLength(1);
    expect(data.ballots).toEqual([expect.objectContaining({ cycleId: cycle.id, choices: [2, 1] })]);
    const [ballot] = await ballotsOf(cycle.id);
    expect(JSON.stringify(data)).not.toContain(ballot!.publicId);
  });
});

describe("paper batches", () => {
  it("counter staff enter a batch; a line with a mistake is refused by its number and nothing is stored", async () => {
    const cycle = await newCycle({ areaId: area.id, method: "ranked", maxChoices: 3 });
    await handOutPaperBallots(db, cycle.id, 3);
    const bad = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box 1", ballots: "1 2 3\n4 4\n5" });
    expect(bad).toMatchObject({
      ok: false,
      field: "ballots",
      error: "priorities.voting.errors.paperLine",
      values: { line: 2 },
    });
    expect(await db.paperBatch.count({ where: { cycleId: cycle.id } })).toBe(0);
    expect(await ballotsOf(cycle.id)).toHaveLength(0);

    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const response = await post(
      base,
      "/counter/paper-ballots",
      { cycleId: cycle.id, label: "Box 1", ballots: "1 2 3\n4 4" },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(response.status).toBe(400);
    await showsMessage(response, `Line 2: ${en("priorities.voting.errors.duplicate", { number: 4 })}`);

    const good = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box 1", ballots: "1 2 3\n\n4 5\n2" });
    if (!good.ok) throw new Error(good.error);
    const batch = await db.paperBatch.findUniqueOrThrow({
      where: { id: good.value.batchId },
      include: { ballots: true },
    });
    expect(batch).toMatchObject({ enteredById: counter.userId, confirmedAt: null });
    expect(batch.ballots.map((ballot) => parseStoredChoices(ballot.choices))).toEqual(
      expect.arrayContaining([[1, 2, 3], [4, 5], [2]]),
    );
    expect(batch.ballots.every((ballot) => ballot.channel === "paper" && ballot.voterId === null)).toBe(true);
    expect(await db.auditEntry.count({ where: { action: "paperBatch.enter", targetId: batch.id } })).toBe(1);
  });

  it("anyone but counter staff is refused, administrators included, and outside the vote phase too", async () => {
    const cycle = await newCycle({ areaId: area.id });
    const resident = await newResident();
    for (const person of [resident, admin]) {
      expect(await enterPaperBatch(person.user, { cycleId: cycle.id, label: "x", ballots: "1" })).toMatchObject({
        ok: false,
        error: "priorities.voting.errors.notCounterStaff",
      });
      const { cookie } = await logInOverHttp(base, person.email, person.password);
      expect(
        (
          await post(
            base,
            "/counter/paper-ballots",
            { cycleId: cycle.id, label: "x", ballots: "1" },
            { Cookie: cookie },
          )
        ).status,
      ).toBe(403);
    }
    const closed = await newCycle({ areaId: area.id, phase: "results" });
    expect(await enterPaperBatch(counter.user, { cycleId: closed.id, label: "late", ballots: "1" })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.notVotePhase",
    });
    expect(await db.paperBatch.count({ where: { cycleId: { in: [cycle.id, closed.id] } } })).toBe(0);
  });

  it("the enterer cannot confirm their own batch; a colleague can, once, audited", async () => {
    const cycle = await newCycle({ areaId: area.id });
    await handOutPaperBallots(db, cycle.id, 2);
    const entered = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box 2", ballots: "1 2\n3" });
    if (!entered.ok) throw new Error(entered.error);
    const batchId = entered.value.batchId;
    expect(await confirmPaperBatch(counter.user, batchId)).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.ownBatch",
    });
    const resident = await newResident();
    expect(await confirmPaperBatch(resident.user, batchId)).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.notCounterStaff",
    });
    expect(await confirmPaperBatch(admin.user, batchId)).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.notCounterStaff",
    });
    expect((await db.paperBatch.findUniqueOrThrow({ where: { id: batchId } })).confirmedAt).toBeNull();

    // Over HTTP the enterer is refused with the message in their language.
    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const own = await post(
      base,
      `/counter/paper-ballots/${batchId}`,
      { intent: "confirm" },
      { Cookie: cookie, "Accept-Language": "zh-CN" },
    );
    expect(own.status).toBe(400);
    await showsMessage(own, i18nextFor("zh-CN").t("priorities.voting.errors.ownBatch"));

    const { cookie: colleagueCookie } = await logInOverHttp(base, colleague.email, colleague.password);
    const confirmed = await post(
      base,
      `/counter/paper-ballots/${batchId}`,
      { intent: "confirm" },
      { Cookie: colleagueCookie },
    );
    expect(confirmed.status).toBe(302);
    expect(await db.paperBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({
      confirmedById: colleague.userId,
    });
    expect(
      await db.auditEntry.count({
        where: { action: "paperBatch.confirm", targetId: batchId, actorId: colleague.userId },
      }),
    ).toBe(1);
    // A confirmed batch can neither be confirmed again nor deleted.
    expect(await deletePaperBatch(colleague.user, batchId)).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.batchConfirmed",
    });
    expect(await db.ballot.count({ where: { batchId } })).toBe(2);
  });

  it("an unconfirmed batch is deleted with its ballots only after the box is ticked", async () => {
    const cycle = await newCycle({ areaId: area.id });
    await handOutPaperBallots(db, cycle.id, 3);
    const entered = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box 3", ballots: "1\n2\n3" });
    if (!entered.ok) throw new Error(entered.error);
    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const unticked = await post(
      base,
      `/counter/paper-ballots/${entered.value.batchId}`,
      { intent: "delete" },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(unticked.status).toBe(400);
    expect(await db.ballot.count({ where: { batchId: entered.value.batchId } })).toBe(3);
    // The clerk who typed it deletes it at once.
    const deleted = await post(
      base,
      `/counter/paper-ballots/${entered.value.batchId}`,
      { intent: "delete", confirm: "on" },
      { Cookie: cookie },
    );
    expect(deleted.status).toBe(302);
    expect(await db.paperBatch.count({ where: { id: entered.value.batchId } })).toBe(0);
    expect(await ballotsOf(cycle.id)).toHaveLength(0);
  });
});

describe("demo seed", () => {
  it("skips with a message without the cycles, then seeds valid ballots once", async () => {
    const lines: string[] = [];
    const residents = [await newResident(), await newResident()];
    const people = { counterId: counter.userId, residentIds: residents.map((resident) => resident.userId) };
    await db.$transaction((tx) => seedBallots(tx, people, (line) => lines.push(line)));
    expect(lines[0]).toMatch(/not seeded/);

    const haidian = await db.area.create({ data: { slug: "haidian", nameZh: "海淀区", nameEn: "Haidian District" } });
    const subdistrict = await db.area.create({
      data: { slug: "haidian-zhongguancun", nameZh: "中关村街道", nameEn: "Zhongguancun" },
    });
    const seeded = [
      ["seed-cycle-2026", haidian.id, "ranked", 5, null, "results"],
      ["seed-cycle-2027", haidian.id, "approval", 3, null, "vote"],
      ["seed-cycle-2026-zgc", subdistrict.id, "budget", null, 3000, "results"],
    ] as const;
    for (const [id, areaId, method, maxChoices, budgetTotal, phase] of seeded) {
      await db.cycle.create({
        data: {
          id,
          areaId,
          titleZh: id,
          titleEn: id,
          ballotMethod: method,
          maxChoices,
          budgetTotal,
          ...scheduleFor(phase),
        },
      });
      for (let number = 1; number <= 8; number++) {
        await db.proposal.create({
          data: {
            cycleId: id,
            title: `P${number}`,
            description: "d",
            category: "c",
            status: "shortlisted",
            ballotNumber: number,
            departmentId: department.id,
            estimatedCost: 1000,
          },
        });
      }
    }
    await db.$transaction((tx) => seedBallots(tx, people, (line) => lines.push(line)), { timeout: 60_000 });
    await db.$transaction((tx) => seedBallots(tx, people, (line) => lines.push(line)), { timeout: 60_000 });
    const last = await db.ballot.findMany({ where: { cycleId: "seed-cycle-2026" }, include: { batch: true } });
    expect(last.length).toBeGreaterThan(300);
    expect(last.filter((ballot) => ballot.channel === "paper" && ballot.batch?.confirmedAt).length).toBeGreaterThan(0);
    expect(last.filter((ballot) => ballot.channel === "paper" && !ballot.batch?.confirmedAt).length).toBeGreaterThan(0);
    const rules = (await getBallotCycle("seed-cycle-2026"))!.rules;
    expect(last.filter((ballot) => checkChoices(rules, parseStoredChoices(ballot.choices)) !== null)).toEqual([]);
    // Last year's published counts recount to its count, from the file alone.
    const lastCycle = (await findResultsCycle("seed-cycle-2026"))!;
    const published = await (await cycleDownload(lastCycle, "ballot-counts.csv", "en")).text();
    expect(recountCountsFile(published, "csv")).toEqual(await recountCycle(lastCycle));
    expect((await recountCycle(lastCycle)).invalid.combined).toBe(0);
    expect(await db.ballot.count({ where: { cycleId: "seed-cycle-2027" } })).toBeGreaterThan(100);
    // The demo residents are verified; the first has not voted this year, so they can try it.
    expect(await db.verification.count({ where: { areaId: haidian.id, userId: { in: people.residentIds } } })).toBe(2);
    expect(await db.ballot.count({ where: { cycleId: "seed-cycle-2027", voterId: residents[0]!.userId } })).toBe(0);
    // An unconfirmed batch this year, entered by someone else than the demo counter account.
    const waiting = await db.paperBatch.findFirstOrThrow({ where: { cycleId: "seed-cycle-2027", confirmedAt: null } });
    expect(waiting.enteredById).not.toBe(counter.userId);
    expect(lines.filter((line) => /Ballots seeded/.test(line))).toHaveLength(1);
    // One person, one ballot holds in the seed too: every counted ballot belongs to someone marked
    // as having voted, and a finished vote's ballots link to nobody.
    for (const [id] of seeded) {
      const online = await db.ballot.count({ where: { cycleId: id, channel: "online" } });
      const paper = await db.ballot.count({ where: { cycleId: id, channel: "paper" } });
      expect(await db.participation.count({ where: { cycleId: id, channel: "online" } })).toBe(online);
      expect(await db.participation.count({ where: { cycleId: id, channel: "paper" } })).toBeGreaterThanOrEqual(paper);
    }
    expect(
      await db.ballot.count({
        where: { cycleId: { in: ["seed-cycle-2026", "seed-cycle-2026-zgc"] }, voterId: { not: null } },
      }),
    ).toBe(0);
    expect(await db.ballot.count({ where: { cycleId: "seed-cycle-2026-zgc" } })).toBeGreaterThan(100);
  });
});

const newCounterStaff = () => newWithRole("counterStaff");
