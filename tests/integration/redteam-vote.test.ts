// A second round of attacks on the vote's promises (decision 0026), after the fixes for the outside
// review: requests that land at the edges (a cast checked before the close but written after it,
// an edit read before the close and saved after it, two batches entered at once), what the
// database keeps that could link a ballot to its voter, and malformed posts to the new forms.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { castBallot } from "~/features/priorities/ballots.server";
import { getCycle, updateCycle } from "~/features/priorities/cycles.server";
import { enterPaperBatch, handOutPaperBallot } from "~/features/priorities/paper-batches.server";
import { verifyResident } from "~/features/priorities/verification.server";
import { closeVote } from "~/features/priorities/vote-close.server";
import { dateToWallTime } from "~/shared/wall-time";
import { PHASES, PHASE_START_FIELDS } from "~/features/priorities/phases";
import { newAdministrator, newResident, newWithRole, type Person } from "./helpers";
import { logInOverHttp, withRealServer } from "./http";
import { createVotingCycle, idCardNumber } from "./priorities-fixtures";

let base: string;
withRealServer((url) => (base = url));

const DAY = 86_400_000;
const unique = () => randomBytes(4).toString("hex");

let area: { id: string };
let counter: Person;
let admin: Person;

beforeAll(async () => {
  area = await db.area.create({
    data: { slug: `area-${unique()}`, nameZh: `区${unique()}`, nameEn: `District ${unique()}` },
  });
  counter = await newWithRole("counterStaff");
  admin = await newAdministrator();
});

/** A cycle in its vote (closing in two days), approval of up to 3 of 5 candidates. */
const openCycle = () => createVotingCycle(db, area.id);

async function verifiedResident() {
  const person = await newResident();
  const outcome = await verifyResident(counter.user, {
    email: person.email,
    areaId: area.id,
    documentKind: "idCard",
    documentNumber: idCardNumber(),
  });
  if (!outcome.ok) throw new Error(outcome.error);
  return person;
}

describe("the close, at its edges", () => {
  it("a ballot checked just before the close but written after it is refused: no ballot keeps its voter after the close", async () => {
    const cycle = await openCycle();
    const early = await verifiedResident();
    const late = await verifiedResident();
    expect(await castBallot(early.user, { cycleId: cycle.id, choices: [1] })).toMatchObject({ ok: true });
    const closesAt = cycle.resultsStartsAt;
    // The late request read the clock a millisecond before the close; the close ran before its write.
    expect(await closeVote(cycle.id, closesAt)).toBe(true);
    const landed = await castBallot(late.user, { cycleId: cycle.id, choices: [2] }, new Date(closesAt.getTime() - 1));
    expect(landed).toMatchObject({ ok: false, error: "priorities.voting.errors.notVotePhase" });
    expect(await db.ballot.count({ where: { cycleId: cycle.id, voterId: { not: null } } })).toBe(0);
    expect(await db.ballot.count({ where: { cycleId: cycle.id } })).toBe(1);
    // Nor is the late voter marked as having voted in a count that has already fixed its electorate.
    expect(await db.participation.count({ where: { cycleId: cycle.id } })).toBe(1);
  });

  it("an edit of the dates read before the close cannot reopen the vote once it has closed", async () => {
    const cycle = await openCycle();
    // The administrator opens the edit form while the vote runs …
    const view = (await getCycle(cycle.id))!;
    expect(view.phase).toBe("vote");
    // … the vote closes (the form's results date passes, the upkeep timer closes it) …
    expect(await closeVote(cycle.id, cycle.resultsStartsAt)).toBe(true);
    // … and the form is saved with the close a week later.
    const input = {
      areaId: area.id,
      titleZh: cycle.titleZh,
      titleEn: cycle.titleEn,
      summaryZh: "",
      summaryEn: "",
      ballotMethod: "approval" as const,
      maxChoices: 3,
      budgetTotal: undefined,
      ...Object.fromEntries(
        PHASES.map((phase) => [
          PHASE_START_FIELDS[phase],
          dateToWallTime(view[PHASE_START_FIELDS[phase]], "Asia/Shanghai"),
        ]),
      ),
      resultsStartsAt: dateToWallTime(new Date(Date.now() + 9 * DAY), "Asia/Shanghai"),
    } as Parameters<typeof updateCycle>[2];
    const saved = await updateCycle(admin.user, view, input, "Asia/Shanghai");
    expect(saved).toMatchObject({ ok: false, error: "priorities.errors.phaseMoved" });
    const stored = await db.cycle.findUniqueOrThrow({ where: { id: cycle.id } });
    expect(stored.resultsStartsAt.getTime()).toBe(cycle.resultsStartsAt.getTime());
  });
});

