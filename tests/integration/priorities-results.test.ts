// A priority vote's results as a resident sees and checks them: the page, the downloads, and the
// recount from the downloaded counts alone (decisions 0018 and 0024).
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { readOpenDataCsv } from "~/features/open-data/csv";
import { readOpenDataJson } from "~/features/open-data/json";
import { ballotCountsDataset, resultsDataset } from "~/features/priorities/open-data";
import { formatRecount, recountCountsFile } from "~/features/priorities/recount";
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
  const { cycle, area } = await createCycle(db, {
    method: "ranked",
    maxChoices: 3,
    costs: [100, 200, 300, 400],
    phase: "results",
  });
  cycleId = cycle.id;
  const people = await createPeople(db, 10);
  voterIds = people.slice(0, 4).map((person) => person.id);
  await verify(
    db,
    area.id,
    people.slice(0, 8).map((person) => person.id),
  );
  // Verified after voting closed: could not vote in this cycle, not part of its turnout.
  await verify(
    db,
    area.id,
    (await createPeople(db, 2)).map((person) => person.id),
    new Date(),
  );
  // Verified elsewhere: not part of this area's turnout.
  const other = await createCycle(db, { method: "approval", maxChoices: 1, costs: [null], phase: "results" });
  await verify(
    db,
    other.area.id,
    people.slice(8).map((person) => person.id),
  );
  for (const [index, choices] of ["1,2,3", "2,1", "3", "1,3"].entries())
    await castOnline(db, cycle.id, voterIds[index], choices);
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
    // The rule with the points the count gave, and the counts by rank they come from:
    // 3 was ranked first on 3 ballots, second on 1 and third on 1 (3 × 3 + 2 + 1 = 12).
    expect(text).toContain("Each ballot may rank up to 3 candidates");
    expect(text).toContain("Points for each rank: rank 1: 3 points, rank 2: 2 points, rank 3: 1 point.");
    expect(text).toMatch(/Ballots by rank .* 3\. Candidate 3 3 1 1 12 1\. Candidate 1 2 2 0 10 /);
    expect(text).toContain("Show the figures as a table");
    // How many become priorities, and what a resident can and cannot check, in plain words.
    expect(text).toContain("The vote does not set how many candidates become priorities.");
    expect(text).toContain("every figure on this page follows from the published ballot counts by the rule above");
    expect(text).toContain("you cannot look up your own ballot, and nobody can prove to anyone else how they voted");
    expect(text.slice(0, text.indexOf("For developers"))).not.toMatch(/\.csv|\.json|npm /);
  });

  it("explains the rule as counted when the vote allows more ranks than there are candidates", async () => {
    // 5 ranks allowed, 3 candidates: the first choice gets 3 points, as the ballot page says.
    const { cycle } = await createCycle(db, {
      method: "ranked",
      maxChoices: 5,
      costs: [null, null, null],
      phase: "results",
    });
    const voters = await createPeople(db, 2);
    await castOnline(db, cycle.id, voters[0].id, "1,2,3");
    await castOnline(db, cycle.id, voters[1].id, "3");
    const text = await pageText(`/priorities/${cycle.id}/results`);
    expect(text).toContain("The vote allows 5 ranks, but only 3 candidates are on the ballot");
    expect(text).toContain("rank 1: 3 points, rank 2: 2 points, rank 3: 1 point.");
    // 3: 1 + 3 = 4; 1: 3; 2: 2 (with K = 5 it would have been 3: 8, 1: 5, 2: 4).
    expect(text).toMatch(/1 Candidate 3 No\. 3 4 0 4 2 1 /);
    expect(text).toMatch(/2 Candidate 1 No\. 1 3 0 3 1 1 /);
  });

  it("tells when results appear while voting is still open, and offers no downloads", async () => {
    const { cycle } = await createCycle(db, { method: "approval", maxChoices: 2, costs: [null, null], phase: "vote" });
    const text = await pageText(`/priorities/${cycle.id}/results`);
    expect(text).toContain("Results appear when voting closes on");
    expect(text).not.toContain("ballots counted");
    for (const file of ["results.csv", "ballot-counts.json"])
      expect((await get(`/priorities/${cycle.id}/results/${file}`)).status).toBe(404);
  });

  it("is a 404 for an unknown cycle or file", async () => {
    expect((await get("/priorities/no-such-cycle/results")).status).toBe(404);
    expect((await get(`/priorities/${cycleId}/results/voters.csv`)).status).toBe(404);
    // The record of single ballots is no longer published (decision 0024).
    for (const file of ["ballots.csv", "ballots.json"])
      expect((await get(`/priorities/${cycleId}/results/${file}`)).status).toBe(404);
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

  it("hold per channel how many counted ballots put each candidate at each rank, and no single ballot", async () => {
    const people = await db.user.findMany({ select: { id: true, email: true, displayName: true } });
    const internal = await db.ballot.findMany({
      where: { cycleId },
      select: { id: true, publicId: true, batchId: true },
    });
    for (const format of ["csv", "json"]) {
      const text = await download(`/priorities/${cycleId}/results/ballot-counts.${format}`);
      const dataset = ballotCountsDataset(3);
      const rows = format === "csv" ? readOpenDataCsv(dataset, text) : readOpenDataJson(dataset, text);
      // Online "1,2,3", "2,1", "3", "1,3"; paper (confirmed) "3,1", "3". The unconfirmed batch is not there.
      expect(
        rows.map((row) => [
          row.channel,
          row.ballot_number,
          row.rank_1,
          row.rank_2,
          row.rank_3,
          row.ballots_counted,
          row.ballots_set_aside,
        ]),
      ).toEqual([
        ["online", 1, 2, 1, 0, 4, 0],
        ["online", 2, 1, 1, 0, 4, 0],
        ["online", 3, 1, 1, 1, 4, 0],
        ["online", 4, 0, 0, 0, 4, 0],
        ["paper", 1, 0, 1, 0, 2, 0],
        ["paper", 2, 0, 0, 0, 2, 0],
        ["paper", 3, 2, 0, 0, 2, 0],
        ["paper", 4, 0, 0, 0, 2, 0],
      ]);
      expect(
        rows.every(
          (row) =>
            row.method === "ranked" && row.max_choices === 3 && row.budget_total === null && row.candidate_count === 4,
        ),
      ).toBe(true);
      expect(Object.keys(rows[0])).not.toContain("cast_on");
      for (const person of people) {
        expect(text).not.toContain(person.id);
        expect(text).not.toContain(person.email!);
        expect(text).not.toContain(person.displayName);
      }
      for (const ballot of internal) {
        expect(text).not.toContain(ballot.id);
        expect(text).not.toContain(ballot.publicId);
        if (ballot.batchId) expect(text).not.toContain(ballot.batchId);
      }
    }
  });
});

