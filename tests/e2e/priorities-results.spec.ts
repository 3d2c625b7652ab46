import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createDb, type Db } from "~/db.server";
import { castOnline, createCycle, createPeople, enterPaperBatch, verify } from "../integration/priorities-fixtures";

test.use({ locale: "en-GB" });

// The cycle, its voters and ballots are made the way the cycles and voting parts' commands make
// them, on the database the test server uses (playwright.config.ts).
let db: Db;
let cycleId: string;
test.beforeAll(async () => {
  db = createDb(`file:${resolve(import.meta.dirname, "..", "..", "data", "e2e.db")}`);
  // Approval, K = 2. Online: "1,2", "2", "2,3"; paper, confirmed: "3", "3,1", "3"; unconfirmed: "1" × 5.
  // Online: 1 → 1, 2 → 3, 3 → 1. Offline: 3 → 3, 1 → 1. Combined: 3 → 4, 2 → 3, 1 → 2.
  const { cycle, area } = await createCycle(db, {
    method: "approval",
    maxChoices: 2,
    costs: [null, null, null],
    phase: "results",
    title: "E2E results priorities",
  });
  cycleId = cycle.id;
  const people = await createPeople(db, 8);
  await verify(
    db,
    area.id,
    people.map((person) => person.id),
  );
  for (const [index, choices] of ["1,2", "2", "2,3"].entries())
    await castOnline(db, cycle.id, people[index].id, choices);
  await enterPaperBatch(db, cycle.id, ["3", "3,1", "3"], { confirmed: true });
  await enterPaperBatch(db, cycle.id, ["1", "1", "1", "1", "1"], { confirmed: false });
});
test.afterAll(async () => {
  await db.$disconnect();
});

test("the results show online, offline and combined counts, and the chart has a table", async ({ page }) => {
  await page.goto(`/priorities/${cycleId}/results`);
  await expect(page.getByRole("heading", { level: 1, name: "Results" })).toBeVisible();
  await expect(page.getByText("6 ballots counted: 3 online and 3 on paper.")).toBeVisible();
  // 8 verified residents and 8 people handed paper ballots (5 of them in the unconfirmed box).
  await expect(
    page.getByText("Turnout: 37.5% of the 16 people who could vote, counted when voting closed"),
  ).toBeVisible();
  await expect(
    page.getByText("5 ballots, not confirmed by a second member of counter staff before voting closed"),
  ).toBeVisible();

  const ranking = page.getByRole("table", { name: "Ranking" });
  await expect(ranking.getByRole("columnheader")).toHaveText([
    "Rank",
    "Candidate",
    "Online",
    "Offline",
    "Combined",
    "Ballots",
  ]);
  const rows = ranking.getByRole("row");
  // Rank, candidate, online, offline, combined, ballots (as seen: the narrow-screen labels are hidden).
  await expect(rows.nth(1).getByRole("cell")).toHaveText(["1", /Candidate 3/, "1", "3", "4", "4"], {
    useInnerText: true,
  });
  await expect(rows.nth(2).getByRole("cell")).toHaveText(["2", /Candidate 2/, "3", "0", "3", "3"], {
    useInnerText: true,
  });
  await expect(rows.nth(3).getByRole("cell")).toHaveText(["3", /Candidate 1/, "1", "1", "2", "2"], {
    useInnerText: true,
  });

  // The chart's figures as a table, behind a disclosure.
  const chart = page.getByRole("figure", { name: "Points by candidate, online and offline" });
  await chart.getByText("Show the figures as a table").click();
  const table = chart.getByRole("table");
  await expect(table).toBeVisible();
  await expect(table).toContainText("Online");
  await expect(table).toContainText("Offline");
  await expect(table.getByRole("row", { name: /Candidate 3/ })).toContainText("4");

  await expect(
    page.getByRole("link", { name: "Download Ballot counts by candidate and rank: Spreadsheet" }),
  ).toHaveAttribute("href", `/priorities/${cycleId}/results/ballot-counts.csv`);
  await expect(page.getByText("Each ballot may choose up to 2 candidates.")).toBeVisible();
  await expect(page.getByText("No ballot is published on its own, by design")).toBeVisible();

  const audit = await new AxeBuilder({ page }).analyze();
  expect(audit.violations).toEqual([]);
});

test("on a phone the ranking reflows and stays readable", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/priorities/${cycleId}/results`);
  const first = page.getByRole("table", { name: "Ranking" }).getByRole("row").nth(1);
  // Each cell shows its column name when the table reflows into blocks.
  await expect(first).toContainText("Combined", { useInnerText: true });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
