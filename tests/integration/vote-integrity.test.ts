// The promises of a priority vote as an election observer would attack them (decision 0026):
// one person, one ballot whatever the channel and however many accounts; turnout that never
// passes 100%; a closed vote that stays closed; nothing that links a person to their choices
// after the close; corrections that are visible and take two administrators; paper boxes that
// one clerk alone cannot make vanish. Each test is an attack the review carried out.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { deleteAccount, exportAccountData } from "~/features/accounts/accounts.server";
import { castBallot, getBallotPage } from "~/features/priorities/ballots.server";
import { generateCodeBatch, REDEEMED, redeemCode } from "~/features/priorities/codes.server";
import { confirmCorrection, proposeCorrection, withdrawCorrection } from "~/features/priorities/corrections.server";
import { getCycle, updateCycle } from "~/features/priorities/cycles.server";
import {
  confirmPaperBatch,
  deletePaperBatch,
  enterPaperBatch,
  handOutPaperBallot,
} from "~/features/priorities/paper-batches.server";
import { cycleResult, findResultsCycle } from "~/features/priorities/results.server";
import { verifyResident } from "~/features/priorities/verification.server";
import { closeVote } from "~/features/priorities/vote-close.server";
import { voterKey } from "~/features/priorities/voter-keys.server";
import { databaseProvider } from "~/database.server";
import { dateToWallTime } from "~/shared/wall-time";
import { PHASES, PHASE_START_FIELDS } from "~/features/priorities/phases";
import { newAdministrator, newResident, newWithRole, uniqueIp, type Person } from "./helpers";
import { logInOverHttp, post, withRealServer } from "./http";
import { createVotingCycle, idCardNumber } from "./priorities-fixtures";

let base: string;
withRealServer((url) => (base = url));

const DAY = 86_400_000;
const unique = () => randomBytes(4).toString("hex");

let area: { id: string };
let counter: Person;
let colleague: Person;
let third: Person;
let admin: Person;
let secondAdmin: Person;

beforeAll(async () => {
  area = await db.area.create({
    data: { slug: `area-${unique()}`, nameZh: `区${unique()}`, nameEn: `District ${unique()}` },
  });
  counter = await newWithRole("counterStaff");
  colleague = await newWithRole("counterStaff");
  third = await newWithRole("counterStaff");
  admin = await newAdministrator();
  secondAdmin = await newAdministrator();
});

/** A cycle in its vote (closing in two days), approval of up to 3 of 5 candidates. */
const openCycle = (areaId = area.id) => createVotingCycle(db, areaId);

/** Voting closes now: the dates move as "Close the vote now" moves them. */
async function closeNow(cycleId: string) {
  await db.cycle.update({ where: { id: cycleId }, data: { resultsStartsAt: new Date() } });
  await closeVote(cycleId, new Date(Date.now() + 1));
}

async function verifiedResident(documentNumber = idCardNumber(), areaId = area.id) {
  const person = await newResident();
  const outcome = await verifyResident(counter.user, {
    email: person.email,
    areaId,
    documentKind: "idCard",
    documentNumber,
  });
  if (!outcome.ok) throw new Error(outcome.error);
  return { ...person, documentNumber };
}

const ballots = (cycleId: string) => db.ballot.count({ where: { cycleId } });

