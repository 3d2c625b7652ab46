// The push channel as residents see it (decision 0011): an open interview page shows votes,
// "now answering" and answers as they happen, says that it is live and how many are watching,
// and catches up after its connection drops. The demo city's live session is the stage.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser } from "@playwright/test";
import { personPage } from "./helpers";

const ACCOUNTS = {
  official: { email: "official@demo.city", password: "demo-official-2026" },
  resident: { email: "resident@demo.city", password: "demo-resident-2026" },
  resident2: { email: "resident2@demo.city", password: "demo-resident-2026" },
};

/** A reader in English: signed in, or a visitor who chose English with the header's button. */
async function readerPage(browser: Browser, account?: { email: string; password: string }) {
  const page = await personPage(browser, account);
  if (!account) await page.request.post("/settings", { form: { locale: "en" } });
  return page;
}

const votes = (count: number) => new RegExp(`^${count} votes?$`);

/** Set on the page once; still there later only if the page never reloaded. */
const markPage = (page: import("@playwright/test").Page) =>
  page.evaluate(() => ((window as unknown as { __stillHere: boolean }).__stillHere = true));
const stillSamePage = (page: import("@playwright/test").Page) =>
  page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere === true);

test("an open session page follows votes, 'now answering' and answers without a reload, and catches up after a dropped connection", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const visitor = await readerPage(browser);
  await visitor.goto("/interviews");
  await visitor
    .getByRole("link", { name: /renovating old neighbourhoods/ })
    .first()
    .click();
  await visitor.waitForURL(/\/interviews\/[\w-]+$/);
  const sessionUrl = new URL(visitor.url()).pathname;
  await expect(visitor.getByText("Live: new updates appear here as they happen.")).toBeVisible();
  await expect(visitor.getByText(/\d+ watching/)).toBeVisible();
  const axe = await new AxeBuilder({ page: visitor }).include(".live-status").include(".live-line").analyze();
  expect(axe.violations).toEqual([]);
  await markPage(visitor);

  const question = "老旧小区加装电梯的补贴标准是多少？";
  const card = visitor.getByRole("article", { name: question });
  const votesBefore = Number((await card.locator(".vote-count").innerText()).match(/\d+/)![0]);

  // Another resident votes: the visitor's count follows.
  const voter = await readerPage(browser, ACCOUNTS.resident2);
  await voter.goto(sessionUrl);
  await voter.getByRole("article", { name: question }).getByRole("button", { name: "Vote for this question" }).click();
  await expect(card.locator(".vote-count")).toHaveText(votes(votesBefore + 1));

  // The official marks it "now answering" and answers it.
  const official = await readerPage(browser, ACCOUNTS.official);
  await official.goto(`${sessionUrl}/console`);
  await official.getByRole("link", { name: question }).click();
  const inConsole = official.getByRole("article", { name: question });
  await inConsole.getByRole("button", { name: "Mark as now answering" }).click();
  await expect(visitor.getByText(/Now answering: 老旧小区加装电梯/)).toBeVisible();
  const answer = `Up to 150,000 yuan per lift, paid after the safety inspection (${Date.now()}).`;
  // The box's name ends with its question ("Answer: ..."), so that a screen reader tells the boxes apart.
  await official
    .getByRole("article", { name: question })
    .getByRole("textbox", { name: /^Answer\b/ })
    .fill(answer);
  await official.getByRole("article", { name: question }).getByRole("button", { name: "Publish answer" }).click();
  await expect(card.getByText(answer)).toBeVisible();

  // The connection drops (the browser goes offline for a moment); what was said meanwhile arrives after.
  await visitor.context().setOffline(true);
  await expect(visitor.getByText(/Reconnecting/)).toBeVisible();
  await voter.goto(sessionUrl);
  const second = visitor.getByRole("article", { name: "建议公布老旧小区改造的施工进度表，方便居民安排出行。" });
  const secondBefore = Number((await second.locator(".vote-count").innerText()).match(/\d+/)![0]);
  await voter
    .getByRole("article", { name: "建议公布老旧小区改造的施工进度表，方便居民安排出行。" })
    .getByRole("button", { name: "Vote for this question" })
    .click();
  await visitor.context().setOffline(false);
  await expect(second.locator(".vote-count")).toHaveText(votes(secondBefore + 1), { timeout: 20_000 });
  await expect(visitor.getByText("Live: new updates appear here as they happen.")).toBeVisible();
  expect(await stillSamePage(visitor)).toBe(true);
});
