// A moderator's morning at Chengdu's scale: a session with 200 questions waiting is approved a
// page at a time in bulk, and a duplicate is merged into a question found by search, without the
// page reloading; the page fits a 360 px phone with the largest text. And routing (decision
// 0044): a resident picks a host's topic or "Not sure", the moderator routes at approval, the
// official sends a wrongly routed question back with a reason, and the moderator routes it again.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, logIn, personPage, testServerDatabase } from "./helpers";
import { chooseLargestText, PHONE, sidewaysScrolling } from "./measure";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

// The questions are made directly on the database the test server uses (playwright.config.ts):
// asking 200 through the form would test the rate limits, not moderation.
const db = testServerDatabase();

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

test("routing: a topic or 'Not sure', routed at approval, sent back with a reason, routed again", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const tag = randomBytes(3).toString("hex");
  const [creator, transport, environment, housing] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: DEMO.moderator.email } }),
    db.department.findFirstOrThrow({ where: { slug: "transport" } }),
    db.department.findFirstOrThrow({ where: { slug: "environment" } }),
    db.department.findFirstOrThrow({ where: { slug: "housing" } }),
  ]);
  const now = Date.now();
  const session = await db.interviewSession.create({
    data: {
      titleZh: `街道环境与交通 ${tag}`,
      titleEn: `Streets and transport ${tag}`,
      topic: "Streets",
      premoderated: true,
      createdById: creator.id,
      startsAt: new Date(now - 30 * 60_000),
      endsAt: new Date(now + 90 * 60_000),
      hosts: {
        create: [
          {
            departmentId: transport.id,
            topicEn: "Transport: buses, roads, parking",
            topicZh: "交通：公交、道路、停车",
          },
          { departmentId: environment.id },
        ],
      },
    },
  });
  const aboutBuses = `Buses ${tag}: can route 12 run after ten at night?`;
  const notSure = `Shelter ${tag}: who repairs the broken bus shelter on Lotus Lane?`;

  // The resident picks Transport's topic for one question and leaves the other on "Not sure".
  const resident = await personPage(browser, DEMO.resident);
  await resident.goto(`/interviews/${session.id}`);
  const topics = resident.getByRole("group", { name: "Which department is your question for?" });
  await expect(topics.getByLabel("Not sure: the moderators pass it to the right department")).toBeChecked();
  await expectAccessible(resident, "the ask form with topics");
  await topics.getByLabel("Transport: buses, roads, parking").check();
  await resident.getByRole("radio", { name: "Consultation" }).check();
  await resident.getByRole("textbox", { name: "Your question" }).fill(aboutBuses);
  await resident.getByRole("button", { name: "Send question" }).click();
  await expect(resident.getByText(aboutBuses)).toBeVisible();
  await resident.getByRole("radio", { name: "Complaint" }).check();
  await resident.getByRole("textbox", { name: "Your question" }).fill(notSure);
  await resident.getByRole("button", { name: "Send question" }).click();
  await expect(resident.getByText(notSure)).toBeVisible();

  // The moderator approves the routed one as before; the unrouted one needs a department.
  const moderator = await personPage(browser, DEMO.moderator);
  await moderator.goto(`/interviews/${session.id}/moderate`);
  await expect(moderator.getByRole("link", { name: "To be routed: 1 question" })).toBeVisible();
  const routedCard = moderator.locator("article.question", { hasText: aboutBuses });
  await expect(routedCard.getByText("Responsible department: Transport Bureau")).toBeVisible();
  await routedCard.getByRole("button", { name: /^Approve/ }).click();
  await expect(routedCard).toHaveCount(0);
  const unroutedCard = moderator.locator("article.question", { hasText: notSure });
  await unroutedCard.getByRole("button", { name: /^Approve/ }).click();
  await expect(unroutedCard.getByRole("alert")).toHaveText("Choose the department that answers it first.");
  await unroutedCard.getByLabel("Department that answers it").selectOption({ label: "Transport Bureau" });
  await unroutedCard.getByRole("button", { name: /^Approve/ }).click();
  await expect(unroutedCard).toHaveCount(0);
  await expect(moderator.getByRole("link", { name: "To be routed: 0 questions" })).toBeVisible();

  // The official of Transport says "not ours", with the reason.
  const shelter = await db.question.findFirstOrThrow({ where: { sessionId: session.id, text: notSure } });
  const official = await personPage(browser, DEMO.official);
  await official.goto(`/interviews/${session.id}/console?question=${shelter.id}`);
  await official.locator("summary", { hasText: "Not ours: send it back to be routed" }).click();
  const reason = "Bus shelters belong to the district, not the Transport Bureau";
  await official.getByLabel("Why it is not your department's (shown publicly on the question)").fill(reason);
  await official.getByRole("button", { name: /^Send back/ }).click();
  await expect(official.getByText("The question was sent back to the moderators to be routed.")).toBeVisible();

  // The moderator's page follows live: it is to be routed again, with the reason beside it.
  await expect(moderator.getByRole("link", { name: "To be routed: 1 question" })).toBeVisible();
  await moderator.getByRole("link", { name: "To be routed: 1 question" }).click();
  const sentBack = moderator.locator("article.question", { hasText: notSure });
  await expect(sentBack.getByText(/^Sent back by Transport Bureau to be routed/)).toBeVisible();
  await expect(sentBack.getByText(reason)).toBeVisible();
  await expectAccessible(moderator, "the to-be-routed list");
  await sentBack.getByLabel("Responsible department").selectOption({ label: housing.nameEn });
  await sentBack.getByRole("button", { name: "Route" }).click();
  await expect(moderator.getByText("No question waits to be routed.")).toBeVisible();

  // The public sees where it has been and who answers it now.
  await resident.goto(`/interviews/${session.id}`);
  const card = resident.locator("article.question", { hasText: notSure });
  await expect(card.getByText(`Responsible department: ${housing.nameEn}`)).toBeVisible();
  await expect(card.getByText(reason)).toBeVisible();
  await expect(card.getByText(new RegExp(`^Routed to ${housing.nameEn} by the moderators`))).toBeVisible();
  for (const page of [resident, moderator, official]) await page.context().close();
});