describe("one person, one ballot", () => {
  it("a second account cannot be verified with the same document; staff are told which account holds it, and nothing is written", async () => {
    const first = await verifiedResident();
    const second = await newResident();
    // The same number typed with spaces and a lower-case check letter is still the same document.
    const typed = `${first.documentNumber.slice(0, 6)} ${first.documentNumber.slice(6).toLowerCase()}`;
    const refused = await verifyResident(counter.user, {
      email: second.email,
      areaId: area.id,
      documentKind: "idCard",
      documentNumber: typed,
    });
    expect(refused).toMatchObject({
      ok: false,
      field: "documentNumber",
      error: "priorities.voting.errors.documentUsed",
      values: { account: `${first.email[0]}•••@example.org` },
    });
    expect(await db.verification.count({ where: { userId: second.userId } })).toBe(0);
    // Over HTTP the message is next to the number, and the page offers to move the verification.
    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const page = await post(
      base,
      "/counter/verify",
      {
        intent: "verify",
        email: second.email,
        areaId: area.id,
        documentKind: "idCard",
        documentNumber: first.documentNumber,
      },
      { Cookie: cookie, "Accept-Language": "en" },
    );
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('id="field-documentNumber-error"');
    expect(html).toContain('name="move"');
    // The number is never stored, in any form a database reader could search for.
    const stored = JSON.stringify(await db.verification.findMany({ where: { areaId: area.id } }));
    expect(stored).not.toContain(first.documentNumber);
    expect(JSON.stringify(await db.auditEntry.findMany({ where: { action: "resident.verify" } }))).not.toContain(
      first.documentNumber,
    );
  });

  it("moving a verification to a person's new account does not give them a second ballot", async () => {
    const cycle = await openCycle();
    const first = await verifiedResident();
    expect(await castBallot(first.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({ ok: true });
    const second = await newResident();
    const moved = await verifyResident(counter.user, {
      email: second.email,
      areaId: area.id,
      documentKind: "idCard",
      documentNumber: first.documentNumber,
      move: "on",
    });
    expect(moved).toMatchObject({ ok: true, value: { moved: true } });
    expect(await db.verification.count({ where: { userId: first.userId, areaId: area.id } })).toBe(0);
    const again = await castBallot(second.user, { cycleId: cycle.id, choices: [2] });
    expect(again).toMatchObject({ ok: false, error: "priorities.voting.errors.votedWithAnotherAccount" });
    expect(await ballots(cycle.id)).toBe(1);
    expect((await getBallotPage(cycle.id, second.user))!.voted).toBe(true);
  });

  it("a resident verified by a letter's code who votes, then has their document checked, cannot vote again from a second account", async () => {
    const cycle = await openCycle();
    const batch = await generateCodeBatch(admin.user, area.id, { label: "Letters", size: 1, expiresOn: "2999-12-31" });
    if (!batch.ok) throw new Error(batch.error);
    const person = await newResident();
    expect(await redeemCode(person.user, { code: batch.value.codes[0]! }, uniqueIp())).toMatchObject({ ok: true });
    expect(await castBallot(person.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({ ok: true });
    const documentNumber = idCardNumber();
    expect(
      await verifyResident(counter.user, {
        email: person.email,
        areaId: area.id,
        documentKind: "idCard",
        documentNumber,
      }),
    ).toMatchObject({ ok: true });
    const other = await newResident();
    expect(
      await verifyResident(counter.user, {
        email: other.email,
        areaId: area.id,
        documentKind: "idCard",
        documentNumber,
        move: "on",
      }),
    ).toMatchObject({ ok: true });
    expect(await castBallot(other.user, { cycleId: cycle.id, choices: [3] })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.votedWithAnotherAccount",
    });
    expect(await ballots(cycle.id)).toBe(1);
  });

  it("a voter who deletes their account and registers again is verified again, but cannot vote again; the first ballot still counts", async () => {
    const cycle = await openCycle();
    const first = await verifiedResident();
    expect(await castBallot(first.user, { cycleId: cycle.id, choices: [4] })).toMatchObject({ ok: true });
    expect(await deleteAccount(first.user, first.password, uniqueIp())).toMatchObject({ ok: true });
    // Deleting unlinks the ballot from the account at once.
    expect(await db.ballot.count({ where: { cycleId: cycle.id, voterId: { not: null } } })).toBe(0);
    const again = await newResident();
    // The deleted account's verification moves to the new one without asking.
    expect(
      await verifyResident(counter.user, {
        email: again.email,
        areaId: area.id,
        documentKind: "idCard",
        documentNumber: first.documentNumber,
      }),
    ).toMatchObject({ ok: true, value: { moved: true } });
    expect(await castBallot(again.user, { cycleId: cycle.id, choices: [5] })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.votedWithAnotherAccount",
    });
    const found = (await findResultsCycle(cycle.id))!;
    const result = await cycleResult(found);
    expect(result.ballots.combined).toBe(1);
    expect(result.candidates.find((candidate) => candidate.ballotNumber === 4)!.combined.ballots).toBe(1);
  });

  it("online and on paper: whoever voted online gets no paper ballot, and whoever took a paper ballot cannot vote online", async () => {
    const cycle = await openCycle();
    const online = await verifiedResident();
    expect(await castBallot(online.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({ ok: true });
    expect(
      await handOutPaperBallot(counter.user, {
        cycleId: cycle.id,
        documentKind: "idCard",
        documentNumber: online.documentNumber,
      }),
    ).toMatchObject({
      ok: false,
      field: "documentNumber",
      error: "priorities.voting.errors.votedOnline",
    });

    const documentNumber = idCardNumber();
    expect(
      await handOutPaperBallot(counter.user, { cycleId: cycle.id, documentKind: "idCard", documentNumber }),
    ).toMatchObject({ ok: true, value: { handedOut: 1 } });
    // A second paper ballot for the same person, at another desk.
    expect(
      await handOutPaperBallot(colleague.user, { cycleId: cycle.id, documentKind: "idCard", documentNumber }),
    ).toMatchObject({ ok: false, error: "priorities.voting.errors.paperAlreadyHandedOut" });
    // The same person's account, verified with that document later, cannot also vote online.
    const paperVoter = await verifiedResident(documentNumber);
    expect(await castBallot(paperVoter.user, { cycleId: cycle.id, choices: [2] })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.votedOnPaper",
    });
    expect(await db.ballot.count({ where: { cycleId: cycle.id, channel: "online" } })).toBe(1);
    // Residents and administrators cannot mark anyone.
    expect(
      await handOutPaperBallot(admin.user, {
        cycleId: cycle.id,
        documentKind: "idCard",
        documentNumber: idCardNumber(),
      }),
    ).toMatchObject({ ok: false, error: "priorities.voting.errors.notCounterStaff" });
  });

  it("the hand-out desk over HTTP refuses a wrong ID number next to the field, in the clerk's language, and records nothing", async () => {
    const cycle = await openCycle();
    const { cookie } = await logInOverHttp(base, counter.email, counter.password);
    const wrong = idCardNumber().slice(0, 17) + "Z";
    const response = await post(
      base,
      "/counter/paper-ballots/hand-out",
      { cycleId: cycle.id, documentKind: "idCard", documentNumber: wrong },
      { Cookie: cookie, "Accept-Language": "zh-CN" },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("这不是有效的居民身份证号码");
    expect(await db.participation.count({ where: { cycleId: cycle.id } })).toBe(0);
    const done = await post(
      base,
      "/counter/paper-ballots/hand-out",
      { cycleId: cycle.id, documentKind: "idCard", documentNumber: idCardNumber() },
      { Cookie: cookie },
    );
    expect(done.status).toBe(302);
    expect(await db.participation.count({ where: { cycleId: cycle.id, channel: "paper" } })).toBe(1);
  });

  it("no more paper ballots can be entered than were handed out", async () => {
    const cycle = await openCycle();
    for (let i = 0; i < 2; i++)
      await handOutPaperBallot(counter.user, {
        cycleId: cycle.id,
        documentKind: "passport",
        documentNumber: `E${unique()}`,
      });
    const stuffed = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box", ballots: "1\n2\n3" });
    expect(stuffed).toMatchObject({
      ok: false,
      field: "ballots",
      error: "priorities.voting.errors.moreThanHandedOut",
      values: { handedOut: 2, entered: 0, count: 3 },
    });
    expect(await db.paperBatch.count({ where: { cycleId: cycle.id } })).toBe(0);
    expect(await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box", ballots: "1\n2" })).toMatchObject({
      ok: true,
    });
    expect(
      await enterPaperBatch(colleague.user, { cycleId: cycle.id, label: "Box again", ballots: "3" }),
    ).toMatchObject({ ok: false, error: "priorities.voting.errors.moreThanHandedOut" });
  });
});

describe("turnout", () => {
  it("is fixed when voting closes, counts each person once, and never passes 100%, whatever is verified afterwards", async () => {
    const district = await db.area.create({
      data: { slug: `t-${unique()}`, nameZh: "投票率区", nameEn: "Turnout District" },
    });
    const cycle = await openCycle(district.id);
    const voters = [];
    for (let i = 0; i < 3; i++) voters.push(await verifiedResident(idCardNumber(), district.id));
    await verifiedResident(idCardNumber(), district.id); // verified, did not vote
    for (const voter of voters) await castBallot(voter.user, { cycleId: cycle.id, choices: [1, 2] });
    // Two paper voters without accounts, one box, confirmed.
    for (let i = 0; i < 2; i++)
      await handOutPaperBallot(counter.user, {
        cycleId: cycle.id,
        documentKind: "idCard",
        documentNumber: idCardNumber(),
      });
    const batch = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box", ballots: "1\n3" });
    if (!batch.ok) throw new Error(batch.error);
    await confirmPaperBatch(colleague.user, batch.value.batchId);
    // A voter re-verified just before the close moves nothing.
    await verifyResident(colleague.user, {
      email: voters[0]!.email,
      areaId: district.id,
      documentKind: "idCard",
      documentNumber: voters[0]!.documentNumber,
    });
    await closeNow(cycle.id);
    const closed = await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } });
    // 4 verified residents + 2 paper voters = 6 people; 5 ballots.
    expect(closed.electorate).toBe(6);
    expect(closed.voteClosedAt).not.toBeNull();
    // Residents verified after the close, and re-verifications, leave it as it was.
    for (let i = 0; i < 5; i++) await verifiedResident(idCardNumber(), district.id);
    await verifyResident(colleague.user, {
      email: voters[1]!.email,
      areaId: district.id,
      documentKind: "idCard",
      documentNumber: voters[1]!.documentNumber,
    });
    expect(await closeVote(cycle.id)).toBe(false);
    expect((await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } })).electorate).toBe(6);
    const page = await (
      await fetch(`${base}/priorities/${cycle.id}/results`, { headers: { "Accept-Language": "en" } })
    ).text();
    expect(page).toContain("Turnout: 83.3% of the 6 people who could vote");
  });
});