describe("the recount from the downloaded counts alone", () => {
  it("reproduces the published result, from CSV and JSON, and through npm run recount", async () => {
    const published = readOpenDataJson(resultsDataset, await download(`/priorities/${cycleId}/results/results.json`));
    const expected = published.map((row) => [
      row.rank,
      row.ballot_number,
      row.online_score,
      row.offline_score,
      row.score,
      row.ballots,
      row.first_preferences,
      row.placed_by,
    ]);
    const csv = await download(`/priorities/${cycleId}/results/ballot-counts.csv`);
    for (const result of [
      recountCountsFile(csv, "csv"),
      recountCountsFile(await download(`/priorities/${cycleId}/results/ballot-counts.json`), "json"),
    ]) {
      expect(
        result!.candidates.map((c) => [
          c.rank,
          c.ballotNumber,
          c.online.score,
          c.offline.score,
          c.combined.score,
          c.combined.ballots,
          c.combined.firstPreferences,
          c.placedBy,
        ]),
      ).toEqual(expected);
      expect(result!.ballots).toEqual({ online: 4, offline: 2, combined: 6 });
    }

    const directory = mkdtempSync(join(tmpdir(), "recount-"));
    const root = resolve(import.meta.dirname, "..", "..");
    // Not spawnSync: blocking this process for the seconds the command takes also stops the
    // server running in it, whose idle keep-alive sockets then close under the next fetch
    // (ECONNRESET) once the block has outlasted their timeout.
    const recount = (text: string) => {
      const file = join(directory, "ballot-counts.csv");
      writeFileSync(file, text);
      const child = spawn("npm", ["run", "--silent", "recount", "--", file], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: "file:/nonexistent/never-opened.db" },
      });
      const output = { stdout: "", stderr: "" };
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
      return new Promise<typeof output & { status: number | null }>((done, fail) => {
        child.once("error", fail);
        child.once("close", (status) => done({ ...output, status }));
      });
    };
    const run = await recount(csv);
    expect(run.stderr.replace(/npm warn.*\n/g, "")).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(formatRecount(recountCountsFile(csv, "csv")));
    expect(run.stdout).toMatch(/^\s+1\s+3\s+6\s+6\s+12\s/m);

    // An altered file is refused with a message naming the record, and a failing exit status.
    const altered = await recount(csv.replace("\r\npaper,3,300,2,", "\r\nbogus,3,300,2,"));
    expect(altered.status).toBe(1);
    expect(altered.stdout).toBe("");
    expect(altered.stderr).toContain(
      'Not recounted: Record 7 (bogus, No. 3), column channel: "bogus" is not a channel (online or paper).',
    );
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

    // The page's count (kept by the server) follows too, and the counts download is that kept
    // count: a ballot changed in place after the close (no command can) changes neither.
    const countsNow = async () =>
      readOpenDataJson(ballotCountsDataset(3), await download(`/priorities/${cycleId}/results/ballot-counts.json`));
    const kept = await countsNow();
    expect(kept.find((row) => row.channel === "paper" && row.ballot_number === 2)!.rank_1).toBe(1);
    const changed = await db.ballot.findFirstOrThrow({ where: { cycleId, channel: "paper", choices: "2" } });
    await db.ballot.update({ where: { id: changed.id }, data: { choices: "1" } });
    expect(await countsNow()).toEqual(kept);
    await db.ballot.update({ where: { id: changed.id }, data: { choices: "2" } });
    const text = await pageText(`/priorities/${cycleId}/results`);
    expect(text).toContain("10 ballots counted: 4 online and 6 on paper.");
    expect(text).toMatch(/1 Candidate 3 No\. 3 6 12 18 /);

    // Voting opened again by hand moves the dates: nothing is kept while ballots may change.
    const reopened = await db.cycle.update({
      where: { id: cycleId },
      data: { resultsStartsAt: new Date(Date.now() + 60_000) },
    });
    await castOnline(db, cycleId, (await createPeople(db, 1))[0].id, "4");
    const duringVote = await cycleResult({ ...cycle, ...reopened });
    expect(duringVote).toEqual(await recountCycle(cycle));
    expect(duringVote.ballots.online).toBe(5);
    const closed = await db.cycle.update({
      where: { id: cycleId },
      data: { resultsStartsAt: new Date(Date.now() - 60_000) },
    });
    expect(await cycleResult({ ...cycle, ...closed })).toEqual(duringVote);
    expect(await pageText(`/priorities/${cycleId}/results`)).toContain("11 ballots counted: 5 online and 6 on paper.");
  });
});

