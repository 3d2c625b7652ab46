// A priority vote's results as a resident sees and checks them: the page, the downloads, and the
// recount from the downloaded ballots alone (decision 0018).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { readOpenDataCsv } from "~/features/open-data/csv";
import { readOpenDataJson } from "~/features/open-data/json";
import { ballotsDataset, resultsDataset } from "~/features/priorities/open-data";
import { formatRecount, recountBallotsFile } from "~/features/priorities/recount";
import { cycleResult, findResultsCycle, recountCycle } from "~/features/priorities/results.server";
import { castOnline, createCycle, createPeople, enterPaperBatch, verify } from "./priorities-fixtures";
import { withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const get = (path: string) => fetch(`${base}${path}`, { headers: { "Accept-Language": "en" } });
const download = async (path: string) => {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return response.text();
};
const pageText = async (path: string) =>
  (await download(path))
    // A table cell's column name, shown only on narrow screens.
    .replace(/<span class="cell-label"[^>]*>[^<]*<\/span>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

let cycleId: string;
let unconfirmedBatchId: string;
let voterIds: string[];

// Ranked, K = 3 (3, 2 and 1 points), four candidates.
//   online: "1,2,3", "2,1", "3", "1,3"
//   paper, confirmed batch: "3,1", "3"
//   paper, unconfirmed batch: "4,3,2" three times (not counted)
// Points online: 1 → 3 + 2 + 3 = 8; 2 → 2 + 3 = 5; 3 → 1 + 3 + 2 = 6; 4 → 0.
// Points offline: 3 → 3 + 3 = 6; 1 → 2.
// Combined: 3 → 12, 1 → 10, 2 → 5, 4 → 0. Ballots 4 online + 2 offline; 8 verified residents: 75%.
beforeAll(async () => {
  const { cycle, area } = await createCycle(db, { method: "ranked", maxChoices: 3, costs: [100, 200, 300, 400], phase: "results" });
  cycleId = cycle.id;
  const people = await createPeople(db, 10);
  voterIds = people.slice(0, 4).map((person) => person.id);
  await verify(db, area.id, people.slice(0, 8).map((person) => person.id));
  // Verified after voting closed: could not vote in this cycle, not part of its turnout.
  await verify(db, area.id, (await createPeople(db, 2)).map((person) => person.id), new Date());
  // Verified elsewhere: not part of this area's turnout.
  const other = await createCycle(db, { method: "approval", maxChoices: 1, costs: [null], phase: "results" });
  await verify(db, other.area.id, people.slice(8).map((person) => person.id));
  for (const [index, choices] of ["1,2,3", "2,1", "3", "1,3"].entries()) await castOnline(db, cycle.id, voterIds[index], choices);
  await enterPaperBatch(db, cycle.id, ["3,1", "3"], { confirmed: true });
  unconfirmedBatchId = (await enterPaperBatch(db, cycle.id, ["4,3,2", "4,3,2", "4,3,2"], { confirmed: false })).id;
});

describe("the results page", () => {
  it("ranks the candidates with online, offline and combined points, turnout and the rule", async () => {
    const text = await pageText(`/priorities/${cycleId}/results`);
    expect(text).toContain("6 ballots counted: 4 online and 2 on paper.");
    // 8 residents verified before the close (2 verified later do not count) and 5 people handed
    // paper ballots (3 of them in a box not confirmed): 13 who could vote, 6 counted ballots.
    expect(text).toContain("Turnout: 46.2% of the 13 people who could vote, counted when voting closed");
    // Rank, candidate, online, offline, combined, ballots, first preferences.
    expect(text).toMatch(/1 Candidate 3 No\. 3 6 6 12 5 3/);
    expect(text).toMatch(/2 Candidate 1 No\. 1 8 2 10 4 2/);
    expect(text).toMatch(/3 Candidate 2 No\. 2 5 0 5 2 1/);
    expect(text).toMatch(/4 Candidate 4 No\. 4 0 0 0 0 0/);
    expect(text).toContain("A candidate ranked first gets 3 points");
    expect(text).toContain("Show the figures as a table");
  });

  it("tells when results appear while voting is still open, and offers no downloads", async () => {
    const { cycle } = await createCycle(db, { method: "approval", maxChoices: 2, costs: [null, null], phase: "vote" });
    const text = await pageText(`/priorities/${cycle.id}/results`);
    expect(text).toContain("Results appear when voting closes on");
    expect(text).not.toContain("ballots counted");
    for (const file of ["results.csv", "ballots.json"]) expect((await get(`/priorities/${cycle.id}/results/${file}`)).status).toBe(404);
  });

  it("is a 404 for an unknown cycle or file", async () => {
    expect((await get("/priorities/no-such-cycle/results")).status).toBe(404);
    expect((await get(`/priorities/${cycleId}/results/voters.csv`)).status).toBe(404);
  });
});

describe("the downloads", () => {
  it("publish the results the page shows", async () => {
    for (const rows of [
      readOpenDataJson(resultsDataset, await download(`/priorities/${cycleId}/results/results.json`)),
      readOpenDataCsv(resultsDataset, await download(`/priorities/${cycleId}/results/results.csv`)),
    ]) {
      expect(rows.map((row) => [row.rank, row.ballot_number, row.online_score, row.offline_score, row.score])).toEqual([
        [1, 3, 6, 6, 12],
        [2, 1, 8, 2, 10],
        [3, 2, 5, 0, 5],
        [4, 4, 0, 0, 0],
      ]);
    }
  });

  it("hold only the counted ballots, with nothing that links to a voter", async () => {
    const people = await db.user.findMany({ select: { id: true, email: true, displayName: true } });
    const internal = await db.ballot.findMany({ where: { cycleId }, select: { id: true, batchId: true } });
    for (const format of ["csv", "json"]) {
      const text = await download(`/priorities/${cycleId}/results/ballots.${format}`);
      const rows = format === "csv" ? readOpenDataCsv(ballotsDataset, text) : readOpenDataJson(ballotsDataset, text);
      expect(rows.map((row) => `${row.channel} ${row.choices}`).sort()).toEqual(["online 1,2,3", "online 1,3", "online 2,1", "online 3", "paper 3", "paper 3,1"]);
      expect(Object.keys(rows[0]).sort()).toEqual(["ballot_id", "budget_total", "candidates", "cast_on", "channel", "choices", "max_choices", "method"]);
      for (const person of people) {
        expect(text).not.toContain(person.id);
        expect(text).not.toContain(person.email!);
        expect(text).not.toContain(person.displayName);
      }
      for (const ballot of internal) {
        expect(text).not.toContain(ballot.id);
        if (ballot.batchId) expect(text).not.toContain(ballot.batchId);
      }
      // No time finer than the day.
      expect(rows.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(String(row.cast_on)))).toBe(true);
    }
  });

  it("list the ballots in a new random order each time", async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const rows = readOpenDataJson(ballotsDataset, await download(`/priorities/${cycleId}/results/ballots.json`));
      orders.add(rows.map((row) => row.ballot_id).join(" "));
    }
    // Six ballots have 720 orders: eight downloads in one order would be a 1 in 10^20 chance.
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe("the recount from the downloaded ballots alone", () => {
  it("reproduces the published result, from CSV and JSON, and through npm run recount", async () => {
    const published = readOpenDataJson(resultsDataset, await download(`/priorities/${cycleId}/results/results.json`));
    const expected = published.map((row) => [row.rank, row.ballot_number, row.online_score, row.offline_score, row.score, row.ballots, row.placed_by]);
    const csv = await download(`/priorities/${cycleId}/results/ballots.csv`);
    for (const result of [recountBallotsFile(csv, "csv"), recountBallotsFile(await download(`/priorities/${cycleId}/results/ballots.json`), "json")]) {
      expect(result!.candidates.map((c) => [c.rank, c.ballotNumber, c.online.score, c.offline.score, c.combined.score, c.combined.ballots, c.placedBy])).toEqual(expected);
      expect(result!.ballots).toEqual({ online: 4, offline: 2, combined: 6 });
    }

    const file = join(mkdtempSync(join(tmpdir(), "recount-")), "ballots.csv");
    writeFileSync(file, csv);
    const root = resolve(import.meta.dirname, "..", "..");
    const run = spawnSync("npm", ["run", "--silent", "recount", "--", file], { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: "file:/nonexistent/never-opened.db" } });
    expect(run.stderr.replace(/npm warn.*\n/g, "")).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(formatRecount(recountBallotsFile(csv, "csv")));
    expect(run.stdout).toMatch(/^\s+1\s+3\s+6\s+6\s+12\s/m);
  });
});

describe("the kept count", () => {
  it("equals a full recount after a batch is confirmed, a batch is entered, a ballot is stored and voting is reopened", async () => {
    const cycle = (await findResultsCycle(cycleId))!;
    const before = await cycleResult(cycle);
    expect(before).toEqual(await recountCycle(cycle));

    await db.paperBatch.update({ where: { id: unconfirmedBatchId }, data: { confirmedAt: new Date() } });
    const afterConfirmation = await cycleResult(cycle);
    expect(afterConfirmation).toEqual(await recountCycle(cycle));
    // 4 gets 3 × 3 = 9 points, 3 gets 12 + 3 × 2 = 18.
    expect(afterConfirmation.candidates.find((c) => c.ballotNumber === 4)!.offline.score).toBe(9);
    expect(afterConfirmation.ballots.offline).toBe(5);

    await enterPaperBatch(db, cycleId, ["2"], { confirmed: true });
    const afterEntry = await cycleResult(cycle);
    expect(afterEntry).toEqual(await recountCycle(cycle));
    expect(afterEntry.ballots.offline).toBe(6);

    // A ballot stored outside any command after voting closed is a new row: counted too.
    await castOnline(db, cycleId, (await createPeople(db, 1))[0].id, "2");
    const afterLateBallot = await cycleResult(cycle);
    expect(afterLateBallot).toEqual(await recountCycle(cycle));
    expect(afterLateBallot.ballots.online).toBe(5);
    await db.ballot.deleteMany({ where: { cycleId, channel: "online", choices: "2" } });

    // The page's count (kept by the server) follows too.
    const text = await pageText(`/priorities/${cycleId}/results`);
    expect(text).toContain("10 ballots counted: 4 online and 6 on paper.");
    expect(text).toMatch(/1 Candidate 3 No\. 3 6 12 18 /);

    // Voting opened again by hand moves the dates: nothing is kept while ballots may change.
    const reopened = await db.cycle.update({ where: { id: cycleId }, data: { resultsStartsAt: new Date(Date.now() + 60_000) } });
    await castOnline(db, cycleId, (await createPeople(db, 1))[0].id, "4");
    const duringVote = await cycleResult({ ...cycle, ...reopened });
    expect(duringVote).toEqual(await recountCycle(cycle));
    expect(duringVote.ballots.online).toBe(5);
    const closed = await db.cycle.update({ where: { id: cycleId }, data: { resultsStartsAt: new Date(Date.now() - 60_000) } });
    expect(await cycleResult({ ...cycle, ...closed })).toEqual(duringVote);
    expect((await pageText(`/priorities/${cycleId}/results`))).toContain("11 ballots counted: 5 online and 6 on paper.");
  });
});

describe("each method, counted from stored ballots and published", () => {
  const publishedRanking = async (id: string) =>
    readOpenDataJson(resultsDataset, await download(`/priorities/${id}/results/results.json`)).map((row) => [row.ballot_number, row.score, row.funded, row.placed_by]);

  it("approval: one point per choice, a tie on points placed by the lower ballot number", async () => {
    const { cycle } = await createCycle(db, { method: "approval", maxChoices: 2, costs: [null, null, null], phase: "results" });
    const voters = await createPeople(db, 2);
    await castOnline(db, cycle.id, voters[0].id, "1,2");
    await castOnline(db, cycle.id, voters[1].id, "2,3");
    await enterPaperBatch(db, cycle.id, ["1", "3,1"], { confirmed: true });
    // 1: 1 + 2 = 3; 2: 2; 3: 1 + 1 = 2.
    expect(await publishedRanking(cycle.id)).toEqual([
      [1, 3, null, null],
      [2, 2, null, "score"],
      [3, 2, null, "ballotNumber"],
    ]);
  });

  it("budget: ranked by ballots, funded down the list within the total, an over-budget ballot set aside", async () => {
    const { cycle } = await createCycle(db, { method: "budget", maxChoices: null, budgetTotal: 500, costs: [300, 250, 200, 100], phase: "results" });
    const voters = await createPeople(db, 4);
    for (const [index, choices] of ["1,3", "2,4", "1,4", "1,2"].entries()) await castOnline(db, cycle.id, voters[index].id, choices);
    await enterPaperBatch(db, cycle.id, ["2,3", "4"], { confirmed: true });
    // "1,2" costs 550: set aside. Ballots: 1 → 2, 2 → 2, 3 → 2, 4 → 3.
    // Funding from 500: 4 (100) leaves 400; 1 (300) leaves 100; 2 (250) and 3 (200) do not fit.
    expect(await publishedRanking(cycle.id)).toEqual([
      [4, 3, true, null],
      [1, 2, true, "score"],
      [2, 2, false, "ballotNumber"],
      [3, 2, false, "ballotNumber"],
    ]);
    const text = await pageText(`/priorities/${cycle.id}/results`);
    expect(text).toContain("5 ballots counted: 3 online and 2 on paper.");
    expect(text).toContain("Ballots set aside for breaking the rules: 1 ");
    expect(text).toContain("Funded: ¥400 of the ¥500 budget.");
  });

  it("ranked: a tie on points placed by first preferences, then by ballots naming it", async () => {
    const { cycle } = await createCycle(db, { method: "ranked", maxChoices: 5, costs: [null, null, null, null, null, null], phase: "results" });
    const voters = await createPeople(db, 3);
    // K = 5: "5,1" → 5: 5, 1: 4. "6,5,2" → 6: 5, 5: 4, 2: 3. "6,5,3,4,2" → 6: 5, 5: 4, 3: 3, 4: 2, 2: 1.
    // Paper "4,3": 4: 5, 3: 4.
    // 5: 13; 6: 10; 3: 7 (no first); 4: 7 (one first); 2: 4 on two ballots; 1: 4 on one.
    for (const [index, choices] of ["5,1", "6,5,2", "6,5,3,4,2"].entries()) await castOnline(db, cycle.id, voters[index].id, choices);
    await enterPaperBatch(db, cycle.id, ["4,3"], { confirmed: true });
    expect(await publishedRanking(cycle.id)).toEqual([
      [5, 13, null, null],
      [6, 10, null, "score"],
      [4, 7, null, "score"],
      [3, 7, null, "firstPreferences"],
      [2, 4, null, "score"],
      [1, 4, null, "ballots"],
    ]);
  });
});
