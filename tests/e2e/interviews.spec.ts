import { expect, test, type Page } from "@playwright/test";
import { personPage } from "./helpers";

const DEMO = {
  official: { email: "official@demo.city", password: "demo-official-2026" },
  moderator: { email: "moderator@demo.city", password: "demo-moderator-2026" },
  residentA: { email: "resident@demo.city", password: "demo-resident-2026" },
  residentB: { email: "resident2@demo.city", password: "demo-resident-2026" },
};

/** A datetime-local value an hour from now, in Beijing time (the browsers' zone here). */
function inAnHour() {
  const beijing = new Date(Date.now() + 60 * 60_000 + 8 * 3_600_000);
  return beijing.toISOString().slice(0, 16);
}

/** Set on the page once; still there later only if the page never reloaded. */
const markPage = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __stillHere: boolean }).__stillHere = true));
const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere === true);

test("a whole interview session: asked, moderated, voted, answered live and later, counted", async ({ browser }) => {
  test.setTimeout(120_000);
  const title = `Lifts for old blocks ${Date.now()}`;
  const official = await personPage(browser, DEMO.official);

  // The official schedules a session for their department and opens it early.
  await official.goto("/interviews/new");
  await official.getByLabel("Title in English").fill(title);
  await official.getByLabel("Topic").fill("Housing");
  await official.getByLabel("Housing and Urban Development Bureau").check();
  await official.getByLabel("Starts").fill(inAnHour());
  await official.getByRole("button", { name: "Schedule" }).click();
  await expect(official.getByRole("heading", { level: 1 })).toHaveText(title);
  const sessionUrl = new URL(official.url()).pathname;
  await official.getByRole("link", { name: "Edit session" }).click();
  await official.getByRole("button", { name: "Open now" }).click();
  await expect(official.getByText("The session is now: Live.")).toBeVisible();

  // Resident A asks two questions; the session is pre-moderated, so they wait.
  const residentA = await personPage(browser, DEMO.residentA);
  await residentA.goto(sessionUrl);
  for (const [type, text] of [
    ["Consultation", "When will the subsidy for adding a lift be paid?"],
    ["Suggestion", "Please publish the renovation timetable for each block."],
  ]) {
    await residentA.getByLabel(type, { exact: true }).check();
    await residentA.getByRole("textbox", { name: "Your question" }).fill(text);
    await residentA.getByRole("button", { name: "Send question" }).click();
    await expect(residentA.getByRole("status")).toContainText("It will appear after a moderator has checked it.");
  }
  await expect(residentA.getByText("Waiting for moderation")).toHaveCount(2);
  await markPage(residentA);

  // The moderator approves both; resident A's open page shows them without a reload.
  const moderator = await personPage(browser, DEMO.moderator);
  await moderator.goto(`${sessionUrl}/moderate`);
  // Each card leaves as it is approved, without a reload ("Approve selected" is the bulk button).
  const approveButtons = moderator.getByRole("button", { name: /^Approve ?:/ });
  for (let approved = 0; approved < 2; approved++) {
    await approveButtons.first().click();
    await expect(approveButtons).toHaveCount(1 - approved);
  }
  await expect(moderator.getByText("The question was published.")).toBeVisible();
  // Resident A's page offers the new questions rather than moving the list under their finger.
  await residentA.getByRole("button", { name: "2 new questions, show them" }).click();
  const subsidy = residentA.getByRole("article", { name: "When will the subsidy for adding a lift be paid?" });
  await expect(subsidy).toBeVisible();
  await expect(residentA.getByRole("article", { name: /renovation timetable/ })).toBeVisible();

  // Resident B votes; both pages show the new count, resident A's without a reload.
  const residentB = await personPage(browser, DEMO.residentB);
  await residentB.goto(sessionUrl);
  const subsidyForB = residentB.getByRole("article", { name: "When will the subsidy for adding a lift be paid?" });
  await subsidyForB.getByRole("button", { name: "Vote for this question" }).click();
  await expect(subsidyForB.getByText("1 vote", { exact: true })).toBeVisible();
  await expect(subsidy.getByText("1 vote", { exact: true })).toBeVisible();
  await expect(subsidy.getByRole("button", { name: /Vote for this question/ })).toHaveCount(0); // one's own question

  // The official marks it "now answering", then answers live.
  // The console lists the questions a line each; the official opens one to answer it.
  await official.goto(`${sessionUrl}/console`);
  await official.getByRole("link", { name: "When will the subsidy for adding a lift be paid?" }).click();
  const inConsole = official.getByRole("article", { name: "When will the subsidy for adding a lift be paid?" });
  await inConsole.getByRole("button", { name: "Mark as now answering" }).click();
  await expect(residentA.getByText(/Now answering: When will the subsidy/)).toBeVisible();
  const answer = "The subsidy is paid within 30 days of the lift passing its safety inspection.";
  await official
    .getByRole("article", { name: "When will the subsidy for adding a lift be paid?" })
    .getByRole("textbox", { name: "Answer" })
    .fill(answer);
  await official
    .getByRole("article", { name: "When will the subsidy for adding a lift be paid?" })
    .getByRole("button", { name: "Publish answer" })
    .click();
  await expect(official.getByRole("status")).toContainText("The answer was published.");
  await expect(subsidy.getByText(answer)).toBeVisible();

  // A new question reaches the open console without a reload, and the confirmation stays in view.
  const lateQuestion = "Who pays for the lift's electricity?";
  await residentB.getByLabel("Consultation", { exact: true }).check();
  await residentB.getByRole("textbox", { name: "Your question" }).fill(lateQuestion);
  await residentB.getByRole("button", { name: "Send question" }).click();
  await expect(residentB.getByRole("status")).toContainText("It will appear after a moderator has checked it.");
  await moderator.goto(`${sessionUrl}/moderate`);
  await moderator.getByRole("article", { name: lateQuestion }).getByRole("button", { name: "Approve" }).click();
  // The card leaves without a reload; the page's polite region says what happened.
  await expect(moderator.getByRole("article", { name: lateQuestion })).toHaveCount(0);
  await expect(moderator.getByText("The question was published.")).toBeVisible();
  await expect(official.getByRole("link", { name: lateQuestion })).toBeVisible();
  await expect(official.getByRole("status")).toContainText("The answer was published.");
  await expect(subsidy.getByText("Answered live")).toBeVisible();
  expect(await stillSamePage(residentA)).toBe(true);

  // After the end, the remaining question is answered late and shows as such.
  await official.goto(`${sessionUrl}/edit`);
  await official.getByRole("button", { name: "End now" }).click();
  await expect(official.getByText("The session is now: Answering after the session.")).toBeVisible();
  await official.goto(`${sessionUrl}/console`);
  await official.getByRole("link", { name: /renovation timetable/ }).click();
  const timetable = official.getByRole("article", { name: /renovation timetable/ });
  await timetable
    .getByRole("textbox", { name: "Answer" })
    .fill("Each block's timetable will be posted at its entrance and on this site.");
  await timetable.getByRole("button", { name: "Publish answer" }).click();
  await expect(official.getByRole("status")).toContainText("The answer was published.");
  await residentA.reload();
  await expect(
    residentA.getByRole("article", { name: /renovation timetable/ }).getByText("Answered after the session"),
  ).toBeVisible();

  // The statistics page counts exactly that.
  await residentA.goto(`${sessionUrl}/statistics`);
  const stats = residentA.locator("dl.stats");
  await expect(stats).toContainText("Received3");
  await expect(stats).toContainText("Published3");
  await expect(stats).toContainText("Answered live1");
  await expect(stats).toContainText("Answered after the session1");
});