describe("the same person under two documents", () => {
  it("a voter whose second document is checked after voting counts once in turnout and raises no paper hand-out", async () => {
    const district = await db.area.create({
      data: { slug: `two-${unique()}`, nameZh: "两证区", nameEn: "Two Documents" },
    });
    const cycle = await openCycle(district.id);
    // Handed a paper ballot with the ID card; the account is verified with a passport later.
    const idCard = idCardNumber();
    expect(
      await handOutPaperBallot(counter.user, { cycleId: cycle.id, documentKind: "idCard", documentNumber: idCard }),
    ).toMatchObject({ ok: true });
    const person = await verifiedResident(idCard, district.id);
    expect(
      await verifyResident(colleague.user, {
        email: person.email,
        areaId: district.id,
        documentKind: "passport",
        documentNumber: `E${unique()}`,
      }),
    ).toMatchObject({ ok: true });
    // Still refused online, and no second paper ballot can be entered on the strength of it.
    expect(await castBallot(person.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({ ok: false });
    expect(await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box", ballots: "1\n2" })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.moreThanHandedOut",
      values: { handedOut: 1 },
    });
    await closeNow(cycle.id);
    expect((await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } })).electorate).toBe(1);
  });
});

describe("the marks that people voted", () => {
  it("are rewritten in a random order at the close, so their order cannot be matched to the ballots' order", async () => {
    const cycle = await openCycle();
    const voters = [];
    for (let i = 0; i < 10; i++) voters.push(await verifiedResident());
    for (const voter of voters)
      expect(
        await castBallot(voter.user, { cycleId: cycle.id, choices: [1 + (voters.indexOf(voter) % 5)] }),
      ).toMatchObject({ ok: true });
    const stored = async () => {
      // The physical order an attacker with the database file would read.
      const rows =
        databaseProvider() === "postgresql"
          ? await db.$queryRaw<
              Array<{ voterKey: string }>
            >`SELECT "voterKey" FROM "Participation" WHERE "cycleId" = ${cycle.id} ORDER BY ctid`
          : await db.$queryRaw<
              Array<{ voterKey: string }>
            >`SELECT "voterKey" FROM "Participation" WHERE "cycleId" = ${cycle.id} ORDER BY rowid`;
      return rows.map((row) => row.voterKey);
    };
    const hashes = await db.verification.findMany({
      where: { userId: { in: voters.map((voter) => voter.userId) } },
      select: { userId: true, documentHash: true },
    });
    const keyOf = new Map(hashes.map((row) => [row.userId, voterKey(cycle.id, { documentHash: row.documentHash! })]));
    const castOrder = voters.map((voter) => keyOf.get(voter.userId)!);
    expect(await stored()).toEqual(castOrder);
    await closeNow(cycle.id);
    const after = await stored();
    expect([...after].sort()).toEqual([...castOrder].sort());
    // 1 chance in 10! (3.6 million) that a fair shuffle leaves them as they were.
    expect(after).not.toEqual(castOrder);
  });
});

