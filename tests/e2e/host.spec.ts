// A host's hour in the hall (issue 17 item 4): a moderator stars five questions into the "next
// up" queue and reorders it with the keyboard, marks one as now answering, and the hall screen
// and the official's console follow without a reload; the official answers for a guest, and the
// screen shows the answer credited to the guest.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, logIn, personPage, testServerDatabase } from "./helpers";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

const db = testServerDatabase();

/** A live session of the transport department with a guest and eight published questions. */
async function liveSession() {
  const now = Date.now();
  const tag = randomBytes(3).toString("hex");
  const creator = await db.user.findUniqueOrThrow({ where: { email: DEMO.moderator.email } });
  const department = await db.department.findFirstOrThrow({ where: { slug: "transport" } });
  const session = await db.interviewSession.create({
    data: {
      titleZh: `公交线路调整 ${tag}`,
      titleEn: `Bus route changes ${tag}`,
      topic: "Transport",
      premoderated: true,
      createdById: creator.id,
      startsAt: new Date(now - 30 * 60_000),
      endsAt: new Date(now + 90 * 60_000),
      hosts: { create: [{ departmentId: department.id }] },
      guests: { create: [{ name: "Chen Jing", title: "Head of Transport", position: 0 }] },
    },
  });
  await db.question.createMany({
    data: Array.from({ length: 8 }, (_, i) => {
      const text = `Route ${i} ${tag}: will the night bus keep running?`;
      return {
        sessionId: session.id,
        askerId: creator.id,
        type: "consultation",
        text,
        searchText: text.toLowerCase(),
        status: "published",
        publishedAt: new Date(now),
        voteCount: 8 - i,
        departmentId: department.id,
        receivedAt: new Date(now - i * 1000),
        firstReplyDueAt: new Date(now + 600 * 60_000),
        resolutionDueAt: new Date(now + 900 * 60_000),
      };
    }),
  });
  return { id: session.id, tag };
}

test("the queue, the hall screen and the console follow the host live; the answer is credited to the guest", async ({
  page,
  browser,
}) => {
  test.setTimeout(40_000);
  const session = await liveSession();
  const question = (i: number) => `Route ${i} ${session.tag}: will the night bus keep running?`;
  // A button's name ends with the question's first words: "Move up: Route 3 …".
  const named = (label: string, i: number) => new RegExp(`^${label}\\s*:\\s*Route ${i} ${session.tag}`);

  // The hall screen and the official's console are open before anything is queued.
  const screen = await personPage(browser);
  await screen.goto(`/interviews/${session.id}/screen`);
  await expect(screen.getByText("The next question will appear here.")).toBeVisible();
  await expect(screen.locator("#main-nav, header nav")).toHaveCount(0);
  const official = await personPage(browser, DEMO.official);
  await official.goto(`/interviews/${session.id}/console`);
  await expect(official.getByText("The hosts have not queued any question yet.")).toBeVisible();

  await logIn(page, DEMO.moderator, "en");
  await page.goto(`/interviews/${session.id}/desk`);
  for (const i of [0, 1, 2, 3, 4]) {
    await page.getByRole("button", { name: named("Add to the queue", i) }).click();
    await expect(page.locator('[data-testid="queue"] > li')).toHaveCount(i + 1);
  }
  // Reordered with the keyboard: route 3 moves up twice. Adding already said "The queue was
  // changed.", so each press waits for the order it makes before the next one.
  const order = async () =>
    (await page.locator('[data-testid="queue"] > li .question-text').allInnerTexts()).map((text) => text.trim());
  for (const expected of [
    [0, 1, 3, 2, 4],
    [0, 3, 1, 2, 4],
  ]) {
    await page.getByRole("button", { name: named("Move up", 3) }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(order).toEqual(expected.map(question));
    await expect(page.getByText("The queue was changed.")).toBeVisible();
  }
  // The console shows the same order without a reload.
  await expect(official.locator('[data-testid="console-queue"] > li')).toHaveText([0, 3, 1, 2, 4].map(question));

  await page
    .getByRole("button", { name: named("Mark as now answering", 3) })
    .first()
    .click();
  await expect(page.getByText("The hall screen now shows this question.")).toBeVisible();
  await expect(screen.getByText(question(3))).toBeVisible();
  await expect(official.getByText(`The hall is on: ${question(3)}`)).toBeVisible();

  // The official answers in the guest's name; the screen shows it under the question.
  await official
    .getByRole("link", { name: question(3) })
    .first()
    .click();
  await official.getByLabel(named("Answer", 3)).fill("The night bus keeps running until March.");
  await expect(official.getByLabel("Answer given by")).toHaveValue("0");
  await official.getByRole("button", { name: named("Publish answer", 3) }).click();
  await expect(screen.getByText("The night bus keeps running until March.")).toBeVisible();
  await expect(screen.getByText("Chen Jing, Head of Transport")).toBeVisible();
});
