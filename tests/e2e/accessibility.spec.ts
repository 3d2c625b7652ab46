import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, logIn } from "./helpers";

const PUBLIC_PAGES = ["/", "/login", "/register", "/data-policy", "/interviews"];
const RESIDENT_PAGES = ["/account", "/account/sessions", "/account/delete"];
const ADMIN_PAGES = ["/admin", "/admin/users", "/admin/departments", "/admin/audit"];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

for (const locale of ["zh-CN", "en-GB"]) {
  test.describe(`axe-core finds no serious or critical problem (${locale})`, () => {
    test.use({ locale });

    test("on the public pages", async ({ page }) => {
      for (const path of PUBLIC_PAGES) {
        await page.goto(path);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });

    test("on the forms showing their errors", async ({ page }) => {
      await page.goto("/register");
      await page.locator("form.stack button[type=submit]").click();
      await expect(page.locator(".field-error").first()).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("on a resident's pages", async ({ page }) => {
      await logIn(page, DEMO.resident);
      for (const path of RESIDENT_PAGES) {
        await page.goto(path);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });

    test("on the admin pages, with larger text", async ({ page }) => {
      await logIn(page, DEMO.admin);
      await page.locator("form.text-size button.size-larger").click();
      for (const path of ADMIN_PAGES) {
        await page.goto(path);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });
  });
}