describe("a closed vote stays closed", () => {
  it("its dates cannot move to reopen it; later phases still can; the results stay", async () => {
    const cycle = await openCycle();
    const voter = await verifiedResident();
    await castBallot(voter.user, { cycleId: cycle.id, choices: [2] });
    await closeNow(cycle.id);
    const view = (await getCycle(cycle.id))!;
    const zone = "Asia/Shanghai";
    const input = {
      areaId: view.areaId,
      titleZh: view.titleZh,
      titleEn: view.titleEn,
      summaryZh: "",
      summaryEn: "",
      ballotMethod: "approval" as const,
      maxChoices: 3,
      budgetTotal: undefined,
      ...Object.fromEntries(
        PHASES.map((phase) => [PHASE_START_FIELDS[phase], dateToWallTime(view[PHASE_START_FIELDS[phase]], zone)]),
      ),
    } as Parameters<typeof updateCycle>[2];
    // The review's attack: results nine months later, so the vote is open again.
    const reopened = await updateCycle(
      admin.user,
      view,
      {
        ...input,
        resultsStartsAt: dateToWallTime(new Date(Date.now() + 270 * DAY), zone),
        implementationStartsAt: dateToWallTime(new Date(Date.now() + 280 * DAY), zone),
        reportStartsAt: dateToWallTime(new Date(Date.now() + 300 * DAY), zone),
      },
      zone,
    );
    expect(reopened).toMatchObject({
      ok: false,
      field: "resultsStartsAt",
      error: "priorities.errors.voteClosedFrozen",
    });
    const votedLater = await verifiedResident();
    expect(await castBallot(votedLater.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.notVotePhase",
    });
    // The report may still move.
    const later = await updateCycle(
      admin.user,
      view,
      { ...input, reportStartsAt: dateToWallTime(new Date(Date.now() + 320 * DAY), zone) },
      zone,
    );
    expect(later).toMatchObject({ ok: true });
    const after = await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } });
    expect(after.resultsStartsAt.getTime()).toBe(view.resultsStartsAt.getTime());
    expect(await ballots(cycle.id)).toBe(1);
  });
});

