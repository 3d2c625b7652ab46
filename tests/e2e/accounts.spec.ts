import { expect, test } from "@playwright/test";
import { logIn, register, uniqueEmail } from "./helpers";

test.use({ locale: "en-GB" });

test("a resident registers, logs out and logs back in", async ({ page }) => {
  const account = await register(page, "Auntie Wu");
  await expect(page).toHaveURL(/\/account/);
  await expect(
    page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Auntie Wu" }),
  ).toBeVisible();
  await expect(page.getByText(account.email)).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);

  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Profile", exact: true })).toBeVisible();
});

test("mistakes are explained next to the fields, and what was typed is kept", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Email address").fill("zhang at example");
  await page.getByLabel("Display name").fill("Zhang");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByLabel("Email address")).toHaveAccessibleDescription(
    "Please enter an email address like name@example.com.",
  );
  await expect(page.getByLabel("Email address")).toHaveValue("zhang at example");
  await expect(page.getByLabel("Display name")).toHaveValue("Zhang");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(/needs at least 8 characters/);
  await expect(page.getByLabel(/I have read the data policy/)).toHaveAccessibleDescription(
    "Please read and accept the data policy to register.",
  );
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill("resident@demo.city");
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("region", { name: "There is a problem" })).toContainText(
    "The email address or password is incorrect.",
  );
  await expect(page.getByRole("region", { name: "There is a problem" })).toBeFocused();
  await expect(page.getByLabel("Email address")).toHaveValue("resident@demo.city");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("registration still works, errors included", async ({ page }) => {
    await page.goto("/register");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Please fill this in.").first()).toBeVisible();

    const email = uniqueEmail();
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Display name").fill("No Script");
    await page.getByLabel("Password", { exact: true }).fill("works without js");
    await page.getByLabel("Repeat the password").fill("works without js");
    await page.getByLabel(/I have read the data policy/).check();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("status")).toContainText("Welcome");
    await expect(page.getByText(email)).toBeVisible();
  });
});

test("a resident downloads their data and deletes their account", async ({ page }) => {
  const account = await register(page, "Leaving Soon");
  await page.getByRole("link", { name: "My data" }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download my data" }).click(),
  ]);
  const data = JSON.parse(
    await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8")),
  );
  expect(data.profile.email).toBe(account.email);

  await page.getByRole("link", { name: "Delete account" }).click();
  await page.getByLabel("Current password").fill(account.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByLabel("I understand that this cannot be undone.")).toHaveAccessibleDescription(
    "Please tick the box to confirm.",
  );
  await page.getByLabel("Current password").fill(account.password);
  await page.getByLabel("I understand that this cannot be undone.").check();
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("status")).toHaveText("Your account has been deleted.");

  await logInExpectingFailure(page, account);
});

async function logInExpectingFailure(
  page: import("@playwright/test").Page,
  account: { email: string; password: string },
) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("region", { name: "There is a problem" })).toBeVisible();
}

test("the demo resident can log in", async ({ page }) => {
  await logIn(page, { email: "resident@demo.city", password: "demo-resident-2026" });
});
