// What a 70-year-old with the largest text sees on a cheap phone, page by page and role by role:
// the page's own heading on the first screen, labels with room to read, targets large enough for
// unsteady fingers, nothing that scrolls sideways, and no axe finding of any impact (best
// practices included), in both languages, for every page of the three capabilities
// (docs/decisions/0032-a11y-phone-layout.md, 0036-plain-language-and-text-language.md).
import AxeBuilder from "@axe-core/playwright";
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

type Role = "visitor" | "resident" | "counter" | "official" | "moderator" | "admin";

/** Addresses the demo seed makes without fixed ids (interview sessions, commitments): found from the listings. */
interface Found {
  live: string;
  past: string;
  commitment: string;
}

type Entry = string | ((found: Found) => string);

/**
 * Every page of the three capabilities, by the role that uses it, as the demo seed
 * (prisma/seed*.ts) makes them; each group is a test of its own, so that the groups spread
 * over the workers.
 */
const GROUPS: Array<{ role: Role; name: string; pages: Entry[] }> = [
  {
    role: "visitor",
    name: "interviews",
    pages: [
      "/",
      "/interviews",
      "/interviews/archive",
      ({ live }) => live,
      ({ past }) => past,
      ({ past }) => `${past}/statistics`,
      "/interviews/dashboard",
      ({ live }) => `${live}/screen`,
    ],
  },
  {
    role: "visitor",
    name: "priorities",
    pages: [
      "/priorities",
      "/priorities/seed-cycle-2027",
      "/priorities/seed-cycle-2026",
      "/priorities/seed-cycle-2026/proposals/seed-cycle-2026-p01",
      "/priorities/seed-cycle-2026/results",
      "/priorities/seed-cycle-2026/report",
      "/commitments",
      ({ commitment }) => commitment,
    ],
  },
  {
    role: "visitor",
    name: "policies",
    pages: [
      "/policies",
      "/policies/seed-policy-open",
      "/policies/seed-policy-adopted/versions/2",
      "/policies/seed-policy-open/comments",
      "/policies/seed-policy-open/history",
      "/policies/seed-policy-open/diff?from=v1&to=draft",
    ],
  },
  {
    role: "resident",
    name: "all",
    pages: [
      "/priorities/seed-cycle-2027/ballot",
      "/priorities/seed-cycle-2026/ballot",
      "/priorities/seed-cycle-2026-zgc/ballot",
      "/priorities/verify",
      ({ live }) => live,
      "/policies/seed-policy-open/draft",
      "/notifications",
      "/account",
      "/account/questions",
    ],
  },
  {
    role: "counter",
    name: "all",
    pages: [
      "/counter",
      "/counter/questions",
      "/counter/questions/entered",
      "/counter/proposals",
      "/counter/verify",
      "/counter/paper-ballots",
      "/counter/paper-ballots/hand-out",
    ],
  },
  {
    role: "official",
    name: "interviews and priorities",
    pages: [
      ({ live }) => `${live}/console`,
      ({ live }) => `${live}/edit`,
      "/interviews/due",
      "/interviews/overdue",
      "/interviews/new",
      "/priorities/seed-cycle-2027/review",
      "/commitments/new",
    ],
  },
  {
    role: "official",
    name: "policies",
    pages: ["/policies/new", "/policies/seed-policy-open/edit", "/policies/seed-policy-open/versions/new"],
  },
  { role: "moderator", name: "all", pages: [({ live }) => `${live}/moderate`, ({ live }) => `${live}/desk`] },
  {
    role: "admin",
    name: "priorities",
    pages: ["/priorities/new", "/priorities/seed-cycle-2027/edit", "/priorities/seed-cycle-2026/corrections"],
  },
  { role: "admin", name: "interviews", pages: ["/admin/holidays"] },
];

/**
 * axe rules waived on a page, each with its reason. None: the live editors announce the text's
 * headings nested under the page's (NestedHeadingLevels, decision 0037).
 */
const WAIVED: Record<string, string[]> = {};

const SCREENS = [
  { width: 360, height: 740 },
  { width: 320, height: 740 },
];

async function findPages(page: Page): Promise<Found> {
  const first = async (path: string, prefix: string) => {
    await page.goto(path);
    // The archive links to questions inside a session (".../<session>#q-..."): the session is the page.
    const href = await page.getByRole("main").locator(`a[href^='${prefix}']`).first().getAttribute("href");
    return href!.split("#")[0];
  };
  return {
    live: await first("/interviews", "/interviews/c"),
    past: await first("/interviews/archive", "/interviews/c"),
    commitment: await first("/commitments", "/commitments/c"),
  };
}

/** Every axe violation, of any impact, with best practices: what a page in the forum must have none of. */
async function axeViolations(page: Page, path: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .disableRules(WAIVED[path] ?? [])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

for (const locale of ["zh-CN", "en"] as const) {
  for (const screen of SCREENS) {
    test.describe(`on a ${screen.width}-pixel phone with the largest text (${locale})`, () => {
      test.use({ locale: locale === "en" ? "en-GB" : locale, viewport: screen });

      for (const group of GROUPS) {
        const who = group.role === "visitor" ? "a visitor" : `the ${group.role}`;
        test(`the pages of ${who}: ${group.name}`, async ({ page }) => {
          test.setTimeout(120_000);
          await page.goto("/");
          await page.request.post("/settings", { form: { locale } });
          if (group.role !== "visitor") await logIn(page, DEMO[group.role], locale);
          await chooseLargestText(page);
          const found = await findPages(page);
          for (const entry of group.pages) {
            const path = typeof entry === "string" ? entry : entry(found);
            const response = await page.goto(path);
            expect.soft(response?.status(), `${path}: answered`).toBe(200);
            await expect(page.locator("html")).toHaveAttribute("data-text-size", "larger");
            await expect(page.locator("html")).toHaveAttribute("lang", locale);
            expect.soft(await headingTop(page), `${path}: where the page heading starts`).toBeLessThanOrEqual(250);
            expect.soft(await squeezedLabels(page), `${path}: labels squeezed narrow`).toEqual([]);
            expect.soft(await crowdedSmallTargets(page), `${path}: small targets too close to others`).toEqual([]);
            expect.soft(await sidewaysScrolling(page), `${path}: scrolls sideways`).toEqual([]);
            // axe's findings do not depend on the width: once per language, on the 360-pixel phone.
            if (screen.width === 360) expect.soft(await axeViolations(page, path), `${path}: axe`).toEqual([]);
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
