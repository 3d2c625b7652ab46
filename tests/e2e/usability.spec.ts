// What an elderly resident, a phone user or a screen-reader user would notice and axe would not.
import { expect, test, type Page } from "@playwright/test";
import { DEMO, logIn, register } from "./helpers";
import { chooseLargestText, contrastRatio } from "./measure";

/** The page's live region, which must exist before the action so that screen readers announce what lands in it. */
async function liveRegion(page: Page) {
  const region = page.getByRole("main").getByRole("status");
  await expect(region).toHaveCount(1);
  return (await region.elementHandle())!;
}

/** Checks that the message arrived in the live region that was already there, and that focus moved to it. */
async function expectAnnouncedAndFocused(page: Page, region: Awaited<ReturnType<typeof liveRegion>>, message: string) {
  await expect
    .poll(() => region.evaluate((el) => (el.isConnected ? el.textContent : "(the live region was replaced)")))
    .toContain(message);
  await expect(page.locator(":focus")).toContainText(message);
}

for (const [locale, skip] of [
  ["zh-CN", "跳到主要内容"],
  ["en-GB", "Skip to main content"],
] as const) {
  test(`the skip link can be read when it appears (${locale})`, async ({ browser }) => {
    const page = await (await browser.newContext({ locale })).newPage();
    await page.goto("/");
    await page.keyboard.press("Tab");
    const link = page.getByRole("link", { name: skip });
    await expect(link).toBeFocused();
    expect(await contrastRatio(link)).toBeGreaterThanOrEqual(4.5);
  });
}

