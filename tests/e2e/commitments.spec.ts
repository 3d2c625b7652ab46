import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, personPage, register, testServerDatabase } from "./helpers";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

// The cycle and its shortlisted proposal would come from the cycles part; here they are made
// directly on the database the test server uses (playwright.config.ts), in the implementation
// phase, so that the year-end report is open.
const db = testServerDatabase();

const DAY = 86_400_000;

async function newCommitment(titleEn: string) {
  const suffix = randomBytes(4).toString("hex");
  const transport = await db.department.findUniqueOrThrow({ where: { slug: "transport" } });
  const area = await db.area.create({ data: { slug: `e2e-${suffix}`, nameZh: "海淀区", nameEn: "Haidian District" } });
  const at = (days: number) => new Date(Date.now() + days * DAY);
  const cycle = await db.cycle.create({
    data: {
      areaId: area.id,
      titleZh: `重点工作 ${suffix}`,
      titleEn: `District priorities ${suffix}`,
      ballotMethod: "approval",
      maxChoices: 3,
      collectStartsAt: at(-90),
      reviewStartsAt: at(-80),
      voteStartsAt: at(-70),
      resultsStartsAt: at(-60),
      implementationStartsAt: at(-50),
      reportStartsAt: at(200),
    },
  });
  const proposal = await db.proposal.create({
    data: {
      cycleId: cycle.id,
      title: titleEn,
      description: "Buses at night",
      category: "transport",
      status: "shortlisted",
      ballotNumber: 1,
      departmentId: transport.id,
    },
  });
  const commitment = await db.commitment.create({
    data: {
      cycleId: cycle.id,
      proposalId: proposal.id,
      departmentId: transport.id,
      titleZh: `夜班公交 ${suffix}`,
      titleEn,
      promiseZh: "年底前开通三条夜班公交线路。",
      promiseEn: "Three night bus lines run before the end of the year.",
      targetDate: new Date("2027-12-31T00:00:00Z"),
      milestones: { create: [{ position: 0, title: "Routes chosen", dueDate: new Date("2027-03-31T00:00:00Z") }] },
    },
  });
  return { cycle, commitment };
}

test("an official posts a progress report and a follower is notified; the year-end report lists it and prints without navigation", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const title = `Night buses ${Date.now()}`;
  const { cycle, commitment } = await newCommitment(title);

  // A resident follows the commitment.
  await register(page, "Night Owl");
  await page.goto(`/commitments/${commitment.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.getByRole("button", { name: "Follow this commitment" }).click();
  await expect(page.getByRole("status")).toHaveText("You now follow this commitment.");
  await expect(page.getByRole("button", { name: "Stop following" })).toBeVisible();

  // The official of the Transport Bureau reports progress.
  const official = await personPage(browser, DEMO.official);
  await official.goto(`/commitments/${commitment.id}`);
  const form = official.getByRole("form", { name: "Post a progress report" });
  await form.getByLabel("At risk").check();
  await form.getByLabel("Percent complete").fill("120");
  await form.getByLabel("What happened").fill("Two of the three routes are approved; the third waits for the depot.");
  await form.getByRole("button", { name: "Publish the report" }).click();
  await expect(official.getByText("Enter a whole number from 0 to 100.").first()).toBeVisible();
  await form.getByLabel("Percent complete").fill("45");
  await form.getByRole("button", { name: "Publish the report" }).click();
  await expect(official.getByRole("status")).toHaveText("The progress report is published.");
  await expect(official.getByText("45% complete").first()).toBeVisible();
  const timeline = official.getByRole("list", { name: "Progress reports" });
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  await expect(timeline).toContainText("Two of the three routes are approved");
  await expect(timeline).toContainText("At risk");
  await expectAccessible(official, "commitment page with the report form");

  // The follower sees the unread count and the notification, which leads to the report.
  await page.goto("/");
  const header = page.getByRole("navigation", { name: "Account" });
  await header.getByRole("link", { name: "Notifications, 1 unread" }).click();
  const notification = page
    .getByRole("main")
    .getByRole("link", { name: `New progress report on “${title}”: 45% complete` });
  await expect(notification).toBeVisible();
  await notification.click();
  await expect(page).toHaveURL(new RegExp(`/commitments/${commitment.id}#report-`));
  await expect(page.getByText("Two of the three routes are approved")).toBeVisible();

  // The year-end report lists the commitment with its last report.
  await page.goto(`/priorities/${cycle.id}/report`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Year-end report: District priorities`);
  await expect(page.getByRole("heading", { level: 3, name: title })).toBeVisible();
  await expect(page.getByText("Two of the three routes are approved")).toBeVisible();
  const mainNav = page.getByRole("navigation", { name: "Main" });
  await expect(mainNav).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(mainNav).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Account" })).toBeHidden();
  await expect(page.getByRole("main").getByText("Civic Forum", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: title })).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // In the other language, by the report's own switch.
  await expectAccessible(page, "year-end report in English");
  await page.getByRole("button", { name: "阅读中文版报告" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("年终报告");
  await expect(page.getByRole("heading", { level: 3, name: commitment.titleZh })).toBeVisible();
  await expectAccessible(page, "year-end report in Chinese");
  await page.goto("/commitments");
  await expect(page.getByRole("link", { name: commitment.titleZh })).toBeVisible();
  await expectAccessible(page, "commitments list in Chinese");
});
