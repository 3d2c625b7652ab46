import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, personPage, createApprovalCycle } from "./helpers";
import { smallTapTargets } from "./measure";

/** The pages only this flow reaches (a cycle collecting, the review with its controls) get the same checks as the others. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);
}

test("a cycle from proposals to the shortlist: a resident proposes, the counter enters a paper proposal, an official merges and shortlists", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const title = `Priorities test ${stamp}`;
  const residentTitle = `Lifts for old blocks ${stamp}`;
  const paperTitle = `Lift subsidy for our building ${stamp}`;

  // An administrator creates a cycle whose collection has just begun.
  const admin = await personPage(browser, DEMO.admin);
  const cycleUrl = await createApprovalCycle(admin, title, 3);

  // The cycle page says what a resident can do now: propose.
  const resident = await personPage(browser, DEMO.resident);
  await resident.goto(cycleUrl);
  await expect(resident.getByText("Now: Collecting proposals")).toBeVisible();
  await expect(resident.getByText(/Suggest a priority for the district's work this year/)).toBeVisible();
  await expectAccessible(resident);
  const propose = resident.getByRole("region", { name: "Suggest a priority" });
  await propose.getByLabel("Title", { exact: true }).fill(residentTitle);
  await propose
    .getByLabel("Description")
    .fill("Six-storey blocks without lifts: older residents cannot get up the stairs.");
  await propose.getByLabel("Category").selectOption({ label: "Housing" });
  await propose.getByRole("button", { name: "Send the proposal" }).click();
  await expect(resident.locator("#flash-message")).toContainText("your proposal has been published");
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText(residentTitle);

  // Counter staff enter a proposal handed in on paper.
  const counter = await personPage(browser, DEMO.counter);
  await counter.goto("/counter");
  await counter.getByRole("link", { name: "Priority proposals" }).click();
  await counter.getByLabel("Cycle").selectOption({ label: `${title} (Haidian District)` });
  await counter.getByLabel("On paper").check();
  await counter.getByLabel("Title", { exact: true }).fill(paperTitle);
  await counter.getByLabel("Description").fill("Handed in at the counter: a subsidy for adding a lift.");
  await counter.getByLabel("Category").selectOption({ label: "Housing" });
  await counter.getByRole("button", { name: "Enter the proposal" }).click();
  await expect(counter.locator("#flash-message")).toContainText("The proposal has been entered.");

  // Both are public; the search finds them by a part of their text.
  await resident.goto(`${cycleUrl}?q=${encodeURIComponent(`subsidy for our building ${stamp}`)}`);
  const found = resident.getByRole("region", { name: "Proposals", exact: true });
  await expect(found.getByRole("link", { name: paperTitle })).toBeVisible();
  await expect(found.getByRole("link", { name: residentTitle })).toHaveCount(0);

  // The administrator closes collection by hand.
  await admin.goto(`${cycleUrl}/edit`);
  await admin.getByLabel("Yes, change the phase now").check();
  await admin.getByRole("button", { name: "Close collecting and start the review now" }).click();
  await expect(admin.locator("#flash-message")).toContainText("The phase has changed: Review.");

  // An official merges the paper proposal into the resident's and shortlists that one.
  const official = await personPage(browser, DEMO.official);
  await official.goto(cycleUrl);
  await official.getByRole("link", { name: "Review the proposals" }).click();
  const card = (name: string) =>
    official.locator("li.list-item").filter({ has: official.getByRole("link", { name, exact: true }) });
  const paper = card(paperTitle);
  await expectAccessible(official);
  await paper.locator("summary", { hasText: "Merge into another proposal" }).click();
  await paper.getByLabel("Keep this proposal").selectOption({ label: residentTitle });
  // Nothing is chosen for the official, and a merge asks for a ticked confirmation (decision 0025).
  await paper.getByLabel("Yes, merge this proposal into the one chosen above").check();
  await paper.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(official.locator("#flash-message")).toContainText("The proposal has been merged.");
  const kept = card(residentTitle);
  await kept.locator("summary", { hasText: "Shortlist" }).click();
  await kept.getByLabel("Responsible department").selectOption({ label: "Housing and Urban Development Bureau" });
  await kept.getByLabel("Estimated cost in yuan").fill("3,000,000");
  await kept.getByRole("button", { name: "Shortlist" }).click();
  await expect(official.locator("#flash-message")).toContainText("The proposal has been shortlisted.");
  // The page lists what still waits; the shortlist is one filter away.
  await expect(official.getByRole("link", { name: residentTitle, exact: true })).toHaveCount(0);
  await official.getByLabel("Status").selectOption({ label: "Shortlisted" });
  await official.getByRole("button", { name: "Search" }).click();
  await expect(card(residentTitle).getByText("No. 1 on the ballot")).toBeVisible();

  // The public record: the merged proposal points to the kept one, which lists it, with its department and cost.
  await resident.goto(cycleUrl);
  await expect(resident.getByText("Now: Review")).toBeVisible();
  await expect(resident.getByText(/Proposals are being reviewed/)).toBeVisible();
  await resident
    .getByRole("region", { name: "Proposals", exact: true })
    .getByRole("link", { name: paperTitle })
    .click();
  await expect(resident.getByText("This proposal was merged into")).toBeVisible();
  await resident.getByRole("link", { name: residentTitle }).click();
  await expect(resident.getByText("These proposals were merged into this one:")).toBeVisible();
  await expect(resident.getByRole("link", { name: paperTitle })).toBeVisible();
  await expect(resident.getByText("Housing and Urban Development Bureau")).toBeVisible();
  await expect(resident.getByText("3,000,000 yuan")).toBeVisible();
});

test("the seeded cycle in its vote tells residents to vote, and the finished one links to its results and report", async ({
  page,
}) => {
  await page.goto("/priorities");
  await page.getByRole("link", { name: "2027 district work priorities" }).click();
  await expect(page.getByText("Now: Voting")).toBeVisible();
  await expect(page.getByRole("link", { name: "Vote", exact: true })).toHaveAttribute(
    "href",
    "/priorities/seed-cycle-2027/ballot",
  );
  await page.goto("/priorities/seed-cycle-2026");
  await expect(page.getByText("Now: Year-end report")).toBeVisible();
  await expect(page.getByRole("link", { name: "Read the year-end report" })).toHaveAttribute(
    "href",
    "/priorities/seed-cycle-2026/report",
  );
  await expect(page.getByRole("link", { name: "Follow the commitments" })).toHaveAttribute(
    "href",
    "/commitments?cycle=seed-cycle-2026",
  );
});
