// The recount from a published counts file (decisions 0018 and 0024): it gets exactly the count
// the forum published, and refuses, naming the record and column, every file it cannot trust. An
// observer altered the old ballots file and the recount counted "1;1;1;1;1" as several ballots,
// a duplicated row twice, a "bogus" channel as paper, "1 2" as candidate 12 and "3," as 3.
import { describe, expect, it } from "vitest";
import { toOpenDataCsv, UTF8_BOM } from "~/features/open-data/csv";
import { toOpenDataJson } from "~/features/open-data/json";
import { ballotCountsDataset, countColumnsOf, countRows } from "~/features/priorities/open-data";
import { formatRecount, readCountsFile, recountCountsFile } from "~/features/priorities/recount";
import { tallyBallots, type BallotText, type TallyResult, type TallyTerms } from "~/features/priorities/tally";

const candidates = (count: number, cost: (n: number) => number | null = () => null) =>
  Array.from({ length: count }, (_, index) => ({ ballotNumber: index + 1, cost: cost(index + 1) }));
const ballots = (channel: BallotText["channel"], ...choices: string[]): BallotText[] =>
  choices.map((text) => ({ channel, choices: text }));

const csvOf = (result: TallyResult, options: { headerLanguage?: "zh-CN" | "en" } = {}) =>
  toOpenDataCsv(ballotCountsDataset(countColumnsOf(result.matrix)), countRows(result.matrix), options);
const jsonOf = (result: TallyResult) =>
  toOpenDataJson(ballotCountsDataset(countColumnsOf(result.matrix)), countRows(result.matrix));

// Ranked, K = 3, four candidates. Online "1,2,3", "2,1", "3", "1,3"; paper "3,1", "3" and "5"
// (no candidate: set aside). Records 1-4 are online No. 1-4, records 5-8 paper No. 1-4.
const ranked: TallyTerms = {
  method: "ranked",
  maxChoices: 3,
  budgetTotal: null,
  candidates: candidates(4, (n) => n * 100),
};
const rankedResult = tallyBallots(ranked, [
  ...ballots("online", "1,2,3", "2,1", "3", "1,3"),
  ...ballots("offline", "3,1", "3", "5"),
]);
const rankedCsv = csvOf(rankedResult);

/** The CSV's lines (no BOM), cells split on commas: the counts file has no quoted cells. */
const table = (csv: string) =>
  csv
    .replace(UTF8_BOM, "")
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.split(","));
const fromTable = (rows: string[][]) => `${UTF8_BOM}${rows.map((row) => row.join(",")).join("\r\n")}\r\n`;

/** The CSV with one cell changed: `record` counts from 1 after the header, as the messages do. */
function edit(csv: string, record: number, column: string, value: string) {
  const rows = table(csv);
  rows[record][rows[0].indexOf(column)] = value;
  return fromTable(rows);
}
const recountCsv = (csv: string) => () => recountCountsFile(csv, "csv");

describe("the counts file", () => {
  it("holds per channel how many ballots put each candidate at each rank, the totals and the terms, and no ballot", () => {
    const rows = table(rankedCsv);
    expect(rows[0]).toEqual([
      "channel",
      "ballot_number",
      "cost",
      "rank_1",
      "rank_2",
      "rank_3",
      "ballots_counted",
      "ballots_set_aside",
      "method",
      "max_choices",
      "budget_total",
      "candidate_count",
    ]);
    expect(rows.slice(1)).toEqual([
      ["online", "1", "100", "2", "1", "0", "4", "0", "ranked", "3", "", "4"],
      ["online", "2", "200", "1", "1", "0", "4", "0", "ranked", "3", "", "4"],
      ["online", "3", "300", "1", "1", "1", "4", "0", "ranked", "3", "", "4"],
      ["online", "4", "400", "0", "0", "0", "4", "0", "ranked", "3", "", "4"],
      ["paper", "1", "100", "0", "1", "0", "2", "1", "ranked", "3", "", "4"],
      ["paper", "2", "200", "0", "0", "0", "2", "1", "ranked", "3", "", "4"],
      ["paper", "3", "300", "2", "0", "0", "2", "1", "ranked", "3", "", "4"],
      ["paper", "4", "400", "0", "0", "0", "2", "1", "ranked", "3", "", "4"],
    ]);
  });

  it("has one column, chosen, for approval and budget ballots", () => {
    const approval = tallyBallots(
      { method: "approval", maxChoices: 2, budgetTotal: null, candidates: candidates(3) },
      ballots("online", "1,2", "2"),
    );
    expect(table(csvOf(approval))[0]).toEqual([
      "channel",
      "ballot_number",
      "cost",
      "chosen",
      "ballots_counted",
      "ballots_set_aside",
      "method",
      "max_choices",
      "budget_total",
      "candidate_count",
    ]);
    expect(table(csvOf(approval))[2]).toEqual(["online", "2", "", "2", "2", "0", "approval", "2", "", "3"]);
  });
});

