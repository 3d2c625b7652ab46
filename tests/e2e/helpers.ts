import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { createDb, type Db } from "~/db.server";

export const DEMO = {
  admin: { email: "admin@demo.city", password: "demo-admin-2026" },
  resident: { email: "resident@demo.city", password: "demo-resident-2026" },
  official: { email: "official@demo.city", password: "demo-official-2026" },
  moderator: { email: "moderator@demo.city", password: "demo-moderator-2026" },
  counter: { email: "counter@demo.city", password: "demo-counter-2026" },
};

/**
 * The test server's own database, for a spec that makes its data there directly. Opened when a
 * test first uses it (the runner loads every spec before the server has made the file), and
 * closed after the spec's tests.
 */
export function testServerDatabase(): Db {
  let opened: Db | undefined;
  const open = () => (opened ??= createDb(`file:${resolve(import.meta.dirname, "..", "..", "data", "e2e.db")}`));
  test.afterAll(async () => {
    await opened?.$disconnect();
    opened = undefined;
  });
  return new Proxy({} as Db, {
    get(_, key) {
      const client = open();
      const value: unknown = Reflect.get(client, key);
      return typeof value === "function" ? value.bind(client) : value;
    },
  });
}

export const uniqueEmail = () => `e2e-${randomBytes(5).toString("hex")}@example.org`;

/**
 * Logs in through the login form. The browser first picks its language with the header's
 * language button (as a posted form), so that the account's saved language does not override it.
 */
export async function logIn(page: Page, account: { email: string; password: string }, language?: "en" | "zh-CN") {
  const locale = language ?? ((await page.evaluate(() => navigator.language)).startsWith("zh") ? "zh-CN" : "en");
  await page.goto("/login");
  await page.request.post("/settings", { form: { locale } });
  await page.reload();
  await page.locator("#field-email").fill(account.email);
  await page.locator("#field-password").fill(account.password);
  await page.locator("form.stack button[type=submit]").click();
  await expect(page).toHaveURL(/\/account/);
}

/** A person in a browser of their own, in English and Beijing time; signed in when an account is given. */
export async function personPage(browser: Browser, account?: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  if (account) await logIn(page, account, "en");
  return page;
}

/** A datetime-local value `days` from now, in Beijing time (the forum's and the browsers' zone here). */
export const beijingIn = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);

/**
 * An administrator creates an approval cycle for up to `maxChoices` candidates whose collection
 * of proposals has just begun, each later phase a week after the last; returns the cycle's path.
 */
export async function createApprovalCycle(admin: Page, title: string, maxChoices: number): Promise<string> {
  await admin.goto("/priorities/new");
  await admin.getByLabel("Title in English").fill(title);
  await admin.getByLabel("Approval vote").check();
  await admin.getByLabel("Most candidates a voter may choose (K)").fill(String(maxChoices));
  const dates: Array<[string, number]> = [
    ["Collecting proposals starts", -0.05],
    ["Review starts", 7],
    ["Voting starts", 14],
    ["Results are published", 21],
    ["Implementation starts", 28],
    ["Year-end report is published", 300],
  ];
  for (const [label, days] of dates) await admin.getByLabel(label).fill(beijingIn(days));
  await admin.getByRole("button", { name: "Create the cycle" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(title);
  return new URL(admin.url()).pathname;
}

/** Registers a new resident through the form and returns their credentials. */
export async function register(page: Page, displayName = "E2E Resident") {
  const account = { email: uniqueEmail(), password: "a long passphrase", displayName };
  await page.goto("/register");
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("Repeat the password").fill(account.password);
  await page.getByLabel(/I have read the data policy/).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText("Welcome");
  return account;
}

/**
 * Puts the caret after the last word of a Tiptap editor, and waits until the editor itself (not
 * only the browser) has it there. Ctrl+End moves the browser's caret; the editor reads it a moment
 * later, and a busy machine could let an Enter land where the click had put it.
 */
export async function caretToEnd(text: Locator) {
  await text.click();
  await expect(async () => {
    await text.page().keyboard.press("Control+End");
    const atEnd = await text.evaluate((element) => {
      const { state } = (element as HTMLElement & { editor: import("@tiptap/core").Editor }).editor;
      return state.selection.empty && state.doc.textBetween(state.selection.to, state.doc.content.size) === "";
    });
    expect(atEnd).toBe(true);
  }).toPass();
}

/** No serious or critical WCAG 2.1 A/AA violation on the page, as axe sees it. */
export async function expectAccessible(page: Page, label: string) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    label,
  ).toEqual([]);
}

/** Selects `words` inside the live draft of the comments page, as a reader dragging over them would. */
export async function selectInDraft(page: Page, words: string) {
  await page.getByTestId("draft-live").evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`"${wanted}" is not in the draft`);
  }, words);
}

/** The words selected in a Tiptap editor, as the editor itself has them (not only the browser). */
export function selectedInEditor(text: Locator): Promise<string> {
  return text.evaluate((element) => {
    const { state } = (element as HTMLElement & { editor: import("@tiptap/core").Editor }).editor;
    return state.doc.textBetween(state.selection.from, state.selection.to);
  });
}
