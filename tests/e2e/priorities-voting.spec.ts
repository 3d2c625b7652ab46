// Priority voting in a browser (docs/decisions/0017): a resident verifies with a code from a
// letter, votes, then changes the vote; counter staff enter a paper batch and a colleague
// confirms it. The cycle and its shortlist are put in the database directly: building them is
// another part's pages.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { handOutPaperBallots, idCardNumber } from "../integration/priorities-fixtures";
import { DEMO, logIn, register, testServerDatabase } from "./helpers";
import { PHONE, sidewaysScrolling } from "./measure";

const DAY = 86_400_000;
const db = testServerDatabase();

async function openCycle(method: "ranked" | "approval" | "budget") {
  const tag = randomBytes(3).toString("hex");
  const area = await db.area.create({
    data: { slug: `e2e-${tag}`, nameZh: `测试区${tag}`, nameEn: `Test District ${tag}` },
  });
  const department = await db.department.findFirstOrThrow();
  const now = Date.now();
  const cycle = await db.cycle.create({
    data: {
      areaId: area.id,
      titleZh: `${tag} 年度重点`,
      titleEn: `Priorities ${tag}`,
      ballotMethod: method,
      maxChoices: 3,
      collectStartsAt: new Date(now - 20 * DAY),
      reviewStartsAt: new Date(now - 10 * DAY),
      voteStartsAt: new Date(now - DAY),
      resultsStartsAt: new Date(now + 5 * DAY),
      implementationStartsAt: new Date(now + 20 * DAY),
      reportStartsAt: new Date(now + 300 * DAY),
    },
  });
  const titles = [
    "Safer crossings near schools",
    "More benches in parks",
    "Night bus to Xueyuan Road",
    "Repair old lifts",
  ];
  for (const [index, title] of titles.entries()) {
    await db.proposal.create({
      data: {
        cycleId: cycle.id,
        title,
        description: title,
        category: "transport",
        status: "shortlisted",
        ballotNumber: index + 1,
        departmentId: department.id,
        estimatedCost: (index + 1) * 200_000,
      },
    });
  }
  return { area, cycle };
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ locale: "en" });
  return context.newPage();
}

