import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, logIn } from "./helpers";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

// An official of the Transport Bureau creates a policy, writes v1 in the plain editor with
// chapter and article headings and a list, publishes it, and opens the consultation; anyone then
// finds it on the policies page by a Chinese substring of its title, and the version prints as a
// document without the forum's navigation.
test("an official publishes v1 and opens the consultation; the list finds it; the version prints without navigation", async ({
  page,
}) => {
  const suffix = randomBytes(3).toString("hex");
  const title = `城市道路绿化管理条例${suffix}`;
  await logIn(page, DEMO.official, "en");

  await page.goto("/policies");
  await page.getByRole("link", { name: "New policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New policy" })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Summary", { exact: true }).fill("行道树的种植、养护和迁移。");
  await page.getByLabel("Department").selectOption({ label: "Transport Bureau" });
  await page.getByLabel("Opens on").fill("2027-03-01");
  await page.getByLabel("Closes on").fill("2027-03-31");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("The policy has been created.")).toBeVisible();
  const policyUrl = page.url();

  // Opening the consultation before there is a version is refused with the reason.
  await page.getByRole("link", { name: "Edit policy" }).click();
  await page.getByRole("button", { name: "Open consultation" }).click();
  await expect(page.locator(".field-error, .error-summary").first()).toContainText("Publish an official version");

  await page.goto(policyUrl);
  await page.getByRole("link", { name: "Publish an official version" }).click();
  const editor = page.getByRole("textbox", { name: "Text" });
  await expect(editor).toBeVisible();
  await editor.click();
  const toolbar = page.getByRole("toolbar", { name: "Formatting" });
  await toolbar.getByRole("button", { name: "Chapter" }).click();
  await page.keyboard.type("第一章 总则");
  await page.keyboard.press("Enter");
  await toolbar.getByRole("button", { name: "Article" }).click();
  await page.keyboard.type("第一条 目的");
  await page.keyboard.press("Enter");
  await page.keyboard.type("为加强城市道路绿化管理，制定本条例。");
  await page.keyboard.press("Enter");
  await toolbar.getByRole("button", { name: "Bulleted list" }).click();
  await page.keyboard.type("行道树的种植；");
  await page.keyboard.press("Enter");
  await page.keyboard.type("行道树的养护。");
  await page.getByLabel("Change note").fill("征求意见稿。");
  await page.getByRole("button", { name: "Publish version" }).click();

  await expect(page).toHaveURL(/\/versions\/1$/);
  await expect(page.getByText("Version 1 has been published.")).toBeVisible();
  const text = page.locator(".policy-text");
  await expect(text.getByRole("heading", { level: 3, name: "第一章 总则" })).toBeVisible();
  await expect(text.getByRole("heading", { level: 4, name: "第一条 目的" })).toBeVisible();
  await expect(text.getByRole("listitem")).toHaveText(["行道树的种植；", "行道树的养护。"]);

  // Printed: the text and its heading, none of the forum's menus or links.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("nav").first()).toBeHidden();
  for (const nav of await page.locator("nav").all()) await expect(nav).toBeHidden();
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".site-footer")).toBeHidden();
  await expect(page.getByRole("link", { name: "Back to the policy" })).toBeHidden();
  await expect(text.getByRole("heading", { level: 3, name: "第一章 总则" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await page.emulateMedia({ media: "screen" });

  await page.goto(policyUrl);
  await page.getByRole("link", { name: "Edit policy" }).click();
  await page.getByRole("button", { name: "Open consultation" }).click();
  await expect(page.getByText("The status is now: Consultation open.")).toBeVisible();
  await expect(page.locator(".policy-status")).toHaveText("Consultation open");
  await expect(page.getByRole("link", { name: "Community draft", exact: true })).toBeVisible();

  // Logged out, a visitor finds it by a Chinese substring in the middle of its title.
  await page.context().clearCookies();
  await page.goto("/policies");
  await page.getByLabel("Search titles and summaries").fill(`路绿化管理条例${suffix}`);
  await page.getByLabel("Status").selectOption({ label: "Consultation open" });
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("main").getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByRole("main").locator(".policy-item")).toHaveCount(1);
  await page.getByRole("main").getByRole("link", { name: title }).click();
  await expect(page.locator(".policy-text").getByRole("heading", { level: 3, name: "第一章 总则" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an official publishes a version as lines, and chapters, articles and lists come out of the markers", async ({
    page,
  }) => {
    await logIn(page, DEMO.official, "en");
    // A policy of its own: the demo's policies belong to the other parts' tests.
    const title = `加装电梯管理办法${randomBytes(3).toString("hex")}`;
    await page.goto("/policies/new");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Department").selectOption({ label: "Housing and Urban Development Bureau" });
    await page.getByRole("button", { name: "Create policy" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await page.getByRole("link", { name: "Publish an official version" }).click();
    const lines = page.getByRole("textbox", { name: "Text" });
    await lines.fill(["第一章 总则", "第一条 为改善居住条件，制定本办法。", "- 业主自愿；", "- 协商一致。"].join("\n"));
    await page.getByLabel("Change note").fill("无脚本发布的版本。");
    await page.getByRole("button", { name: "Publish version" }).click();
    await expect(page).toHaveURL(/\/policies\/[^/]+\/versions\/1$/);
    const text = page.locator(".policy-text");
    await expect(text.getByRole("heading", { level: 3, name: "第一章 总则" })).toBeVisible();
    await expect(text.getByRole("heading", { level: 4, name: "第一条 为改善居住条件，制定本办法。" })).toBeVisible();
    await expect(text.getByRole("listitem")).toHaveText(["业主自愿；", "协商一致。"]);
  });
});
