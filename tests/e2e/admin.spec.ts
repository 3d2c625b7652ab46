import { expect, test } from "@playwright/test";
import { DEMO, logIn, register } from "./helpers";

test.use({ locale: "en-GB" });

test("an administrator makes a new resident a moderator, and the audit log shows it", async ({ browser }) => {
  const residentPage = await (await browser.newContext({ locale: "en-GB" })).newPage();
  const resident = await register(residentPage, `Future Moderator ${Date.now()}`);

  const adminPage = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await logIn(adminPage, DEMO.admin);
  await adminPage.getByRole("link", { name: "Administration" }).click();
  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText("Administration");

  await adminPage.getByRole("link", { name: "People and roles" }).click();
  await adminPage.getByLabel("Search by name or email").fill(resident.email);
  await adminPage.getByRole("button", { name: "Search" }).click();
  await expect(adminPage.getByRole("status").filter({ hasText: /account/ })).toHaveText("1 account");
  await adminPage.getByRole("link", { name: resident.displayName }).click();
  await adminPage.getByRole("button", { name: "Grant the moderator role" }).click();
  await expect(adminPage.getByRole("status")).toHaveText("The change has been saved and logged.");
  await expect(adminPage.getByRole("button", { name: "Revoke the moderator role" })).toBeVisible();

  await adminPage.getByRole("link", { name: "Audit log" }).click();
  const row = adminPage
    .getByRole("row")
    .filter({ hasText: `Granted the Moderator role to ${resident.displayName}` })
    .first();
  await expect(row).toBeVisible();
  // Who did it carries the forum's own verified mark; the person acted on links to their page.
  await expect(row.getByText("Verified Administrator")).toBeVisible();
  await expect(row.getByRole("link", { name: resident.displayName })).toHaveAttribute("href", /^\/admin\/users\/\w+$/);

  // In Chinese, the same entry reads as a sentence: no ids, no JSON, no English keys.
  await adminPage.getByRole("button", { name: "中文" }).click();
  const zhRow = adminPage
    .getByRole("row")
    .filter({ hasText: `授予${resident.displayName}版主角色` })
    .first();
  await expect(zhRow).toBeVisible();
  await expect(adminPage.getByRole("main")).not.toContainText(/[{}]|"role"|role\.grant|membership\.add/);

  await residentPage.goto("/account");
  await expect(residentPage.getByText("Resident, Moderator")).toBeVisible();
});

test("an administrator creates a department and adds an official to it", async ({ page }) => {
  await logIn(page, DEMO.admin);
  await page.goto("/admin/departments");
  const slug = `parks-${Date.now()}`;
  await page.getByLabel("Name in Chinese").fill("园林绿化局");
  await page.getByLabel("Name in English").fill(`Parks Bureau ${slug}`);
  await page.getByLabel("Short name for addresses").fill(slug);
  await page.getByRole("button", { name: "Create department" }).click();
  await expect(page.getByRole("status")).toHaveText("The department has been created.");
  await expect(page.getByRole("link", { name: `Parks Bureau ${slug}` })).toBeVisible();

  // The same short name again is refused next to the field.
  await page.getByLabel("Name in Chinese").fill("重复");
  await page.getByLabel("Name in English").fill("Duplicate");
  await page.getByLabel("Short name for addresses").fill(slug);
  await page.getByRole("button", { name: "Create department" }).click();
  await expect(page.getByLabel("Short name for addresses")).toHaveAccessibleDescription(
    /Another department already uses this short name/,
  );
});

test.describe("a resident", () => {
  for (const [locale, title] of [
    ["en-GB", "Not allowed"],
    ["zh-CN", "无权访问"],
  ] as const) {
    test(`is refused the admin area (${locale})`, async ({ browser }) => {
      const page = await (await browser.newContext({ locale })).newPage();
      await logIn(page, DEMO.resident);
      await expect(page.getByRole("link", { name: /Administration|管理后台/ })).toHaveCount(0);
      const response = await page.goto("/admin/users");
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    });
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("after logging out, Back does not show the administrator's list of residents", async ({ page }) => {
    await logIn(page, DEMO.admin, "en");
    // The demo city has hundreds of voters: the resident is found by searching, as an administrator would.
    await page.goto(`/admin/users?q=${encodeURIComponent(DEMO.resident.email)}`);
    await expect(page.getByText(DEMO.resident.email)).toBeVisible();
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goBack();
    // The page is fetched again instead of shown from the cache, and the server asks for a login.
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByText(DEMO.resident.email)).toHaveCount(0);
  });
});
