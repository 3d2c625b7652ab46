// Buttons a screen reader lists out of context must tell their questions apart: every card has
// the same "Vote", "Publish answer" or "Approve" (docs/decisions/0032). The visible words come
// first in each name, so that voice control can still say them.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, logIn } from "./helpers";

test.use({ locale: "en-GB" });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function liveSession(page: Page) {
  await page.goto("/interviews");
  return (await page.getByRole("main").locator("a[href^='/interviews/c']").first().getAttribute("href"))!;
}

/** Each card's button named `visible` carries the card's own question in its name, so no two are alike. */
async function expectNamedByQuestion(cards: Locator, visible: string) {
  const count = await cards.count();
  expect(count).toBeGreaterThan(1);
  const names = new Set<string>();
  for (let index = 0; index < count; index++) {
    const card = cards.nth(index);
    const button = card.getByRole("button", { name: visible });
    if ((await button.count()) === 0) continue;
    const question = (await card.locator(".question-text").innerText()).trim();
    const excerpt = [...question].length > 40 ? `${[...question].slice(0, 40).join("")}…` : question;
    // The hidden part is a box of its own, which some browsers set off with a space.
    await expect(button).toHaveAccessibleName(new RegExp(`^${escape(visible)} ?: ${escape(excerpt)}$`));
    names.add(excerpt);
  }
  expect(names.size).toBeGreaterThan(1);
}

test("a resident's vote buttons name their question, and are toggles with one name", async ({ page }) => {
  await logIn(page, DEMO.resident, "en");
  await page.goto(await liveSession(page));
  const cards = page.locator("article.question");
  await expectNamedByQuestion(cards, "Vote for this question");
  // Pressing it changes its state, not its name.
  const cardId = await cards
    .filter({ has: page.getByRole("button", { name: "Vote for this question", pressed: false }) })
    .first()
    .getAttribute("id");
  const button = page.locator(`#${cardId}`).getByRole("button", { name: "Vote for this question" });
  const name = await button.evaluate((el) => el.textContent);
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  expect(await button.evaluate((el) => el.textContent)).toContain(name!.replace(/^✓ /, ""));
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "false");
});

test("the official's answer buttons and the moderator's approve buttons name their question", async ({ page }) => {
  await logIn(page, DEMO.official, "en");
  const session = await liveSession(page);
  // The console lists the questions a line each, each link named by its question; the open one's
  // buttons end with its question too.
  await page.goto(`${session}/console`);
  const lines = page.locator(".console-list a");
  const names = await lines.allInnerTexts();
  expect(names.length).toBeGreaterThan(1);
  expect(new Set(names).size).toBe(names.length);
  await lines.first().click();
  const opened = page.locator("article.question");
  const question = (await opened.locator(".question-text").innerText()).trim();
  const excerpt = [...question].length > 40 ? `${[...question].slice(0, 40).join("")}…` : question;
  await expect(opened.getByRole("button", { name: "Publish answer" })).toHaveAccessibleName(
    new RegExp(`^Publish answer ?: ${escape(excerpt)}$`),
  );
  await page.context().clearCookies();
  await logIn(page, DEMO.moderator, "en");
  await page.goto(`${session}/moderate`);
  const cards = page.locator("article.question");
  if ((await cards.getByRole("button", { name: "Approve" }).count()) > 1) {
    await expectNamedByQuestion(cards, "Approve");
  }
});