test("a resident verifies with a code from a letter, votes, then changes the vote", async ({ browser }) => {
  const { area, cycle } = await openCycle("ranked");

  const adminPage = await newPage(browser);
  await logIn(adminPage, DEMO.admin, "en");
  await adminPage.goto(`/admin/areas/${area.id}/codes`);
  await adminPage.getByLabel("Label").fill("Letters to test households");
  await adminPage.getByLabel("Number of codes").fill("2");
  await adminPage.getByLabel("Valid until").fill("2999-12-31");
  await adminPage.getByRole("button", { name: "Generate and show for printing" }).click();
  await expect(adminPage.getByRole("heading", { name: "2 codes generated" })).toBeVisible();
  const codes = await adminPage.locator(".code-letter .code").allTextContents();
  expect(codes).toHaveLength(2);
  // The batch list counts redeemed codes, never shows them again.
  await adminPage.goto(`/admin/areas/${area.id}/codes`);
  await expect(adminPage.getByText("0 of 2")).toBeVisible();
  await expect(adminPage.getByText(codes[0]!)).toHaveCount(0);

  const page = await newPage(browser);
  await register(page, "Voter Wu");
  await page.goto(`/priorities/${cycle.id}/ballot`);
  await expect(page.getByText(/Only verified residents of Test District/)).toBeVisible();
  await page.getByRole("link", { name: "Verify with a code" }).click();
  // A mistyped code is refused next to the field.
  await page.getByLabel("Code from your letter").fill("AAAA-AAAA-AAAA");
  await page.getByRole("button", { name: "Verify me" }).click();
  await expect(page.locator("#field-code-error")).toContainText("This code is incorrect");
  await page.getByLabel("Code from your letter").fill(codes[0]!.toLowerCase());
  await page.getByRole("button", { name: "Verify me" }).click();
  await expect(page.getByRole("status")).toContainText("You are verified");
  await expect(page).toHaveURL(new RegExp(`/priorities/${cycle.id}/ballot`));
  await expect(page.getByText(`Verified for Test District`)).toBeVisible();
  // The rule next to the ballot gives the points the count gives: 3 ranks, 4 candidates.
  await expect(
    page.getByText("Points for each rank: rank 1: 3 points, rank 2: 2 points, rank 3: 1 point."),
  ).toBeVisible();

  // Two candidates with the same rank are refused with the reason, then a valid ranking is cast.
  await page.getByLabel("Rank for Night bus to Xueyuan Road").selectOption("1");
  await page.getByLabel("Rank for Safer crossings near schools").selectOption("1");
  await page.getByRole("button", { name: "Cast my ballot" }).click();
  await expect(page.locator("#field-choices-error")).toContainText("Numbers 1 and 3 both have rank 1");
  await page.getByLabel("Rank for Safer crossings near schools").selectOption("2");
  await page.getByRole("button", { name: "Cast my ballot" }).click();
  await expect(page.getByRole("status")).toContainText("Your ballot was cast.");
  await expect(page.getByLabel("Rank for Night bus to Xueyuan Road")).toHaveValue("1");

  await page.getByLabel("Rank for Safer crossings near schools").selectOption("");
  await page.getByLabel("Rank for Repair old lifts").selectOption("2");
  await page.getByRole("button", { name: "Change my ballot" }).click();
  await expect(page.getByRole("status")).toContainText("Your ballot was changed. Only this one counts.");
  const ballots = await db.ballot.findMany({ where: { cycleId: cycle.id } });
  expect(ballots.map((ballot) => ballot.choices)).toEqual(["3,4"]);

  await adminPage.goto(`/admin/areas/${area.id}/codes`);
  await expect(adminPage.getByText("1 of 2")).toBeVisible();
});