describe("the recount of a published counts file", () => {
  const approvalTerms: TallyTerms = { method: "approval", maxChoices: 2, budgetTotal: null, candidates: candidates(4) };
  const budgetTerms: TallyTerms = {
    method: "budget",
    maxChoices: null,
    budgetTotal: 100,
    candidates: candidates(5, (n) => [60, 50, 30, 20, null][n - 1]),
  };
  const cases: Array<[string, TallyResult]> = [
    ["ranked", rankedResult],
    [
      "ranked, K above the candidates",
      tallyBallots({ ...ranked, maxChoices: 5, candidates: candidates(3) }, ballots("online", "1,2,3", "3,1", "2")),
    ],
    ["ranked without a K", tallyBallots({ ...ranked, maxChoices: null }, ballots("offline", "4,3,2,1", "1"))],
    [
      "approval",
      tallyBallots(approvalTerms, [
        ...ballots("online", "1,2", "2", "3,2", "1,2,3"),
        ...ballots("offline", "3", "3,1"),
      ]),
    ],
    [
      "budget",
      tallyBallots(budgetTerms, [
        ...ballots("online", "1", "1,3", "2,3", "2,4", "1,2"),
        ...ballots("offline", "1,4", "2", "3,4", "5"),
      ]),
    ],
    ["no ballots", tallyBallots(approvalTerms, [])],
  ];

  it.each(cases)("gives exactly the published count from CSV and JSON: %s", (_, result) => {
    expect(recountCountsFile(csvOf(result), "csv")).toEqual(result);
    expect(recountCountsFile(jsonOf(result), "json")).toEqual(result);
  });

  it("reads a file saved without the byte order mark, with plain line ends, or with the column names in Chinese", () => {
    expect(recountCountsFile(rankedCsv.replace(UTF8_BOM, "").replace(/\r\n/g, "\n"), "csv")).toEqual(rankedResult);
    const chinese = csvOf(rankedResult, { headerLanguage: "zh-CN" });
    expect(chinese).toContain("第 1 位,第 2 位,第 3 位");
    expect(recountCountsFile(chinese, "csv")).toEqual(rankedResult);
  });

  it("prints the terms with K as counted, the totals and the ranking", () => {
    const text = formatRecount(recountCountsFile(rankedCsv, "csv"));
    expect(text).toContain("Method: ranked, K = 3, points 3, 2, 1 for ranks 1 to 3");
    expect(text).toContain("Ballots counted: 6 (online 4, paper 2); set aside: 1 (online 0, paper 1)");
    // 3: online 1 + 2 + 3 = 6, paper 3 + 3 = 6.
    expect(text).toMatch(/^\s+1\s+3\s+6\s+6\s+12\s+5\s+3\s*$/m);
    const capped = cases[1][1];
    expect(formatRecount(recountCountsFile(csvOf(capped), "csv"))).toContain(
      "K = 3 (the vote set 5; 3 candidates), points 3, 2, 1",
    );
  });

  it("says there is nothing to count in a file without rows", () => {
    const empty = tallyBallots({ ...approvalTerms, candidates: [] }, []);
    expect(formatRecount(recountCountsFile(csvOf(empty), "csv"))).toContain("nothing to count");
  });
});

