// Issue 18's consultation on record, as one journey in Chromium: the bureau opens a consultation
// that takes suggested changes; two residents suggest, take stances and comment; one of them
// selects the whole draft, deletes it and undoes at once; the official accepts one suggestion,
// rejects the other with a reason and adopts the draft; the response report then lists exactly the
// accepted change, the rejection's reason and every comment, none detached, and every contributor
// is told. Only the policy and its first official version are made directly on the test server's
// database (publishing a version is policies.spec.ts's journey).
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import type { JSONContent } from "@tiptap/core";
import { renderText } from "~/features/policies/render.server";
import { DEMO, expectAccessible, personPage, register, selectInDraft, testServerDatabase } from "./helpers";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

const db = testServerDatabase();

const paragraph = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });
const VERSION_1: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Article 1" }] },
    paragraph("Streets near schools get bicycle lanes."),
    paragraph("Parking on pavements is fined."),
    paragraph("第二条 学校周边道路设置自行车道。"),
  ],
};

/** A policy of the Transport Bureau, not yet open, with version 1 published. */
async function policyWithFirstVersion() {
  const transport = await db.department.findUniqueOrThrow({ where: { slug: "transport" } });
  const official = await db.user.findUniqueOrThrow({ where: { email: DEMO.official.email } });
  const policy = await db.policy.create({
    data: { title: `School streets on record ${randomBytes(3).toString("hex")}`, departmentId: transport.id },
  });
  const rendered = renderText(VERSION_1);
  await db.policyVersion.create({
    data: {
      policyId: policy.id,
      number: 1,
      changeNote: "Draft for consultation",
      content: JSON.stringify(VERSION_1),
      html: rendered.html,
      text: rendered.text,
      textForm: 1,
      createdById: official.id,
    },
  });
  return policy;
}

const live = (page: Page) => page.getByTestId("draft-live");
const suggestionCard = (page: Page, words: string) => page.getByTestId("suggestion").filter({ hasText: words });

async function suggest(page: Page, passage: string, replacement: string, why: string) {
  await selectInDraft(page, passage);
  await expect(page.getByLabel("The passage to change")).toHaveValue(passage);
  await page.getByLabel("Replace it with").fill(replacement);
  await page.getByLabel("Why (optional)").fill(why);
  await page.getByRole("button", { name: "Suggest the change" }).click();
  await expect(suggestionCard(page, replacement)).toBeVisible();
}

async function comment(page: Page, passage: string, text: string) {
  await selectInDraft(page, passage);
  await expect(page.getByLabel("The passage", { exact: true })).toHaveValue(passage);
  await page.getByLabel("Concern").check();
  await page.getByLabel("Your comment").fill(text);
  await page.getByRole("button", { name: "Post the comment" }).click();
  await expect(page.getByTestId("passage-comment").filter({ hasText: text })).toBeVisible();
}