test.describe("in English", () => {
  test.use({ locale: "en-GB" });

  test("the text size chosen before logging in stays, and follows the account to a new device", async ({ browser }) => {
    const first = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const account = await register(first, "Grandpa Li");
    await first.getByRole("button", { name: "Log out" }).click();
    await expect(first.getByRole("link", { name: "Log in" })).toBeVisible();

    await first.getByRole("button", { name: "Largest text" }).click();
    await expect(first.locator("html")).toHaveAttribute("data-text-size", "larger");
    await logIn(first, account, "en");
    await expect(first.locator("html")).toHaveAttribute("data-text-size", "larger");
    await expect(first.getByRole("combobox", { name: "Text size" })).toHaveValue("larger");

    const second = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await logIn(second, account, "en");
    await expect(second.locator("html")).toHaveAttribute("data-text-size", "larger");
  });

  test("signed-in devices are named in words, with this device marked", async ({ browser }) => {
    const phone = await (
      await browser.newContext({
        locale: "en-GB",
        userAgent:
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
      })
    ).newPage();
    const account = await register(phone, "Two Devices");
    const computer = await (
      await browser.newContext({
        locale: "en-GB",
        userAgent:
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0",
      })
    ).newPage();
    await logIn(computer, account, "en");

    await phone.goto("/account/sessions");
    const devices = phone.getByRole("list", { name: "Logged-in devices" }).getByRole("listitem");
    await expect(devices).toHaveCount(2);
    await expect(devices.filter({ hasText: "Chrome on Android" })).toContainText("This device");
    await expect(devices.filter({ hasText: "Microsoft Edge on Windows" })).not.toContainText("This device");
    await expect(phone.getByRole("main")).not.toContainText("Mozilla/5.0");
  });

  test("after changing the password, the confirmation is announced and has focus", async ({ page }) => {
    const account = await register(page, "New Password");
    await page.goto("/account/password");
    const region = await liveRegion(page);
    await page.getByLabel("Current password").fill(account.password);
    await page.getByLabel("New password", { exact: true }).fill("another long passphrase");
    await page.getByLabel("Repeat the new password").fill("another long passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await expectAnnouncedAndFocused(page, region, "Your password has been changed.");
    await expect(page.getByLabel("New password", { exact: true })).toHaveValue("");
  });

  test("after logging out another device, the confirmation is announced and has focus", async ({ browser }) => {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const account = await register(page, "Many Devices");
    await logIn(await (await browser.newContext({ locale: "en-GB" })).newPage(), account, "en");
    await page.goto("/account/sessions");
    const region = await liveRegion(page);
    await expect(page.getByRole("list", { name: "Logged-in devices" }).getByRole("listitem")).toHaveCount(2);
    await page
      .getByRole("main")
      .getByRole("button", { name: /^Log out/ })
      .click();
    await expectAnnouncedAndFocused(page, region, "The device has been logged out.");
    await expect(page.getByRole("list", { name: "Logged-in devices" }).getByRole("listitem")).toHaveCount(1);
  });

  test("switching the language keeps focus on the language button and says so", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "中文" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("button", { name: "English" })).toBeFocused();
    await expect(page.locator("[aria-live]").filter({ hasText: "页面已切换为中文" })).toHaveCount(1);
  });

  test("an administrator is told when a department is created and when it is deleted", async ({ page }) => {
    await logIn(page, DEMO.admin, "en");
    await page.goto("/admin/departments");
    const region = await liveRegion(page);
    const slug = `short-lived-${Date.now()}`;
    await page.getByLabel("Name in Chinese").fill("临时局");
    await page.getByLabel("Name in English").fill(`Short-lived Bureau ${slug}`);
    await page.getByLabel("Short name for addresses").fill(slug);
    await page.getByRole("button", { name: "Create department" }).click();
    await expectAnnouncedAndFocused(page, region, "The department has been created.");
    await expect(page.getByLabel("Short name for addresses")).toHaveValue("");

    await page.getByRole("link", { name: `Short-lived Bureau ${slug}` }).click();
    await page.getByLabel("Yes, delete this department").check();
    await page.getByRole("button", { name: "Delete department" }).click();
    await expect(page).toHaveURL(/\/admin\/departments$/);
    await expect(page.locator(":focus")).toHaveText(`Short-lived Bureau ${slug} has been deleted.`);
    await expect(page.getByRole("link", { name: `Short-lived Bureau ${slug}` })).toHaveCount(0);
  });

  test("logging out says so", async ({ page }) => {
    await register(page, "Leaving Now");
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("You have logged out.");
  });

  test("the welcome after registering is not shown again after saving the profile", async ({ page }) => {
    await register(page, "Just Arrived");
    await page.getByLabel("Display name").fill("Just Arrived Too");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Your profile has been saved.");
    await page.reload();
    await expect(page.getByRole("main")).not.toContainText("Welcome");
  });

  test("the people table reflows at 200% zoom with the largest text: no squeezed or hidden columns", async ({
    browser,
  }) => {
    // A 1280-pixel window at 200% zoom lays pages out in 640 CSS pixels.
    const page = await (await browser.newContext({ locale: "en-GB", viewport: { width: 640, height: 800 } })).newPage();
    await logIn(page, DEMO.admin, "en");
    await chooseLargestText(page);
    await page.goto("/admin/users");
    const cells = page.getByRole("main").getByRole("cell");
    expect(await cells.count()).toBeGreaterThan(3);
    const squeezed = await cells.evaluateAll((all) =>
      all
        .map((cell) => ({ cell, box: cell.getBoundingClientRect(), em: parseFloat(getComputedStyle(cell).fontSize) }))
        // Off the screen to the right, or narrower than six characters of its own text.
        .filter(({ box, em }) => box.right > document.documentElement.clientWidth || box.width < 6 * em)
        .map(
          ({ cell, box }) =>
            `"${cell.textContent?.trim().slice(0, 30)}" ${Math.round(box.left)}–${Math.round(box.right)}px`,
        ),
    );
    expect(squeezed).toEqual([]);
  });

  test("the duplicate-email message offers a link to log in", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("Email address").fill(DEMO.resident.email);
    await page.getByLabel("Display name").fill("Second Try");
    await page.getByLabel("Password", { exact: true }).fill("a long passphrase");
    await page.getByLabel("Repeat the password").fill("a long passphrase");
    await page.getByLabel(/I have read the data policy/).check();
    await page.getByRole("button", { name: "Create account" }).click();
    const error = page.locator("#field-email-error");
    await expect(error).toContainText("already exists");
    await error.getByRole("link", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("without JavaScript, a form with mistakes", () => {
  test.use({ javaScriptEnabled: false });

  for (const [locale, errorTitle, summary] of [
    ["en-GB", (count: number, title: string) => `Error: ${count} things to fix · ${title}`, "There is a problem"],
    ["zh-CN", (count: number, title: string) => `错误：${count} 处需要修改 · ${title}`, "有问题需要修改"],
  ] as const) {
    test(`says so in the title and lists each mistake at the top, linked to its field (${locale})`, async ({
      browser,
    }) => {
      const page = await (await browser.newContext({ locale, javaScriptEnabled: false })).newPage();
      await page.goto("/register");
      const title = await page.title();
      await page.locator("form.stack button[type=submit]").click();
      // Without JavaScript the answer is a new page: wait for it before counting what it marks.
      await expect(page.getByRole("region", { name: summary })).toBeVisible();
      const invalid = await page.locator("[aria-invalid=true]").count();
      expect(invalid).toBeGreaterThan(1);
      await expect(page).toHaveTitle(errorTitle(invalid, title));
      const box = page.getByRole("region", { name: summary });
      const links = box.getByRole("link");
      await expect(links).toHaveCount(invalid);
      for (const href of await links.evaluateAll((all) => all.map((a) => a.getAttribute("href")))) {
        await expect(page.locator(href!)).toHaveAttribute("aria-invalid", "true");
      }
      await links.first().click();
      await expect(page.getByLabel(locale === "en-GB" ? "Email address" : "电子邮箱")).toBeFocused();
    });
  }

  test("keeps the ticked confirmation when the password was wrong", async ({ browser }) => {
    const page = await (await browser.newContext({ locale: "en-GB", javaScriptEnabled: false })).newPage();
    await register(page, "Undecided");
    await page.goto("/account/delete");
    await page.getByLabel("Current password").fill("not the password");
    await page.getByLabel("I understand that this cannot be undone.").check();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByLabel("Current password")).toHaveAccessibleDescription("That password is incorrect.");
    await expect(page.getByLabel("I understand that this cannot be undone.")).toBeChecked();
  });
});
