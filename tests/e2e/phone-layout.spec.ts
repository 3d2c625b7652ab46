// What a 70-year-old with the largest text sees on a cheap phone, page by page and role by role:
// the page's own heading on the first screen, labels with room to read, targets large enough for
// unsteady fingers, and nothing that scrolls sideways. The list below grows page by page until it
// holds every page of the three capabilities (docs/decisions/0032-a11y-phone-layout.md).
import { expect, test, type Page } from "@playwright/test";
import { DEMO, logIn } from "./helpers";
import {
  chooseLargestText,
  crowdedSmallTargets,
  headingTop,
  PHONE,
  sidewaysScrolling,
  smallTapTargets,
  squeezedLabels,
} from "./measure";

type Role = "visitor" | "resident" | "counter" | "official" | "moderator";

/** Addresses with the demo's interview sessions in them, which have no fixed ids: found from the listings. */
interface Found {
  live: string;
  past: string;
}

/** The pages each role uses, as the demo seed (prisma/seed*.ts) makes them. */
const PAGES: Record<Role, Array<string | ((found: Found) => string)>> = {
  visitor: [
    "/priorities/seed-cycle-2026/results",
    ({ past }) => `${past}/statistics`,
    "/interviews/dashboard",
    "/policies/seed-policy-open",
    "/policies/seed-policy-adopted/versions/2",
    "/policies/seed-policy-open/comments",
  ],
  resident: [
    "/priorities/seed-cycle-2027/ballot",
    "/priorities/seed-cycle-2026/ballot",
    "/priorities/seed-cycle-2026-zgc/ballot",
    ({ live }) => live,
    "/policies/seed-policy-open/draft",
    "/policies/seed-policy-open/history",
  ],
  counter: ["/counter", "/counter/questions"],
  official: [({ live }) => `${live}/console`],
  moderator: [({ live }) => `${live}/moderate`],
};

const SCREENS = [
  { width: 360, height: 740 },
  { width: 320, height: 740 },
];

async function findSessions(page: Page): Promise<Found> {
  await page.goto("/interviews");
  const live = await page.getByRole("main").locator("a[href^='/interviews/c']").first().getAttribute("href");
  await page.goto("/interviews/archive");
  const past = await page.getByRole("main").locator("a[href^='/interviews/c']").first().getAttribute("href");
  return { live: live!, past: past! };
}

for (const locale of ["zh-CN", "en"] as const) {
  for (const screen of SCREENS) {
    test.describe(`on a ${screen.width}-pixel phone with the largest text (${locale})`, () => {
      test.use({ locale: locale === "en" ? "en-GB" : locale, viewport: screen });

      for (const role of Object.keys(PAGES) as Role[]) {
        test(`the pages of ${role === "visitor" ? "a visitor" : `the ${role}`}`, async ({ page }) => {
          test.setTimeout(120_000);
          await page.goto("/");
          await page.request.post("/settings", { form: { locale } });
          if (role !== "visitor") await logIn(page, DEMO[role === "resident" ? "resident" : role], locale);
          await chooseLargestText(page);
          const found = await findSessions(page);
          for (const entry of PAGES[role]) {
            const path = typeof entry === "string" ? entry : entry(found);
            await page.goto(path);
            await expect(page.locator("html")).toHaveAttribute("data-text-size", "larger");
            await expect(page.locator("html")).toHaveAttribute("lang", locale);
            expect.soft(await headingTop(page), `${path}: where the page heading starts`).toBeLessThanOrEqual(250);
            expect.soft(await squeezedLabels(page), `${path}: labels squeezed narrow`).toEqual([]);
            expect.soft(await crowdedSmallTargets(page), `${path}: small targets too close to others`).toEqual([]);
            expect.soft(await sidewaysScrolling(page), `${path}: scrolls sideways`).toEqual([]);
          }
        });
      }
    });
  }
}

// At the normal text size targets are smallest: links standing alone on these pages are 44×44.
test.describe("on a 360-pixel phone at the normal text size", () => {
  test.use({ locale: "zh-CN", viewport: PHONE });

  for (const [role, paths] of [
    ["counter", ["/counter"]],
    ["resident", ["/priorities/seed-cycle-2027/ballot", "/policies/seed-policy-open/history"]],
  ] as const) {
    test(`every target is at least 44 px (${role})`, async ({ page }) => {
      await logIn(page, DEMO[role], "zh-CN");
      await page.request.post("/settings", { form: { textSize: "normal" } });
      for (const path of paths) {
        await page.goto(path);
        expect.soft(await smallTapTargets(page), path).toEqual([]);
      }
    });
  }
});