async function stance(page: Page, words: string, choice: "Support" | "Oppose") {
  await suggestionCard(page, words).getByRole("button", { name: choice }).click();
  await expect(suggestionCard(page, words).getByRole("button", { name: choice })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
}

test("a consultation on record: suggestions and comments, a slip undone, one accepted and one rejected, adopted with a true report, every contributor told", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const policy = await policyWithFirstVersion();

  // The bureau opens the consultation and, with it, chooses that residents may suggest changes.
  const official = await personPage(browser, DEMO.official);
  await official.goto(`/policies/${policy.id}/edit`);
  await official.getByLabel("Both edit directly and suggest changes").check();
  await official.getByRole("button", { name: "Open consultation" }).click();
  await expect(official.getByText("The status is now: Consultation open.")).toBeVisible();

  // Two residents: each suggests, takes a stance on the other's suggestion, and comments.
  const resident = await personPage(browser, DEMO.resident);
  const residentName = (await db.user.findUniqueOrThrow({ where: { email: DEMO.resident.email } })).displayName;
  await resident.goto(`/policies/${policy.id}/comments`);
  await expect(live(resident)).toContainText("bicycle lanes");
  await suggest(resident, "bicycle lanes", "protected cycle tracks", "Paint alone does not protect children.");
  await comment(resident, "Parking on pavements", "Fines are rarely given today.");

  const second = await (await browser.newContext()).newPage();
  await register(second, "Neighbour Sun");
  await second.goto(`/policies/${policy.id}/comments`);
  await expect(live(second)).toContainText("bicycle lanes");
  await stance(second, "protected cycle tracks", "Support");
  await suggest(second, "is fined", "is allowed", "There is nowhere else to park.");
  await comment(second, "自行车道", "自行车道应与机动车道隔离。");

  await resident.reload();
  await stance(resident, "is allowed", "Oppose");

  // The first resident slips in the editor: everything selected and deleted, then undone at once.
  const draft = await personPage(browser, DEMO.resident);
  await draft.goto(`/policies/${policy.id}/draft`);
  await expect(draft.locator("[data-status]")).toHaveAttribute("data-status", "connected");
  const editor = draft.getByTestId("draft-editor");
  await expect(editor).toContainText("bicycle lanes");
  await editor.click();
  await draft.keyboard.press("Control+a");
  await draft.keyboard.press("Delete");
  await expect(editor).toHaveText("");
  await expect(live(resident)).not.toContainText("bicycle");
  await draft.keyboard.press("Control+z");
  await expect(editor).toContainText("Streets near schools get bicycle lanes");
  // The open suggestions are drawn in the editor again, each on its passage.
  await expect(editor.locator(".suggested-insertion")).toHaveText(["protected cycle tracks", "is allowed"]);
  await expect(live(resident)).toContainText("第二条 学校周边道路设置自行车道。");
  await expect(live(resident).locator(".commented-passage")).toHaveText(["Parking on pavements", "自行车道"]);
  await draft.context().close();

  // The official decides: one accepted into the draft, the other rejected with a reason.
  await official.goto(`/policies/${policy.id}/comments`);
  await expect(official.getByText("Detached", { exact: true })).toHaveCount(0);
  official.once("dialog", (dialog) => void dialog.accept());
  await suggestionCard(official, "protected cycle tracks")
    .getByRole("button", { name: "Accept into the draft" })
    .click();
  await expect(official.getByRole("status")).toContainText("The suggestion is accepted");
  await expect(live(resident)).toContainText("Streets near schools get protected cycle tracks.");
  const rejected = suggestionCard(official, "is allowed");
  await rejected.getByText("Reject with a reason").click();
  await rejected.getByLabel("Reason").fill("Pavements are for people on foot.");
  await rejected.getByRole("button", { name: "Reject the suggestion" }).click();
  await expect(official.getByRole("status")).toContainText("The suggestion is rejected");

  // Adoption is the next step the policy page offers; the text to publish is the draft now.
  await official.goto(`/policies/${policy.id}`);
  await official.getByRole("link", { name: "Adopt the community draft as version 2" }).click();
  await expect(official.getByRole("textbox", { name: "Text of version 2" })).toContainText(
    "Streets near schools get protected cycle tracks.",
  );
  await official.getByLabel("Change note").fill("Adopted after the consultation");
  official.once("dialog", (dialog) => void dialog.accept());
  await official.getByRole("button", { name: "Publish version 2" }).click();
  await expect(official).toHaveURL(new RegExp(`/policies/${policy.id}/versions/2/report$`));
  await expect(official.getByRole("status")).toContainText("The new official version is published");

  // The report, as a reader sees it: exactly the accepted change, the rejection's reason, every
  // comment on its passage.
  const changes = official.locator(".report-changes");
  await expect(changes.locator("ins")).toHaveText(["protected cycle tracks"]);
  await expect(changes.locator("del")).toHaveText(["bicycle lanes"]);
  await expect(
    official
      .getByTestId("report-suggestion")
      .filter({ hasText: "is allowed" })
      .getByTestId("report-suggestion-outcome"),
  ).toHaveText("Rejected: Pavements are for people on foot.");
  await expect(official.getByTestId("report-comment")).toHaveCount(2);
  await expect(official.getByText("Detached", { exact: true })).toHaveCount(0);
  await expectAccessible(official, "response report of a consultation with suggestions");

  // The same in the data anyone can download.
  const report = await (await official.request.get(`/policies/${policy.id}/versions/2/report.json`)).json();
  expect(report.changes.count).toBe(1);
  expect(report.changes.list).toEqual([
    expect.objectContaining({ removed: "bicycle lanes", added: "protected cycle tracks" }),
  ]);
  expect(
    report.suggestions.map((entry: { replacement: string; status: string; reason: string | null }) => [
      entry.replacement,
      entry.status,
      entry.reason,
    ]),
  ).toEqual(
    expect.arrayContaining([
      ["protected cycle tracks", "accepted", null],
      ["is allowed", "rejected", "Pavements are for people on foot."],
    ]),
  );
  expect(
    report.suggestions.find((entry: { replacement: string }) => entry.replacement === "protected cycle tracks"),
  ).toMatchObject({ support: 1, oppose: 0, authorName: residentName });
  expect(report.comments.map((entry: { quote: string; detached: boolean }) => [entry.quote, entry.detached])).toEqual(
    expect.arrayContaining([
      ["Parking on pavements", false],
      ["自行车道", false],
    ]),
  );
  expect(report.comments).toHaveLength(2);

  // Every contributor is told, with a link to what became of their contribution.
  for (const person of [resident, second]) {
    await person.goto("/notifications");
    const told = person.getByRole("link", { name: `“${policy.title}” was adopted as version 2.`, exact: false });
    await expect(told).toHaveCount(1);
    await told.click();
    await expect(person).toHaveURL(new RegExp(`/policies/${policy.id}/versions/2/report#`));
  }
});
