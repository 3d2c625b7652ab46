import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, logIn } from "./helpers";
import { chooseLargestText, PHONE, sidewaysScrolling, smallTapTargets } from "./measure";

const PUBLIC_PAGES = [
  "/",
  "/login",
  "/register",
  "/data-policy",
  "/interviews",
  "/priorities",
  "/policies",
  "/policies?q=%E7%94%B5%E6%A2%AF",
  "/policies/seed-policy-open",
  "/policies/seed-policy-adopted/versions/2",
  ...priorityPages(),
];
/** The demo official belongs to the Housing Bureau, which owns the policy in consultation. */
const OFFICIAL_POLICY_PAGES = [
  "/policies/new",
  "/policies/seed-policy-open/edit",
  "/policies/seed-policy-open/versions/new",
];
const RESIDENT_PAGES = [
  "/account",
  "/account/password",
  "/account/security",
  "/account/questions",
  "/account/sessions",
  "/account/data",
  "/account/delete",
  "/notifications",
];
const ADMIN_PAGES = [
  "/admin",
  "/admin/users",
  "/admin/departments",
  "/admin/areas",
  "/admin/audit",
  "/priorities/new",
  "/priorities/seed-cycle-2027/edit",
];

/** The demo seed's cycles (fixed ids): this year's in its vote, last year's finished, with a kept, a merged and a declined proposal. */
function priorityPages() {
  const lastYear = "/priorities/seed-cycle-2026";
  return [
    "/priorities/seed-cycle-2027",
    lastYear,
    `${lastYear}/proposals/seed-cycle-2026-p01`,
    `${lastYear}/proposals/seed-cycle-2026-p10`,
    `${lastYear}/proposals/seed-cycle-2026-p11`,
  ];
}

async function seriousViolations(page: Page, waived: string[] = []) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .disableRules(waived)
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** The interview pages everyone sees, for the demo's live session, found from the listing. */
async function interviewPages(page: Page) {
  await page.goto("/interviews");
  const session = await page.getByRole("main").locator("a[href^='/interviews/c']").first().getAttribute("href");
  return [session!, `${session}/statistics`, "/interviews/archive?q=%E7%94%B5%E6%A2%AF", "/interviews/dashboard"];
}

/** What staff see of the same session: the official's console and due list, the moderation queue, the counter desk. */
async function staffInterviewPages(page: Page, role: "official" | "moderator" | "counter") {
  if (role === "counter") return ["/counter/questions", "/counter/questions/entered", "/counter/proposals"];
  const [session] = await interviewPages(page);
  return role === "official"
    ? [
        `${session}/console`,
        `${session}/edit`,
        "/interviews/due",
        "/interviews/new",
        "/priorities/seed-cycle-2027/review",
      ]
    : [`${session}/moderate`];
}

/** The admin pages plus one person's and one department's page, found the way an administrator finds them. */
async function allAdminPages(page: Page) {
  await page.goto(`/admin/users?q=${encodeURIComponent(DEMO.resident.email)}`);
  const person = await page
    .getByRole("main")
    .getByRole("link", { name: /Auntie Zhang/ })
    .getAttribute("href");
  await page.goto("/admin/departments");
  const department = await page
    .getByRole("main")
    .locator("a[href^='/admin/departments/']")
    .first()
    .getAttribute("href");
  return [...ADMIN_PAGES, person!, department!];
}

for (const locale of ["zh-CN", "en-GB"]) {
  test.describe(`axe-core finds no serious or critical problem (${locale})`, () => {
    test.use({ locale });

    test("on the public pages", async ({ page }) => {
      for (const path of [...PUBLIC_PAGES, ...(await interviewPages(page))]) {
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
      for (const path of [...RESIDENT_PAGES, ...(await interviewPages(page)).slice(0, 1)]) {
        await page.goto(path);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });

    for (const role of ["official", "moderator", "counter"] as const) {
      test(`on the interview pages of ${role === "counter" ? "counter staff" : `an ${role}`}`, async ({ page }) => {
        await logIn(page, DEMO[role]);
        for (const path of [
          ...(await staffInterviewPages(page, role)),
          ...(role === "official" ? OFFICIAL_POLICY_PAGES : []),
        ]) {
          await page.goto(path);
          expect(await seriousViolations(page), path).toEqual([]);
        }
      });
    }

    test("on the admin pages, with larger text", async ({ page }) => {
      await logIn(page, DEMO.admin);
      await page.locator("form.text-size button.size-larger").click();
      for (const path of ADMIN_PAGES) {
        await page.goto(path);
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });
  });

  // What axe cannot see, on a 360-pixel phone. At the normal text size, where targets are
  // smallest, every link and button outside running text is at least 44×44 CSS pixels (WCAG
  // 2.5.5), for elderly hands. With the largest text, every page fits the screen without
  // sideways scrolling (WCAG 1.4.10) and still passes axe. Each page is reported on its own.
  test.describe(`on a 360-pixel phone (${locale})`, () => {
    test.use({ locale, viewport: PHONE });

    async function checkEachPage(page: Page, paths: string[]) {
      await page.request.post("/settings", { form: { textSize: "normal" } });
      for (const path of paths) {
        await page.goto(path);
        expect.soft(await smallTapTargets(page), `${path} has targets under 44 px`).toEqual([]);
      }
      await chooseLargestText(page);
      for (const path of paths) {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("data-text-size", "larger");
        expect.soft(await sidewaysScrolling(page), `${path} scrolls sideways with the largest text`).toEqual([]);
        expect.soft(await seriousViolations(page), `${path} with the largest text`).toEqual([]);
      }
    }

    test("the public pages", async ({ page }) => {
      await checkEachPage(page, [...PUBLIC_PAGES, ...(await interviewPages(page))]);
    });

    test("the interview pages of staff", async ({ page }) => {
      await logIn(page, DEMO.moderator);
      await checkEachPage(page, await staffInterviewPages(page, "moderator"));
      await page.context().clearCookies();
      await logIn(page, DEMO.official);
      await checkEachPage(page, await staffInterviewPages(page, "official"));
    });

    test("a resident's pages", async ({ page }) => {
      await logIn(page, DEMO.resident);
      await checkEachPage(page, RESIDENT_PAGES);
    });

    test("the admin pages", async ({ page }) => {
      await logIn(page, DEMO.admin);
      await checkEachPage(page, await allAdminPages(page));
    });
  });
}