describe("paper ballots", () => {
  it("two batches entered at once cannot together pass the paper ballots handed out", async () => {
    const cycle = await openCycle();
    for (let i = 0; i < 3; i++) {
      expect(
        await handOutPaperBallot(counter.user, {
          cycleId: cycle.id,
          documentKind: "idCard",
          documentNumber: idCardNumber(),
        }),
      ).toMatchObject({ ok: true });
    }
    const clerks = await Promise.all([
      newWithRole("counterStaff"),
      newWithRole("counterStaff"),
      newWithRole("counterStaff"),
    ]);
    // Three clerks each enter a box of three at the same moment: only one box fits.
    const outcomes = await Promise.all(
      clerks.map((clerk, index) =>
        enterPaperBatch(clerk.user, { cycleId: cycle.id, label: `Box ${index}`, ballots: "1\n2\n3" }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(await db.ballot.count({ where: { cycleId: cycle.id, channel: "paper" } })).toBe(3);
  });
});

describe("what the database keeps", () => {
  it("a ballot's id does not keep the moment it was cast", async () => {
    const cycle = await openCycle();
    const voter = await verifiedResident();
    const before = Date.now();
    expect(await castBallot(voter.user, { cycleId: cycle.id, choices: [3] })).toMatchObject({ ok: true });
    expect(
      await handOutPaperBallot(counter.user, {
        cycleId: cycle.id,
        documentKind: "idCard",
        documentNumber: idCardNumber(),
      }),
    ).toMatchObject({ ok: true });
    expect(await enterPaperBatch(counter.user, { cycleId: cycle.id, label: "Box", ballots: "4" })).toMatchObject({
      ok: true,
    });
    // A cuid begins with its creation time in milliseconds (base 36): with the request log or a
    // session's last use, that time names the voter, though the record claims to keep only the day.
    const ids = (await db.ballot.findMany({ where: { cycleId: cycle.id }, select: { id: true } })).map(
      (ballot) => ballot.id,
    );
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      // Read as a cuid would be: a random id may hold "-" or "_", which no cuid does, or decode
      // to some time; either way not to a time within a day of the cast.
      const stamp = /^c[0-9a-z]{8}/.test(id) ? parseInt(id.slice(1, 9), 36) : Number.NaN;
      expect(Number.isNaN(stamp) || Math.abs(stamp - before) > DAY, `id ${id} decodes to the time ${stamp}`).toBe(true);
    }
  });
});

describe("malformed posts", () => {
  async function postBroken(path: string, cookie: string) {
    // multipart without a boundary: the body cannot be read as a form.
    return fetch(`${base}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "multipart/form-data", Origin: base, Cookie: cookie },
      body: "intent=confirm",
    });
  }

  it("the corrections page and the counter's verification desk answer a body they cannot read with 400, not a server error", async () => {
    const cycle = await openCycle();
    await db.cycle.update({ where: { id: cycle.id }, data: { resultsStartsAt: new Date() } });
    const adminLogin = await logInOverHttp(base, admin.email, admin.password);
    expect((await postBroken(`/priorities/${cycle.id}/corrections`, adminLogin.cookie)).status).toBe(400);
    const counterLogin = await logInOverHttp(base, counter.email, counter.password);
    expect((await postBroken("/counter/verify", counterLogin.cookie)).status).toBe(400);
    expect((await postBroken("/counter/paper-ballots/hand-out", counterLogin.cookie)).status).toBe(400);
  });
});
