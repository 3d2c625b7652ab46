import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { notifyPeople } from "~/features/notifications/notifications.server";
import { register, testServerDatabase } from "./helpers";

test.use({ locale: "en-GB" });

// No feature sends notifications yet, so the test sends them the way a feature will: the app's
// own command, on the database the test server uses (playwright.config.ts).
const db = testServerDatabase();

async function notify(email: string, count: number) {
  const { id } = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  for (let i = 0; i < count; i++) await notifyPeople(db, [id], { kind: "e2e.somethingHappened", link: "/interviews" });
}

test("a resident sees the unread count in the header, reads the list and marks everything read", async ({ page }) => {
  const account = await register(page, "Auntie Li");
  const header = page.getByRole("navigation", { name: "Account" });
  await expect(header.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  await notify(account.email, 3);
  await page.goto("/");
  await header.getByRole("link", { name: "Notifications, 3 unread" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const items = page.getByRole("main").getByRole("listitem");
  await expect(items).toHaveCount(3);
  await expect(items.first()).toContainText("Unread");
  // A kind this forum does not know how to word still gets a sentence, and its link.
  await expect(
    items.first().getByRole("link", { name: "There is news about something you take part in." }),
  ).toHaveAttribute("href", "/interviews");

  await items
    .first()
    .getByRole("button", { name: /Mark as read/ })
    .click();
  await expect(page.getByRole("status")).toHaveText("The notification is marked as read.");
  await expect(header.getByRole("link", { name: "Notifications, 2 unread" })).toBeVisible();
  await expect(page.getByText("Unread", { exact: true })).toHaveCount(2);

  for (const locale of ["zh-CN", "en"]) {
    await page.request.post("/settings", { form: { locale } });
    await page.reload();
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(
      axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
      locale,
    ).toEqual([]);
  }

  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("status")).toHaveText("All your notifications are marked as read.");
  await expect(header.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expect(page.getByText("Unread", { exact: true })).toHaveCount(0);
  await expect(items).toHaveCount(3);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("notifications are marked read with plain forms", async ({ page }) => {
    const account = await register(page, "Uncle Chen");
    await notify(account.email, 2);
    await page.goto("/notifications");
    await page
      .getByRole("main")
      .getByRole("listitem")
      .first()
      .getByRole("button", { name: /Mark as read/ })
      .click();
    await expect(
      page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Notifications, 1 unread" }),
    ).toBeVisible();
    await page.getByRole("button", { name: "Mark all as read" }).click();
    await expect(page.getByRole("status")).toHaveText("All your notifications are marked as read.");
    await expect(
      page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Notifications", exact: true }),
    ).toBeVisible();
  });
});

test("a visitor who is not logged in is sent to log in", async ({ page }) => {
  await page.goto("/notifications");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fnotifications/);
});