test("counter staff enter a paper batch and a colleague confirms it", async ({ browser }) => {
  const { cycle } = await openCycle("approval");
  // Three people were handed paper ballots at the desk (the hand-out page has its own journey).
  await handOutPaperBallots(db, cycle.id, 3);
  // The demo has one counter account: a colleague gets the role here.
  const colleaguePage = await newPage(browser);
  const colleague = await register(colleaguePage, "Counter Sun");
  const { id: colleagueId } = await db.user.findUniqueOrThrow({
    where: { email: colleague.email },
    select: { id: true },
  });
  await db.role.create({ data: { userId: colleagueId, name: "counterStaff" } });

  const page = await newPage(browser);
  await logIn(page, DEMO.counter, "en");
  await page.goto("/counter");
  await page
    .getByRole("navigation", { name: "Counter desk" })
    .getByRole("link", { name: "Paper ballots", exact: true })
    .click();
  await page.getByLabel("Vote").selectOption(cycle.id);
  await page.getByLabel("Batch label").fill("Box 7, test centre");
  await page.getByLabel("Ballots, one per line").fill("1 2\n3 3\n4");
  await page.getByRole("button", { name: "Enter the batch" }).click();
  await expect(page.locator("#field-ballots-error")).toContainText("Line 2: Number 3 is chosen twice");
  await page.getByLabel("Ballots, one per line").fill("1 2\n3\n2 4 1");
  await page.getByRole("button", { name: "Enter the batch" }).click();
  await expect(page.getByRole("status")).toContainText("3 paper ballots entered");
  await expect(page.getByText("You entered this batch, so a colleague must confirm it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Confirm this batch" })).toHaveCount(0);
  const batchUrl = page.url();

  await colleaguePage.goto(batchUrl);
  await expect(colleaguePage.getByRole("heading", { name: "Box 7, test centre" })).toBeVisible();
  await expect(colleaguePage.getByText("Waiting for a colleague to confirm")).toBeVisible();
  await colleaguePage.getByRole("button", { name: "Confirm this batch" }).click();
  await expect(colleaguePage.getByRole("status")).toContainText("The batch is confirmed");
  await expect(colleaguePage.getByText("Confirmed by Counter Sun")).toBeVisible();
  const batch = await db.paperBatch.findFirstOrThrow({
    where: { cycleId: cycle.id },
    include: { _count: { select: { ballots: true } } },
  });
  expect(batch.confirmedById).toBe(colleagueId);
  expect(batch._count.ballots).toBe(3);
});

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("the voting pages are accessible and fit a phone, in both languages", async ({ browser }) => {
  test.setTimeout(180_000);
  const { area, cycle } = await openCycle("budget");
  await db.cycle.update({ where: { id: cycle.id }, data: { budgetTotal: 500_000, maxChoices: null } });
  for (const locale of ["en", "zh-CN"] as const) {
    const context = await browser.newContext({ locale, viewport: PHONE });
    const page = await context.newPage();
    const resident = await register(await (await browser.newContext({ locale: "en" })).newPage(), "Voter Zhou");
    await logIn(page, resident, locale);
    const { id } = await db.user.findUniqueOrThrow({ where: { email: resident.email }, select: { id: true } });
    await db.verification.create({ data: { areaId: area.id, userId: id, method: "code" } });
    await page.goto(`/priorities/${cycle.id}/ballot`);
    // A budget ballot over the total comes back with the message next to the choices.
    await page.locator("#candidate-2").check();
    await page.locator("#candidate-4").check();
    await page.locator("form button[type=submit]").last().click();
    await expect(page.locator("#field-choices-error")).toBeVisible();
    await expect(page.locator(".running-total")).toBeVisible();
    expect.soft(await seriousViolations(page), `ballot (${locale})`).toEqual([]);
    expect.soft(await sidewaysScrolling(page), `ballot (${locale})`).toEqual([]);
    await page.goto(`/priorities/verify?areaId=${area.id}&cycleId=${cycle.id}`);
    expect.soft(await seriousViolations(page), `verify (${locale})`).toEqual([]);

    const staffContext = await browser.newContext({ locale, viewport: PHONE });
    const staff = await staffContext.newPage();
    await logIn(staff, DEMO.counter, locale);
    // Verifying at the counter: find the resident, mark them for the area with the document seen.
    await staff.goto("/counter/verify");
    await staff.locator("#field-email").fill(resident.email);
    await staff.locator("main form[role=search] button[type=submit]").click();
    await expect(staff.getByRole("heading", { name: "Voter Zhou" })).toBeVisible();
    expect.soft(await seriousViolations(staff), `/counter/verify (${locale})`).toEqual([]);
    expect.soft(await sidewaysScrolling(staff), `/counter/verify (${locale})`).toEqual([]);
    await staff.locator("#field-documentKind-residencePermit").check();
    await staff.locator("#field-documentNumber").fill(idCardNumber());
    await staff.locator("main form:not([role=search]) button[type=submit]").click();
    await expect(staff.getByRole("status")).toContainText("Voter Zhou");
    await staff.goto("/counter/paper-ballots/hand-out");
    expect.soft(await seriousViolations(staff), `/counter/paper-ballots/hand-out (${locale})`).toEqual([]);
    expect.soft(await sidewaysScrolling(staff), `/counter/paper-ballots/hand-out (${locale})`).toEqual([]);
    await staff.goto("/counter/paper-ballots");
    expect.soft(await seriousViolations(staff), `/counter/paper-ballots (${locale})`).toEqual([]);
    expect.soft(await sidewaysScrolling(staff), `/counter/paper-ballots (${locale})`).toEqual([]);
    const adminContext = await browser.newContext({ locale, viewport: PHONE });
    const admin = await adminContext.newPage();
    await logIn(admin, DEMO.admin, locale);
    await admin.goto(`/admin/areas/${area.id}/codes`);
    expect.soft(await seriousViolations(admin), `codes (${locale})`).toEqual([]);
    await Promise.all([context.close(), staffContext.close(), adminContext.close()]);
  }
});