describe("the secret ballot", () => {
  it("at the close every ballot's link to its voter is cut; the voter keeps only that they voted", async () => {
    const cycle = await openCycle();
    const voter = await verifiedResident();
    await castBallot(voter.user, { cycleId: cycle.id, choices: [3, 5] });
    expect(
      ((await exportAccountData(voter.userId)) as unknown as { voting: { ballots: unknown[] } }).voting.ballots,
    ).toHaveLength(1);
    await closeNow(cycle.id);
    expect(await db.ballot.count({ where: { cycleId: cycle.id, voterId: { not: null } } })).toBe(0);
    const page = (await getBallotPage(cycle.id, voter.user))!;
    expect(page.myBallot).toBeNull();
    expect(page.voted).toBe(true);
    const data = (await exportAccountData(voter.userId)) as unknown as {
      voting: { ballots: unknown[]; votedIn: Array<{ cycle: string }> };
    };
    expect(data.voting.ballots).toEqual([]);
    expect(data.voting.votedIn).toEqual([expect.objectContaining({ cycle: cycle.titleEn })]);
    expect(JSON.stringify(data)).not.toContain('"3,5"');
    // Over HTTP, the ballot page months later shows no choices.
    const { cookie } = await logInOverHttp(base, voter.email, voter.password);
    const html = await (
      await fetch(`${base}/priorities/${cycle.id}/ballot`, { headers: { Cookie: cookie, "Accept-Language": "en" } })
    ).text();
    expect(html).toContain("You voted in it. How you voted is no longer kept with your account");
    expect(html).not.toMatch(/checked=""/);
  });

  it("a code's time of use is not kept, so it cannot be matched to the account that redeemed it", async () => {
    const batch = await generateCodeBatch(admin.user, area.id, { label: "Letters", size: 1, expiresOn: "2999-12-31" });
    if (!batch.ok) throw new Error(batch.error);
    const person = await newResident();
    await redeemCode(person.user, { code: batch.value.codes[0]! }, uniqueIp());
    const code = await db.verificationCode.findFirstOrThrow({ where: { batchId: batch.value.batchId } });
    expect(code.redeemedAt?.getTime()).toBe(REDEEMED.getTime());
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { action: "verificationCode.redeem", actorId: person.userId },
    });
    expect(entry.createdAt.getTime()).not.toBe(code.redeemedAt!.getTime());
  });
});

