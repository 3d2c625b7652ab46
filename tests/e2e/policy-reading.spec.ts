// Reading a policy with a screen reader, with the comments page, and without JavaScript
// (docs/decisions/0032-a11y-phone-layout.md).
import { expect, test, type Page } from "@playwright/test";
import { DEMO, logIn } from "./helpers";
import { contrastRatio } from "./measure";

test.use({ locale: "en-GB" });

/** The page's headings as levels, in order; a jump of more than one level down is a gap. */
async function headingGaps(page: Page): Promise<string[]> {
  const levels = await page
    .locator("h1, h2, h3, h4, h5, h6")
    .evaluateAll((all) => all.map((h) => `${h.tagName} ${(h.textContent ?? "").trim().slice(0, 20)}`));
  const gaps: string[] = [];
  let previous = 0;
  for (const entry of levels) {
    const level = Number(entry[1]);
    if (level > previous + 1) gaps.push(`${entry} after h${previous}`);
    previous = level;
  }
  return gaps;
}

test("a policy's chapters and articles nest under the page's headings without gaps", async ({ page }) => {
  for (const path of [
    "/policies/seed-policy-open",
    "/policies/seed-policy-adopted",
    "/policies/seed-policy-adopted/versions/2",
  ]) {
    await page.goto(path);
    await expect(page.locator(".policy-text h3").first()).toBeVisible();
    expect(await headingGaps(page), path).toEqual([]);
    // The text's top headings sit below the page's own sections, never beside them.
    expect(await page.locator(".policy-text h2").count(), path).toBe(0);
  }
});

test("the comments page's 'Show in the text' can be read and shows the passage", async ({ page }) => {
  await page.goto("/policies/seed-policy-open/comments");
  const button = page.getByRole("button", { name: "Show in the text" }).first();
  expect(await contrastRatio(button)).toBeGreaterThanOrEqual(4.5);
  const comment = page.locator("li", { has: button }).first();
  const passage = (await comment.locator("[data-testid=comment-passage]").textContent())!.trim();
  await expect(page.locator(".draft-live")).toBeVisible();
  await button.click();
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().trim())).toBe(passage);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the community draft shows no save button that could only fail", async ({ page }) => {
    await logIn(page, DEMO.resident, "en");
    await page.goto("/policies/seed-policy-open/draft");
    await expect(page.locator(".policy-text").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Save revision" })).toHaveCount(0);
    expect(await headingGaps(page)).toEqual([]);
  });

  test("the comments page's text nests under its heading", async ({ page }) => {
    await page.goto("/policies/seed-policy-open/comments");
    await expect(page.locator(".policy-text h3").first()).toBeVisible();
    expect(await headingGaps(page)).toEqual([]);
  });
});
