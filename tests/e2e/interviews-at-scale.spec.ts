// Issue 17's done-when journey: a Chengdu-sized session, 200 questions sent in, run end to end
// in Chromium by the people who run it. A moderator approves a page in bulk, merges a duplicate
// into a question found by search, and stars five into the host's queue; the hall screen shows
// the current one and an official answers it; a caller's question entered by the counter clerk is
// answered and the clerk marks the caller told; the asker of the answered question is not
// satisfied, the department sees it and answers again; and the statistics count every question
// past its promised time, the unanswered ones included.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectAccessible, logIn, personPage, testServerDatabase } from "./helpers";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

// The questions are made directly on the database the test server uses (playwright.config.ts):
// sending 200 through the form would test the rate limits, not the session.
const db = testServerDatabase();

const MINUTE = 60_000;
const COUNT = 200;
/** The first OVERDUE questions were due before the page opened, never answered; of these, the first RESOLUTION_OVERDUE were also due to be resolved. */
const OVERDUE = 20;
const RESOLUTION_OVERDUE = 5;
/** Asked by the demo resident, with the most votes: starred first, put on the screen, answered and rated. */
const RESIDENTS = 20;
/** The question the duplicate is merged into, and the duplicate (the first card still waiting after the bulk approval). */
const KEPT = 21;
const DUPLICATE = 25;

/**
 * A live, premoderated session of the transport department with 200 questions waiting. Question
 * i is due before question i + 1, so the moderation page (soonest due first) lists them in order.
 */
async function sessionOf200() {
  const now = Date.now();
  const tag = randomBytes(3).toString("hex");
  const moderator = await db.user.findUniqueOrThrow({ where: { email: DEMO.moderator.email } });
  const resident = await db.user.findUniqueOrThrow({ where: { email: DEMO.resident.email } });
  const transport = await db.department.findFirstOrThrow({ where: { slug: "transport" } });
  const session = await db.interviewSession.create({
    data: {
      titleZh: `公交站点调整 ${tag}`,
      titleEn: `Bus stop changes ${tag}`,
      topic: "Transport",
      premoderated: true,
      createdById: moderator.id,
      startsAt: new Date(now - 30 * MINUTE),
      endsAt: new Date(now + 90 * MINUTE),
      hosts: { create: [{ departmentId: transport.id }] },
    },
  });
  const texts = Array.from({ length: COUNT }, (_, i) =>
    i === DUPLICATE
      ? `Question ${i} ${tag}: is the stop at block ${KEPT} to reopen soon?`
      : `Question ${i} ${tag}: when will the stop at block ${i} reopen?`,
  );
  await db.question.createMany({
    data: texts.map((text, i) => {
      const overdue = i < OVERDUE;
      const firstReplyDueAt = new Date(overdue ? now - (OVERDUE - i) * MINUTE : now + 600 * MINUTE + i * MINUTE);
      return {
        sessionId: session.id,
        askerId: i === RESIDENTS ? resident.id : moderator.id,
        type: ["suggestion", "consultation", "complaint"][i % 3]!,
        text,
        searchText: text.toLowerCase(),
        status: "pending",
        departmentId: transport.id,
        voteCount: i === RESIDENTS ? 50 : 0,
        receivedAt: new Date(now - 40 * MINUTE + i * 1000),
        firstReplyDueAt,
        resolutionDueAt:
          i < RESOLUTION_OVERDUE ? new Date(now - MINUTE) : new Date(firstReplyDueAt.getTime() + 24 * 60 * MINUTE),
      };
    }),
  });
  return { id: session.id, tag, texts };
}

/** The figure a reader reads beside a label of the statistics. */
const figure = (page: Page, label: string) => page.locator(".stats > div", { hasText: label }).locator("dd");

