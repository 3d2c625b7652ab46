// A moderator's morning at Chengdu's scale: a session with 200 questions waiting is approved a
// page at a time in bulk, and a duplicate is merged into a question found by search, without the
// page reloading; the page fits a 360 px phone with the largest text.
import { resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createDb, type Db } from "~/db.server";
import { DEMO, logIn } from "./helpers";
import { chooseLargestText, PHONE, sidewaysScrolling } from "./measure";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

// The questions are made directly on the database the test server uses (playwright.config.ts):
// asking 200 through the form would test the rate limits, not moderation.
let db: Db;
test.beforeAll(() => {
  db = createDb(`file:${resolve(import.meta.dirname, "..", "..", "data", "e2e.db")}`);
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function sessionOf200() {
  const now = Date.now();
  const tag = randomBytes(3).toString("hex");
  const creator = await db.user.findUniqueOrThrow({ where: { email: DEMO.moderator.email } });
  const department = await db.department.findFirstOrThrow({ where: { slug: "transport" } });
  const session = await db.interviewSession.create({
    data: {
      titleZh: `公交站点调整 ${tag}`,
      titleEn: `Bus stop changes ${tag}`,
      topic: "Transport",
      premoderated: true,
      createdById: creator.id,
      startsAt: new Date(now - 30 * 60_000),
      endsAt: new Date(now + 90 * 60_000),
      hosts: { create: [{ departmentId: department.id }] },
    },
  });
  await db.question.createMany({
    data: Array.from({ length: 200 }, (_, i) => {
      const text = `Question ${i} ${tag}: when will the stop at block ${i} reopen?`;
      return {
        sessionId: session.id,
        askerId: creator.id,
        type: ["suggestion", "consultation", "complaint"][i % 3]!,
        text,
        searchText: text.toLowerCase(),
        status: "pending",
        departmentId: department.id,
        receivedAt: new Date(now - i * 1000),
        firstReplyDueAt: new Date(now + (i + 1) * 60_000),
        resolutionDueAt: new Date(now + (i + 61) * 60_000),
      };
    }),
  });
  return { id: session.id, tag };
}

test("200 questions: a page approved in bulk, a duplicate merged into a question found by search", async ({ page }) => {
  test.setTimeout(90_000);
  const session = await sessionOf200();
  await logIn(page, DEMO.moderator, "en");
  await page.goto(`/interviews/${session.id}/moderate`);
  await expect(page.getByRole("link", { name: "Waiting: 200 questions" })).toBeVisible();
  await expect(page.locator("article.question")).toHaveCount(25);

  await page.getByLabel("Select all on this page").check();
  await page.getByRole("button", { name: "Approve selected" }).click();
  await expect(page.getByText("25 approved, 0 already handled.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Waiting: 175 questions" })).toBeVisible();
  await expect(page.locator("article.question")).toHaveCount(25);

  // The duplicate is the first waiting card; the question to keep was approved above.
  const duplicate = page.locator("article.question").first();
  const duplicateText = (await duplicate.locator(".question-text").innerText()).trim();
  await duplicate.locator("summary", { hasText: "Merge into" }).click();
  await duplicate.getByRole("searchbox", { name: "Words of the question to keep" }).fill(`block 7 reopen`);
  await duplicate.getByRole("button", { name: /^Search/ }).click();
  await duplicate.getByLabel(`Question 7 ${session.tag}: when will the stop at block 7 reopen?`).check();
  await duplicate.getByRole("button", { name: /^Merge/ }).click();
  await expect(page.getByText(duplicateText, { exact: true })).toHaveCount(0);
  await expect
    .poll(
      async () =>
        (await db.question.findFirstOrThrow({ where: { sessionId: session.id, text: duplicateText } })).status,
    )
    .toBe("merged");
});

test("the moderation page fits a 360 px phone with the largest text", async ({ page }) => {
  const session = await sessionOf200();
  await page.setViewportSize(PHONE);
  await logIn(page, DEMO.moderator, "en");
  await chooseLargestText(page);
  await page.goto(`/interviews/${session.id}/moderate`);
  await expect(page.locator("article.question")).toHaveCount(25);
  expect(await sidewaysScrolling(page)).toEqual([]);
});
