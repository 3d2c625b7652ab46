import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO } from "./helpers";

test.use({ locale: "en-GB" });

/** Presses Tab until the target has focus, as a keyboard user would; fails after 40 presses. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error("never reached the element with Tab");
}

test("the skip link is the first stop and jumps to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("a keyboard-only user logs in and reaches the admin area", async ({ page }) => {
  // The demo administrator's account is in Chinese; this browser has chosen English.
  await page.request.post("/settings", { form: { locale: "en" } });
  await page.goto("/");
  await tabTo(page, page.getByRole("link", { name: "Log in" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login/);

  await tabTo(page, page.getByLabel("Email address"));
  await page.keyboard.type(DEMO.admin.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(DEMO.admin.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/$|\/account/);

  await tabTo(page, page.getByRole("link", { name: "Administration" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Administration");
});

test("focus is always visible", async ({ page }) => {
  await page.goto("/login");
  await tabTo(page, page.getByLabel("Email address"));
  const outline = await page.getByLabel("Email address").evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
});