describe("corrections and paper boxes", () => {
  it("a batch left unconfirmed at the close is named on the results page and counted only by a correction two administrators make", async () => {
    const cycle = await openCycle();
    for (let i = 0; i < 3; i++)
      await handOutPaperBallot(counter.user, {
        cycleId: cycle.id,
        documentKind: "idCard",
        documentNumber: idCardNumber(),
      });
    const box = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box 7, Library", ballots: "2\n2\n2" });
    if (!box.ok) throw new Error(box.error);
    await closeNow(cycle.id);
    const results = () =>
      fetch(`${base}/priorities/${cycle.id}/results`, { headers: { "Accept-Language": "en" } }).then((response) =>
        response.text(),
      );
    expect(await results()).toContain(
      "Box 7, Library: 3 ballots, not confirmed by a second member of counter staff before voting closed",
    );

    const found = (await findResultsCycle(cycle.id))!;
    expect((await cycleResult(found)).ballots.offline).toBe(0);
    // Counter staff can no longer confirm it: voting has closed.
    expect(await confirmPaperBatch(colleague.user, box.value.batchId)).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.notVotePhase",
    });
    const proposal = await proposeCorrection(admin.user, found, {
      kind: "countBatch",
      batchId: box.value.batchId,
      reason: "The box was confirmed by phone at 20:05; the clerk's session had expired.",
    });
    if (!proposal.ok) throw new Error(proposal.error);
    expect(
      await proposeCorrection(secondAdmin.user, found, {
        kind: "countBatch",
        batchId: box.value.batchId,
        reason: "again",
      }),
    ).toMatchObject({ ok: false, error: "priorities.corrections.errors.pendingAlready" });
    expect(await confirmCorrection(admin.user, found, proposal.value.id)).toMatchObject({
      ok: false,
      error: "priorities.corrections.errors.ownProposal",
    });
    expect(await confirmCorrection(counter.user, found, proposal.value.id)).toMatchObject({
      ok: false,
      error: "priorities.errors.notAdministrator",
    });
    expect((await cycleResult(found)).ballots.offline).toBe(0);

    expect(await confirmCorrection(secondAdmin.user, found, proposal.value.id)).toMatchObject({ ok: true });
    expect((await cycleResult((await findResultsCycle(cycle.id))!)).ballots.offline).toBe(3);
    const html = await results();
    expect(html).toContain("Corrected on");
    expect(html).toContain("The box was confirmed by phone at 20:05");
    // The result as published before stays downloadable.
    const previous = await fetch(`${base}/priorities/${cycle.id}/results/corrections/${proposal.value.id}.json`);
    expect(previous.status).toBe(200);
    expect(JSON.parse(await previous.text())).toMatchObject({ result: { ballots: { offline: 0 } } });
    expect(
      await db.auditEntry.count({
        where: { action: { in: ["result.correctionPropose", "result.correctionConfirm"] }, targetId: cycle.id },
      }),
    ).toBe(2);
  });

  it("a correction can be withdrawn, and none can be proposed while voting is open", async () => {
    const cycle = await openCycle();
    await handOutPaperBallot(counter.user, {
      cycleId: cycle.id,
      documentKind: "idCard",
      documentNumber: idCardNumber(),
    });
    const box = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box", ballots: "1" });
    if (!box.ok) throw new Error(box.error);
    const open = (await findResultsCycle(cycle.id))!;
    expect(
      await proposeCorrection(admin.user, open, { kind: "countBatch", batchId: box.value.batchId, reason: "r" }),
    ).toMatchObject({ ok: false, error: "priorities.corrections.errors.voteOpen" });
    await closeNow(cycle.id);
    const closed = (await findResultsCycle(cycle.id))!;
    const proposal = await proposeCorrection(admin.user, closed, {
      kind: "countBatch",
      batchId: box.value.batchId,
      reason: "r",
    });
    if (!proposal.ok) throw new Error(proposal.error);
    expect(await withdrawCorrection(secondAdmin.user, closed, proposal.value.id)).toMatchObject({ ok: true });
    expect(await confirmCorrection(secondAdmin.user, closed, proposal.value.id)).toMatchObject({
      ok: false,
      error: "priorities.corrections.errors.gone",
    });
    expect(await db.resultCorrection.count({ where: { cycleId: cycle.id } })).toBe(0);
  });

  it("one clerk alone cannot delete a colleague's batch: a second person carries it out", async () => {
    const cycle = await openCycle();
    for (let i = 0; i < 2; i++)
      await handOutPaperBallot(counter.user, {
        cycleId: cycle.id,
        documentKind: "idCard",
        documentNumber: idCardNumber(),
      });
    const box = await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Colleague's box", ballots: "1\n2" });
    if (!box.ok) throw new Error(box.error);
    expect(await deletePaperBatch(colleague.user, box.value.batchId)).toMatchObject({
      ok: true,
      value: { deleted: false },
    });
    expect(await db.ballot.count({ where: { batchId: box.value.batchId } })).toBe(2);
    // Pressing again alone changes nothing.
    expect(await deletePaperBatch(colleague.user, box.value.batchId)).toMatchObject({
      ok: false,
      error: "priorities.voting.errors.deletionAskedAlready",
    });
    expect(await db.ballot.count({ where: { batchId: box.value.batchId } })).toBe(2);
    // A third member of counter staff carries it out.
    const { cookie } = await logInOverHttp(base, third.email, third.password);
    const page = await (
      await fetch(`${base}/counter/paper-ballots/${box.value.batchId}`, {
        headers: { Cookie: cookie, "Accept-Language": "en" },
      })
    ).text();
    expect(page).toContain("asked on");
    const deleted = await post(
      base,
      `/counter/paper-ballots/${box.value.batchId}`,
      { intent: "delete", confirm: "on" },
      { Cookie: cookie },
    );
    expect(deleted.status).toBe(302);
    expect(await db.paperBatch.count({ where: { id: box.value.batchId } })).toBe(0);
    expect(
      await db.auditEntry.count({
        where: { action: { in: ["paperBatch.requestDeletion", "paperBatch.delete"] }, targetId: box.value.batchId },
      }),
    ).toBe(2);
  });
});
