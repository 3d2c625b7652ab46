import { expect, test } from "@playwright/test";

test.describe("in Chinese by default for a Chinese browser", () => {
  test.use({ locale: "zh-CN" });

  test("the language follows the browser, can be switched, and the choice is kept", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("参与您所在城市的决策");
    await expect(
      page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "在线访谈" }),
    ).toBeVisible();

    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Take part in your city's decisions");

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Take part in your city's decisions");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Policies");

    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("政策草案");
  });

  test("a missing page says so in Chinese", async ({ page }) => {
    const response = await page.goto("/interviews/2031/unknown");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("找不到页面");
    await expect(page).toHaveTitle(/^找不到页面/);
  });
});

test.describe("for everyone", () => {
  test.use({ locale: "en-US" });

  test("the home page points to the three areas, each showing what is under way", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("main").getByRole("link", { name: "Interviews" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Interviews");
    await expect(page.getByRole("heading", { name: "Live now" })).toBeVisible();
    for (const [area, underWay] of [
      ["Priorities", "2027 district work priorities"],
      ["Policies", "老旧小区加装电梯管理办法"],
    ]) {
      await page.goto("/");
      await page.getByRole("main").getByRole("link", { name: area }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(area);
      await expect(page.getByRole("main").getByRole("link", { name: underWay })).toBeVisible();
    }
  });

  test("each text-size button's name begins with the text it shows, so it can be said aloud", async ({ page }) => {
    await page.goto("/");
    const buttons = page.getByRole("form", { name: "Text size" }).getByRole("button");
    await expect(buttons).toHaveCount(3);
    for (const button of await buttons.all()) {
      const visible = (await button.evaluate((el) => (el.firstChild?.textContent ?? "").trim())) as string;
      expect(visible).toMatch(/^A\+{0,2}$/);
      const escaped = visible.replace(/\+/g, "\\+");
      await expect(button).toHaveAccessibleName(new RegExp(`^${escaped} \\S`));
    }
  });

  test("larger text can be chosen and stays chosen", async ({ page }) => {
    await page.goto("/");
    const before = await page
      .getByRole("heading", { level: 1 })
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.getByRole("button", { name: "Largest text" }).click();
    await expect(page.locator("html")).toHaveAttribute("data-text-size", "larger");
    await expect(page.getByRole("button", { name: "Largest text" })).toHaveAttribute("aria-pressed", "true");
    await page.reload();
    const after = await page
      .getByRole("heading", { level: 1 })
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(after / before).toBeCloseTo(1.5, 1);
  });

  test("the data policy says what is collected, why, and for how long", async ({ page }) => {
    await page.goto("/data-policy");
    for (const heading of ["What we collect", "Why", "How long"]) {
      await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    }
  });
});

test.describe("on a 360-pixel phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });

  for (const path of ["/", "/register", "/login", "/data-policy"]) {
    test(`${path} fits the screen without sideways scrolling`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