describe("each method, counted from stored ballots and published", () => {
  const publishedRanking = async (id: string) =>
    readOpenDataJson(resultsDataset, await download(`/priorities/${id}/results/results.json`)).map((row) => [
      row.ballot_number,
      row.score,
      row.funded,
      row.placed_by,
    ]);

  it("approval: one point per choice, a tie on points placed by the lower ballot number", async () => {
    const { cycle } = await createCycle(db, {
      method: "approval",
      maxChoices: 2,
      costs: [null, null, null],
      phase: "results",
    });
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
    const { cycle } = await createCycle(db, {
      method: "budget",
      maxChoices: null,
      budgetTotal: 500,
      costs: [300, 250, 200, 100],
      phase: "results",
    });
    const voters = await createPeople(db, 4);
    for (const [index, choices] of ["1,3", "2,4", "1,4", "1,2"].entries())
      await castOnline(db, cycle.id, voters[index].id, choices);
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
    expect(text).toContain(
      "Ballots set aside for breaking the rules: 1. They are not among the ballots counted and give no points.",
    );
    expect(text).toContain("Funded: ¥400 of the ¥500 budget.");
  });

  it("ranked: a tie on points placed by first preferences, then by ballots naming it", async () => {
    const { cycle } = await createCycle(db, {
      method: "ranked",
      maxChoices: 5,
      costs: [null, null, null, null, null, null],
      phase: "results",
    });
    const voters = await createPeople(db, 3);
    // K = 5: "5,1" → 5: 5, 1: 4. "6,5,2" → 6: 5, 5: 4, 2: 3. "6,5,3,4,2" → 6: 5, 5: 4, 3: 3, 4: 2, 2: 1.
    // Paper "4,3": 4: 5, 3: 4.
    // 5: 13; 6: 10; 3: 7 (no first); 4: 7 (one first); 2: 4 on two ballots; 1: 4 on one.
    for (const [index, choices] of ["5,1", "6,5,2", "6,5,3,4,2"].entries())
      await castOnline(db, cycle.id, voters[index].id, choices);
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