test("a session of 200 questions, from moderation to the hall screen, the caller told and the statistics", async ({
  page: moderator,
  browser,
}) => {
  test.setTimeout(240_000);
  const session = await sessionOf200();
  const text = (i: number) => session.texts[i]!;
  // A button's name ends with the question's first words: "Add to the queue: Question 21 …".
  const named = (label: string, i: number) => new RegExp(`^${label}\\s*:\\s*Question ${i} ${session.tag}`);

  // The hall screen is up before the session's first question is chosen.
  const screen = await personPage(browser);
  await screen.goto(`/interviews/${session.id}/screen`);
  await expect(screen.getByText("The next question will appear here.")).toBeVisible();

  // The moderator approves the first page, the 25 soonest due, in one go.
  await logIn(moderator, DEMO.moderator, "en");
  await moderator.goto(`/interviews/${session.id}/moderate`);
  await expect(moderator.getByRole("link", { name: "Waiting: 200 questions" })).toBeVisible();
  await expect(moderator.locator("article.question")).toHaveCount(25);
  await moderator.getByLabel("Select all on this page").check();
  await moderator.getByRole("button", { name: "Approve selected" }).click();
  await expect(moderator.getByText("25 approved, 0 already handled.")).toBeVisible();
  await expect(moderator.getByRole("link", { name: "Waiting: 175 questions" })).toBeVisible();

  // The duplicate is merged into the question it repeats, found by its words.
  const duplicate = moderator.locator("article.question", { hasText: text(DUPLICATE) });
  await duplicate.locator("summary", { hasText: "Merge into" }).click();
  await duplicate.getByRole("searchbox", { name: "Words of the question to keep" }).fill(`block ${KEPT} reopen`);
  await duplicate.getByRole("button", { name: /^Search/ }).click();
  await duplicate.getByLabel(text(KEPT)).check();
  await duplicate.getByRole("button", { name: /^Merge/ }).click();
  await expect(moderator.getByText(text(DUPLICATE), { exact: true })).toHaveCount(0);
  await expect(moderator.getByRole("link", { name: "Waiting: 174 questions" })).toBeVisible();

  // Five stars on the host's desk: the resident's question found by searching, four more from the list.
  await moderator.goto(`/interviews/${session.id}/desk`);
  await moderator.getByRole("searchbox", { name: "Words of the question" }).fill(`block ${RESIDENTS} reopen`);
  await moderator.getByRole("button", { name: "Search", exact: true }).click();
  await expect(moderator.getByText(`1 question has “block ${RESIDENTS} reopen”.`)).toBeVisible();
  await expectAccessible(moderator, "the host's desk, searched");
  await moderator.getByRole("button", { name: named("Add to the queue", RESIDENTS) }).click();
  await expect(moderator.locator('[data-testid="queue"] > li')).toHaveCount(1);
  await moderator.getByRole("link", { name: "Show all published questions" }).click();
  for (const [n, i] of [KEPT, 22, 23, 24].entries()) {
    await moderator.getByRole("button", { name: named("Add to the queue", i) }).click();
    await expect(moderator.locator('[data-testid="queue"] > li')).toHaveCount(n + 2);
  }
  await moderator.getByRole("button", { name: named("Mark as now answering", RESIDENTS) }).click();
  await expect(moderator.getByText("The hall screen now shows this question.")).toBeVisible();
  await expect(screen.getByText(text(RESIDENTS))).toBeVisible();

  // The official answers the hall's question; the screen shows the answer under it.
  const residentsQuestion = await db.question.findFirstOrThrow({
    where: { sessionId: session.id, text: text(RESIDENTS) },
  });
  const official = await personPage(browser, DEMO.official);
  await official.goto(`/interviews/${session.id}/console?question=${residentsQuestion.id}`);
  await official.locator(`#answer-${residentsQuestion.id}`).fill("Block 20's stop reopens on 1 March.");
  await official.getByRole("button", { name: /^Publish answer/ }).click();
  await expect(official.locator(".answer-text", { hasText: "Block 20's stop reopens on 1 March." })).toBeVisible();
  await expect(screen.getByText("Block 20's stop reopens on 1 March.")).toBeVisible();

  // A caller's question, entered by the counter clerk with a reference number.
  const callersText = `Caller ${session.tag}: will the night bus stop at block 9 again?`;
  const clerk = await personPage(browser, DEMO.counter);
  await clerk.goto("/counter/questions");
  await clerk.getByLabel("Session").selectOption(session.id);
  await clerk.getByLabel("By phone").check();
  await clerk.getByLabel("Consultation").check();
  await clerk.getByLabel("The resident's question").fill(callersText);
  await clerk.getByLabel("How to reach the person").fill("139 8765 4321");
  await clerk.getByRole("button", { name: "Enter question" }).click();
  const confirmation = clerk.getByRole("status").filter({ hasText: "reference number" });
  await expect(confirmation).toContainText(/Q-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  const reference = (await confirmation.textContent())!.match(/Q-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0];

  // The session is premoderated: the moderator finds the call among the waiting questions and publishes it.
  await moderator.goto(`/interviews/${session.id}/moderate?q=${encodeURIComponent(`Caller ${session.tag}`)}`);
  const call = moderator.locator("article.question", { hasText: callersText });
  await call.getByRole("button", { name: /^Approve/ }).click();
  await expect(moderator.getByText("The question was published.")).toBeVisible();

  const callersQuestion = await db.question.findFirstOrThrow({ where: { sessionId: session.id, text: callersText } });
  await official.goto(`/interviews/${session.id}/console?question=${callersQuestion.id}`);
  await official.locator(`#answer-${callersQuestion.id}`).fill("Yes: from Monday the night bus stops at block 9.");
  await official.getByRole("button", { name: /^Publish answer/ }).click();
  await expect(
    official.locator(".answer-text", { hasText: "from Monday the night bus stops at block 9" }),
  ).toBeVisible();

  await clerk.goto("/counter/questions/entered");
  await clerk.getByLabel("Reference number").fill(reference);
  await clerk.getByRole("button", { name: "Find" }).click();
  const entered = clerk.locator(`#entered-${callersQuestion.id}`);
  await expect(entered).toContainText("Yes: from Monday the night bus stops at block 9.");
  await entered.getByRole("button", { name: "Mark the person as told" }).click();
  await expect(clerk.getByRole("status").filter({ hasText: "the person was told" })).toBeVisible();
  await expect(entered.getByRole("button", { name: "Mark the person as told" })).toHaveCount(0);

  // The resident is not satisfied with the answer to their question; the department hears of it.
  const resident = await personPage(browser, DEMO.resident);
  await resident.goto(`/interviews/${session.id}`);
  const card = resident.locator(`#q-${residentsQuestion.id}`);
  await card.getByLabel("No, not satisfied").check();
  // The comment names the session: the official's notifications of earlier runs stay on their page.
  const comment = `March is too late for block ${RESIDENTS} ${session.tag}: the detour adds 20 minutes`;
  await card.getByLabel("Comment (optional)").fill(comment);
  await card.getByRole("button", { name: "Send rating" }).click();
  await expect(resident.getByText("Thank you: your rating was saved.")).toBeVisible();

  // The notification takes the official to the question in the console, with the rating beside it.
  await official.goto("/notifications");
  await official.getByRole("link", { name: `not satisfied with your department's answer: ${comment}` }).click();
  await expect(official).toHaveURL(new RegExp(`/console\\?question=${residentsQuestion.id}`));
  const rating = official.locator(".asker-rating.unsatisfied");
  await expect(rating).toContainText("The asker rated the answer: not satisfied");
  await expect(rating).toContainText(comment);
  await expect(rating).toContainText("You can answer again below");
  await official
    .locator(`#answer-${residentsQuestion.id}`)
    .fill("A shuttle runs from block 20 until the stop reopens.");
  await official.getByRole("button", { name: /^Publish answer/ }).click();
  await expect(official.locator(".answer-text", { hasText: "A shuttle runs from block 20" })).toBeVisible();
  await resident.reload();
  await expect(
    resident.getByText("The department answered again. Were you satisfied with the new answer?"),
  ).toBeVisible();

  // The statistics count every question past its promised time: the 20 seeded so, none of which was answered.
  const reader = await personPage(browser);
  await reader.goto(`/interviews/${session.id}/statistics`);
  await expect(figure(reader, "Past the promised time without a first reply")).toHaveText(String(OVERDUE));
  await expect(figure(reader, "Past the promised resolution time, not resolved")).toHaveText(
    String(RESOLUTION_OVERDUE),
  );
});
