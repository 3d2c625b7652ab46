import AxeBuilder from "@axe-core/playwright";
import { appendFileSync } from "node:fs";
import { test, type Page } from "@playwright/test";
import { DEMO, logIn } from "./helpers";
import { chooseLargestText, crowdedSmallTargets, headingTop, sidewaysScrolling, squeezedLabels } from "./measure";

const PAGES: Record<string, string[]> = {
  visitor: ["/", "/interviews", "/interviews/archive", "LIVE", "PAST", "PAST/statistics", "/interviews/dashboard", "/priorities", "/priorities/seed-cycle-2027", "/priorities/seed-cycle-2026", "/priorities/seed-cycle-2026/proposals/seed-cycle-2026-p01", "/priorities/seed-cycle-2026/results", "/priorities/seed-cycle-2026/report", "/commitments", "COMMITMENT", "/policies", "/policies/seed-policy-open", "/policies/seed-policy-adopted/versions/2", "/policies/seed-policy-open/comments", "/policies/seed-policy-open/history"],
  resident: ["/priorities/seed-cycle-2027/ballot", "/priorities/seed-cycle-2026-zgc/ballot", "LIVE", "/policies/seed-policy-open/draft", "/priorities/verify", "/notifications", "/account"],
  counter: ["/counter", "/counter/questions", "/counter/proposals", "/counter/verify", "/counter/paper-ballots", "/counter/paper-ballots/hand-out"],
  official: ["LIVE/console", "LIVE/edit", "/interviews/due", "/interviews/overdue", "/interviews/new", "/priorities/seed-cycle-2027/review", "/policies/new", "/policies/seed-policy-open/edit", "/policies/seed-policy-open/versions/new", "/commitments/new"],
  moderator: ["LIVE/moderate"],
  admin: ["/admin", "/priorities/new", "/priorities/seed-cycle-2027/edit", "/priorities/seed-cycle-2026/corrections"],
};

async function found(page: Page) {
  await page.goto("/interviews");
  const live = await page.getByRole("main").locator("a[href^='/interviews/c']").first().getAttribute("href");
  await page.goto("/interviews/archive");
  const past = await page.getByRole("main").locator("a[href^='/interviews/c']").first().getAttribute("href");
  await page.goto("/commitments");
  const commitment = await page.getByRole("main").locator("a[href^='/commitments/c']").first().getAttribute("href");
  return { LIVE: live!, PAST: past!, COMMITMENT: commitment ?? "/commitments" };
}

for (const locale of ["zh-CN", "en"] as const)
  for (const role of Object.keys(PAGES))
    test(`${locale} ${role}`, async ({ page }) => {
      test.setTimeout(300_000);
      await page.setViewportSize({ width: 320, height: 740 });
      await page.goto("/");
      await page.request.post("/settings", { form: { locale } });
      if (role !== "visitor") await logIn(page, (DEMO as Record<string, { email: string; password: string }>)[role], locale);
      await chooseLargestText(page);
      const f = await found(page);
      for (const raw of PAGES[role]) {
        const path = raw.replace(/^(LIVE|PAST|COMMITMENT)/, (m) => f[m as keyof typeof f]);
        const response = await page.goto(path);
        const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
        const out = {
          locale, role, path, status: response?.status(),
          heading: await headingTop(page),
          squeezed: await squeezedLabels(page),
          crowded: await crowdedSmallTargets(page),
          sideways: await sidewaysScrolling(page),
          axe: axe.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`),
        };
        appendFileSync("/tmp/survey.jsonl", JSON.stringify(out) + "\n");
      }
    });