describe("the recount refuses a file it cannot trust", () => {
  it.each([
    [
      "an unknown channel",
      edit(rankedCsv, 5, "channel", "bogus"),
      'Record 5 (bogus, No. 1), column channel: "bogus" is not a channel (online or paper)',
    ],
    [
      "a count that is no whole number: 1 2",
      edit(rankedCsv, 1, "rank_1", "1 2"),
      'column rank_1: "1 2" is not a integer',
    ],
    [
      "a count that is no whole number: 3,",
      edit(rankedCsv, 1, "rank_1", '"3,"'),
      'column rank_1: "3," is not a integer',
    ],
    [
      "a count that is no whole number: 1;1;1",
      edit(rankedCsv, 2, "rank_2", "1;1;1"),
      'Record 2, column rank_2: "1;1;1" is not a integer',
    ],
    [
      "a count that is no whole number: 1.5",
      edit(rankedCsv, 2, "rank_2", "1.5"),
      'Record 2, column rank_2: "1.5" is not a integer',
    ],
    [
      "a negative count",
      edit(edit(rankedCsv, 1, "rank_1", "3"), 2, "rank_1", "-1"),
      "Record 2 (online, No. 2), column rank_1: -1 is not a count",
    ],
    [
      "an empty count",
      edit(rankedCsv, 4, "rank_3", ""),
      "Record 4 (online, No. 4), column rank_3: empty is not a count",
    ],
    [
      "a negative total",
      edit(rankedCsv, 1, "ballots_set_aside", "-2"),
      "Record 1 (online, No. 1), column ballots_set_aside: -2 is not a count",
    ],
    [
      "a channel's totals differing between rows",
      edit(rankedCsv, 6, "ballots_counted", "3"),
      "Record 6 (paper, No. 2), column ballots_counted: 3 differs from record 5 (2)",
    ],
    [
      "terms differing between rows",
      edit(rankedCsv, 3, "max_choices", "5"),
      "Record 3 (online, No. 3), column max_choices: 5 differs from record 1 (3)",
    ],
    [
      "a method differing between rows",
      edit(rankedCsv, 8, "method", "approval"),
      'Record 8 (paper, No. 4), column method: "approval" differs from record 1 ("ranked")',
    ],
    [
      "a candidate's cost differing between its rows",
      edit(rankedCsv, 7, "cost", "1"),
      "Record 7 (paper, No. 3), column cost: 1 differs from record 3 (300)",
    ],
    [
      "a candidate not in the terms",
      edit(rankedCsv, 8, "ballot_number", "9"),
      "The terms say 4 candidates (column candidate_count), but the file has rows for 5 (No. 1, 2, 3, 4, 9)",
    ],
    [
      "a ballot number that is none",
      edit(rankedCsv, 8, "ballot_number", "0"),
      "Record 8 (paper, No. 0), column ballot_number: 0 is not a ballot number",
    ],
    [
      "a candidate count that is none",
      fromTable(
        table(rankedCsv).map((row, index) =>
          index === 0 ? row : row.map((cell, column) => (column === 11 ? "0" : cell)),
        ),
      ),
      "Record 1 (online, No. 1), column candidate_count: 0 is not a number of candidates",
    ],
    [
      "an unknown method",
      fromTable(
        table(rankedCsv).map((row, index) =>
          index === 0 ? row : row.map((cell, column) => (column === 8 ? "plurality" : cell)),
        ),
      ),
      'column method: "plurality" is not a counting method',
    ],
  ])("%s", (_, csv, message) => {
    expect(recountCsv(csv)).toThrow(message);
  });

  it("a duplicated row, which the old recount counted twice", () => {
    const rows = table(rankedCsv);
    expect(recountCsv(fromTable([...rows, rows[2]]))).toThrow(
      "Record 9 (online, No. 2): a second online row for No. 2 (the first is record 2)",
    );
  });

  it("a missing candidate, or a candidate missing on one channel", () => {
    const rows = table(rankedCsv);
    expect(recountCsv(fromTable(rows.filter((row) => row[1] !== "4")))).toThrow(
      "The terms say 4 candidates (column candidate_count), but the file has rows for 3",
    );
    expect(recountCsv(fromTable(rows.filter((row) => !(row[0] === "paper" && row[1] === "4"))))).toThrow(
      "No. 4 has no paper row",
    );
  });

  it("counts at a rank beyond K, and rank columns that do not match K", () => {
    const rows = table(rankedCsv);
    const withRank4 = (value: (record: number) => string) =>
      fromTable(rows.map((row, index) => [...row.slice(0, 6), index === 0 ? "rank_4" : value(index), ...row.slice(6)]));
    expect(recountCsv(withRank4((record) => (record === 3 ? "2" : "0")))).toThrow(
      "Record 3 (online, No. 3), column rank_4: 2 ballots at rank 4, but a ballot ranks at most 3 candidates (K = 3)",
    );
    expect(recountCsv(withRank4(() => "0"))).toThrow("Column rank_4: a rank beyond K = 3");
    const withoutRank3 = fromTable(rows.map((row) => [...row.slice(0, 5), ...row.slice(6)]));
    expect(recountCsv(withoutRank3)).toThrow(
      "The file lacks the column rank_3: with K = 3, the counts run from rank_1 to rank_3",
    );
    expect(recountCsv(edit(rankedCsv, 1, "max_choices", "2"))).toThrow(
      "Record 2 (online, No. 2), column max_choices: 3 differs from record 1 (2)",
    );
  });

  it("rank totals no ballots could give", () => {
    // A candidate named by more ballots than were counted on its channel.
    expect(recountCsv(edit(rankedCsv, 7, "rank_2", "1"))).toThrow(
      "Record 7 (paper, No. 3): 3 ballots name this candidate, more than the 2 paper ballots counted",
    );
    // More first choices than ballots counted.
    expect(recountCsv(edit(rankedCsv, 4, "rank_1", "1"))).toThrow(
      "The online rows, column rank_1: 5 ballots rank a first choice, but 4 are counted (ballots_counted)",
    );
    // A second choice on more ballots than have a first.
    expect(recountCsv(edit(rankedCsv, 4, "rank_2", "2"))).toThrow(
      "The online rows, column rank_2: 5 ballots name a candidate at rank 2, but only 4 at rank 1",
    );
    // Ballots counted that rank nobody first.
    expect(
      recountCsv(
        fromTable(
          table(rankedCsv).map((row, index) =>
            index >= 1 && index <= 4 ? row.map((cell, column) => (column === 6 ? "7" : cell)) : row,
          ),
        ),
      ),
    ).toThrow("The online rows, column rank_1: 4 ballots rank a first choice, but 7 are counted");
  });

  it("approval and budget totals no ballots could give", () => {
    const approval = csvOf(
      tallyBallots(
        { method: "approval", maxChoices: 2, budgetTotal: null, candidates: candidates(3) },
        ballots("online", "1,2", "2", "3"),
      ),
    );
    // Records 1-3 online No. 1-3 (chosen 1, 2, 1: 4 choices; 3 counted).
    expect(recountCsv(edit(approval, 2, "chosen", "4"))).toThrow(
      "Record 2 (online, No. 2): 4 ballots name this candidate, more than the 3 online ballots counted",
    );
    expect(recountCsv(edit(edit(approval, 1, "chosen", "3"), 3, "chosen", "3"))).toThrow(
      "The online rows, column chosen: 8 choices in all, more than 2 for each of the 3 ballots counted: a ballot chooses at most 2 (K)",
    );
    expect(recountCsv(edit(approval, 2, "chosen", "0"))).toThrow(
      "The online rows, column chosen: 2 choices in all, fewer than the 3 ballots counted",
    );
    const budget = csvOf(
      tallyBallots(
        { method: "budget", maxChoices: null, budgetTotal: 100, candidates: candidates(3, (n) => [90, 90, 10][n - 1]) },
        ballots("online", "1,3", "2,3", "3"),
      ),
    );
    // Chosen 1, 1, 3 on 3 ballots, at most 2 a ballot within 100 (10 + 90). Made 3, 1, 1: five
    // choices, each named by no more ballots than were counted, but costing 370 for three ballots.
    expect(recountCsv(edit(edit(budget, 1, "chosen", "3"), 2, "chosen", "3"))).toThrow(
      "9 choices in all, more than 2 for each of the 3 ballots counted: no ballot can choose more than 2 candidates within the budget total",
    );
    expect(recountCsv(edit(edit(budget, 1, "chosen", "3"), 3, "chosen", "1"))).toThrow(
      "The online rows, column chosen: the choices cost 370 in all, more than the budget total (100) for each of the 3 ballots counted",
    );
    expect(recountCsv(edit(budget, 1, "max_choices", "2"))).toThrow("differs from record 1");
  });

  it("wrong headers, extra or missing columns, a ragged row, a method that does not match its columns", () => {
    expect(recountCsv(rankedCsv.replace("rank_1", "rank_one"))).toThrow(
      'Column 4 ("rank_one") is not part of the priority-ballot-counts dataset',
    );
    expect(
      recountCsv(
        rankedCsv
          .replace("candidate_count", "candidate_count,note")
          .replace(/\r\n(?=.)/g, ",x\r\n")
          .replace(/\r\n$/, ",x\r\n")
          .replace(",note,x", ",note"),
      ),
    ).toThrow('Column 13 ("note") is not part of the priority-ballot-counts dataset');
    expect(recountCsv(rankedCsv.replace(",candidate_count", ""))).toThrow(
      /Invalid Record Length|lacks the column\(s\) candidate_count/,
    );
    expect(recountCsv(rankedCsv.replace("ranked,3,,4\r\n", "ranked,3,,4,5\r\n"))).toThrow(/Not a readable CSV file/);
    const approval = csvOf(
      tallyBallots(
        { method: "approval", maxChoices: 2, budgetTotal: null, candidates: candidates(2) },
        ballots("online", "1"),
      ),
    );
    expect(recountCsv(approval.replace(/,approval,/g, ",ranked,"))).toThrow(
      "The method is ranked, but the file has no rank columns",
    );
    expect(recountCsv(rankedCsv.replace(/,ranked,/g, ",approval,"))).toThrow(
      "The method is approval, counted in one column (chosen), but the file has rank columns",
    );
  });

  it("the old file of single ballots", () => {
    const old = `${UTF8_BOM}ballot_id,channel,cast_on,choices,method,max_choices,budget_total,candidates\r\nabc,online,2026-03-14,"1,2",ranked,3,,1 2 3\r\n`;
    expect(recountCsv(old)).toThrow('Column 1 ("ballot_id") is not part of the priority-ballot-counts dataset');
  });

  it("JSON with wrong types, missing or extra fields, or another dataset", () => {
    const document = JSON.parse(jsonOf(rankedResult)) as { dataset: string; rows: Array<Record<string, unknown>> };
    const tampered = (change: (rows: Array<Record<string, unknown>>) => void, dataset = document.dataset) => {
      const copy = structuredClone(document);
      change(copy.rows);
      return () => readCountsFile(JSON.stringify({ ...copy, dataset }), "json");
    };
    expect(tampered((rows) => (rows[0].rank_1 = "2"))).toThrow('Record 1, column rank_1: "2" is not a integer');
    expect(tampered((rows) => (rows[1].ballot_number = 2.5))).toThrow(
      "Record 2, column ballot_number: 2.5 is not a integer",
    );
    expect(tampered((rows) => (rows[2].channel = 1))).toThrow("Record 3, column channel: 1 is not a text");
    expect(tampered((rows) => delete rows[3].rank_3)).toThrow("Record 4, column rank_3: nothing is not a integer");
    expect(tampered((rows) => (rows[4].voter = "x"))).toThrow(
      "Record 5: voter is not part of the priority-ballot-counts dataset",
    );
    expect(tampered((rows) => (rows[5].channel = "offline"))).toThrow(
      'Record 6 (offline, No. 2), column channel: "offline" is not a channel',
    );
    expect(tampered((rows) => rows.push({ ...rows[0] }))).toThrow(
      "Record 9 (online, No. 1): a second online row for No. 1",
    );
    expect(tampered(() => undefined, "priority-ballots")).toThrow(
      "The file holds the priority-ballots dataset, not priority-ballot-counts",
    );
    expect(() => readCountsFile("[1, 2]", "json")).toThrow("Not a readable open-data JSON file");
  });
});
