// Suggested changes (docs/decisions/0042) in Chromium: the bureau's official turns a consultation
// to "suggestions only"; a resident's editor then only reads, and they suggest new words for a
// passage selected in the live text, another resident supports it, and the official accepts it
// (the live text changes for everyone) and rejects another with a reason. The policy and its
// draft are made directly on the test server's database, as in policy-comments.spec.ts.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { getSchema } from "@tiptap/core";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { policyTextExtensions, TEXT_FRAGMENT } from "~/shared/editor";
import {
  caretToEnd,
  DEMO,
  expectAccessible,
  logIn,
  register,
  selectedInEditor,
  selectInDraft,
  testServerDatabase,
} from "./helpers";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

const db = testServerDatabase();

const TEXT = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Article 1" }] },
    { type: "paragraph", content: [{ type: "text", text: "Streets near schools get bicycle lanes." }] },
    { type: "paragraph", content: [{ type: "text", text: "Parking on pavements is fined." }] },
  ],
};

async function newPolicy() {
  const transport = await db.department.findUniqueOrThrow({ where: { slug: "transport" } });
  const official = await db.user.findUniqueOrThrow({ where: { email: DEMO.official.email } });
  const policy = await db.policy.create({
    data: { title: `School streets ${randomBytes(3).toString("hex")}`, departmentId: transport.id, status: "open" },
  });
  const doc = prosemirrorJSONToYDoc(getSchema(policyTextExtensions()), TEXT, TEXT_FRAGMENT);
  const now = new Date();
  await db.documentUpdate.create({
    data: {
      documentName: `policy-draft.${policy.id}`,
      update: new Uint8Array(Y.encodeStateAsUpdate(doc)),
      authorId: official.id,
      createdAt: now,
      lastAt: now,
    },
  });
  return policy;
}

test("a bureau takes suggestions only; residents suggest and support; the official accepts one and rejects one", async ({
  browser,
}) => {
  // Three people and five pages, on a machine shared with other jobs: up to 50 s seen.
  test.setTimeout(120_000);
  const policy = await newPolicy();
  const official = await (await browser.newContext()).newPage();
  await logIn(official, DEMO.official, "en");
  await official.goto(`/policies/${policy.id}/comments`);
  await official.getByText("How residents change the draft").click();
  await official.getByLabel("Only suggest changes, which officials accept or reject").check();
  await official.getByRole("button", { name: "Save the choice" }).click();
  await expect(official.getByRole("status")).toContainText("Saved: how residents change the draft.");

  // The resident's editor only reads, and says why.
  const resident = await (await browser.newContext()).newPage();
  await logIn(resident, DEMO.resident, "en");
  const residentName = (await db.user.findUniqueOrThrow({ where: { email: DEMO.resident.email } })).displayName;
  await resident.goto(`/policies/${policy.id}/draft`);
  await expect(resident.getByTestId("read-only-reason")).toContainText("residents suggest changes");

  await resident.goto(`/policies/${policy.id}/comments`);
  await expect(resident.getByTestId("draft-live")).toContainText("bicycle lanes");
  await selectInDraft(resident, "bicycle lanes");
  await expect(resident.getByLabel("The passage to change")).toHaveValue("bicycle lanes");
  await resident.getByLabel("Replace it with").fill("protected cycle tracks");
  await resident.getByLabel("Why (optional)").fill("Paint alone does not protect children.");
  await resident.getByRole("button", { name: "Suggest the change" }).click();
  await expect(resident.getByRole("status")).toContainText("Your suggested change is published.");
  const card = resident.getByTestId("suggestion").filter({ hasText: "protected cycle tracks" });
  // Real text, not colour alone: the sentence names the author and both sides of the change.
  await expect(card.getByTestId("suggested-change")).toHaveText(
    `Suggested by ${residentName}: replace bicycle lanes with protected cycle tracks`,
  );
  await expect(card.locator("del")).toHaveText("bicycle lanes");
  await expect(card.locator("ins")).toHaveText("protected cycle tracks");
  // In the live text: the passage struck, the new words after it.
  await expect(resident.getByTestId("draft-live").locator(".suggested-deletion")).toHaveText("bicycle lanes");
  await expect(resident.getByTestId("draft-live").locator(".suggested-insertion")).toHaveText("protected cycle tracks");
  await expectAccessible(resident, "comments page with a suggestion");

  // A second suggestion, without selecting: the words copied into the field.
  await resident.getByLabel("The passage to change").fill("is fined");
  await resident.getByLabel("Replace it with").fill("is allowed");
  await resident.getByRole("button", { name: "Suggest the change" }).click();
  await expect(resident.getByRole("status")).toContainText("Your suggested change is published.");

  // The editor page draws both as tracked changes in the text itself: the passage struck, the new
  // words inserted, the author named in their tooltip and, in words, in the list beside the text.
  const residentDraft = await resident.context().newPage();
  await residentDraft.goto(`/policies/${policy.id}/draft`);
  const editorText = residentDraft.getByTestId("draft-editor");
  await expect(editorText.locator(".suggested-deletion")).toHaveText(["bicycle lanes", "is fined"]);
  await expect(editorText.locator(".suggested-insertion")).toHaveText(["protected cycle tracks", "is allowed"]);
  await expect(editorText.locator(".suggested-insertion").first()).toHaveAttribute(
    "title",
    `Suggested by ${residentName}: protected cycle tracks`,
  );
  await expect(editorText.locator(".suggested-insertion").first()).toHaveAttribute("aria-hidden", "true");
  await expect(residentDraft.getByTestId("tracked-changes").getByTestId("suggested-change")).toHaveText([
    `Suggested by ${residentName}: replace bicycle lanes with protected cycle tracks`,
    `Suggested by ${residentName}: replace is fined with is allowed`,
  ]);

  // Another resident supports the first, then sees their stance.
  const neighbour = await (await browser.newContext()).newPage();
  await register(neighbour, "Neighbour Sun");
  // On a 360-pixel phone: nothing wider than the screen, the stance buttons within reach.
  await neighbour.setViewportSize({ width: 360, height: 740 });
  await neighbour.goto(`/policies/${policy.id}/comments`);
  expect(await neighbour.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const seen = neighbour.getByTestId("suggestion").filter({ hasText: "protected cycle tracks" });
  await seen.getByRole("button", { name: "Support" }).click();
  await expect(neighbour.getByRole("status")).toContainText("Your stance is saved.");
  await expect(
    neighbour.getByTestId("suggestion").filter({ hasText: "protected cycle tracks" }).getByTestId("suggestion-counts"),
  ).toHaveText("Support: 1 · Oppose: 0");
  await expect(
    neighbour.getByTestId("suggestion").filter({ hasText: "protected cycle tracks" }).getByRole("button", {
      name: "Support",
    }),
  ).toHaveAttribute("aria-pressed", "true");

  // The official accepts the first; the resident's open page shows the new words live.
  await official.reload();
  const first = official.getByTestId("suggestion").filter({ hasText: "protected cycle tracks" });
  official.once("dialog", (dialog) => void dialog.accept());
  await first.getByRole("button", { name: "Accept into the draft" }).click();
  await expect(official.getByRole("status")).toContainText("The suggestion is accepted");
  await expect(resident.getByTestId("draft-live")).toContainText("Streets near schools get protected cycle tracks.");
  // In the open editor the accepted change is text now, no longer a tracked change.
  await expect(editorText).toContainText("Streets near schools get protected cycle tracks.");
  await expect(editorText.locator(".suggested-insertion")).toHaveText(["is allowed"]);
  await expect(editorText.locator(".suggested-deletion")).toHaveText(["is fined"]);

  const second = official.getByTestId("suggestion").filter({ hasText: "is allowed" });
  await second.getByText("Reject with a reason").click();
  await second.getByLabel("Reason").fill("Pavements are for people on foot.");
  await second.getByRole("button", { name: "Reject the suggestion" }).click();
  await expect(official.getByRole("status")).toContainText("The suggestion is rejected");
  await expect(
    official.getByTestId("suggestion").filter({ hasText: "is allowed" }).getByTestId("suggestion-outcome"),
  ).toHaveText("Rejected: Pavements are for people on foot.");
  // Rejected: gone from the editor and from the list beside it, without a reload.
  await expect(editorText.locator(".suggested-insertion, .suggested-deletion")).toHaveCount(0);
  await expect(residentDraft.getByTestId("tracked-changes")).toHaveCount(0);
  await expect(editorText).toContainText("Parking on pavements is fined.");
  await expect(
    official.getByTestId("suggestion").filter({ hasText: "protected cycle tracks" }).getByTestId("suggestion-outcome"),
  ).toContainText("Accepted into the draft in revision");
  await expectAccessible(official, "comments page with decided suggestions");

  // The history credits the suggester.
  await official.goto(`/policies/${policy.id}/history`);
  const row = official.getByRole("row").filter({ hasText: "A suggested change, accepted by" });
  await expect(row).toContainText(residentName);
});

/** Places a caret right after `words` in the live draft of the comments page, as a click (or caret browsing) would. */
async function caretInDraft(page: Page, words: string) {
  await page.getByTestId("draft-live").evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted);
      if (at < 0) continue;
      window.getSelection()!.collapse(node, at + wanted.length);
      return;
    }
    throw new Error(`"${wanted}" is not in the draft`);
  }, words);
}

test("a resident suggests new words at a point with the keyboard; the official accepts and they go in there", async ({
  browser,
}) => {
  const policy = await newPolicy();
  await db.policy.update({ where: { id: policy.id }, data: { changeMode: "suggestions" } });
  const resident = await (await browser.newContext()).newPage();
  await logIn(resident, DEMO.resident, "en");
  const residentName = (await db.user.findUniqueOrThrow({ where: { email: DEMO.resident.email } })).displayName;
  await resident.goto(`/policies/${policy.id}/comments`);
  await expect(resident.getByTestId("draft-live")).toContainText("bicycle lanes");
  await caretInDraft(resident, "bicycle lanes.");
  const here = resident.getByRole("button", { name: "Suggest text here (next to “lanes.”)" });
  await here.focus();
  await resident.keyboard.press("Enter");
  await expect(resident.getByLabel("Words to insert")).toBeFocused();
  await expect(resident.getByLabel("The passage to change")).toHaveValue("lanes.");
  await expect(resident.getByLabel("Go in right after the passage, which stays")).toBeChecked();
  // The caret was after the full stop: the new words go in after it, as their own sentence.
  await resident.keyboard.type("Footpaths are widened.");
  await resident.getByRole("button", { name: "Suggest the change" }).click();
  await expect(resident.getByRole("status")).toContainText("Your suggested change is published.");
  const card = resident.getByTestId("suggestion").filter({ hasText: "Footpaths are widened." });
  await expect(card.getByTestId("suggested-change")).toHaveText(
    `Suggested by ${residentName}: insert Footpaths are widened. after lanes.`,
  );
  // In the live text and in the editor: the new words where they would go, nothing struck.
  await expect(resident.getByTestId("draft-live").locator(".suggested-insertion")).toHaveText(
    " Footpaths are widened.",
  );
  await expect(resident.getByTestId("draft-live").locator(".suggested-deletion")).toHaveCount(0);
  const draftPage = await resident.context().newPage();
  await draftPage.goto(`/policies/${policy.id}/draft`);
  const editorText = draftPage.getByTestId("draft-editor");
  await expect(editorText.locator(".suggested-insertion")).toHaveText(" Footpaths are widened.");
  await expectAccessible(resident, "comments page with an insertion");

  const official = await (await browser.newContext()).newPage();
  await logIn(official, DEMO.official, "en");
  await official.goto(`/policies/${policy.id}/comments`);
  official.once("dialog", (dialog) => void dialog.accept());
  await official
    .getByTestId("suggestion")
    .filter({ hasText: "Footpaths are widened." })
    .getByRole("button", { name: "Accept into the draft" })
    .click();
  await expect(official.getByRole("status")).toContainText("The suggestion is accepted");
  await expect(editorText).toContainText("Streets near schools get bicycle lanes. Footpaths are widened.");
  await expect(editorText.locator(".suggested-insertion")).toHaveCount(0);
});

test("on a 360-pixel phone, the comment panel opens below the words selected in the editor and leaves them in sight", async ({
  browser,
}) => {
  const policy = await newPolicy();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await logIn(page, DEMO.resident, "en");
  await page.goto(`/policies/${policy.id}/draft`);
  const text = page.getByTestId("draft-editor");
  await expect(text).toContainText("Parking on pavements is fined.");
  await expect(page.getByTestId("draft-status").getByRole("status")).toHaveText(/Connected/);
  // "fined", the draft's last word, selected with Shift and the arrow keys, and Ctrl+Alt+M.
  await caretToEnd(text);
  await page.keyboard.press("ArrowLeft");
  for (const _ of "fined") await page.keyboard.press("Shift+ArrowLeft");
  await expect.poll(() => selectedInEditor(text)).toBe("fined");
  await page.keyboard.press("Control+Alt+M");
  const panel = page.getByRole("dialog", { name: "Comment on a passage" });
  await expect(panel.getByLabel("The passage")).toHaveValue("fined");
  await expect(panel.getByLabel("Your comment")).toBeFocused();

  // The words stay marked, on the screen, and above the panel, not under it.
  const words = text.locator(".commenting-passage");
  await expect(words).toHaveText("fined");
  await expect
    .poll(async () => {
      const [mark, sheet] = [await words.boundingBox(), await panel.boundingBox()];
      return !!mark && !!sheet && mark.y >= 0 && mark.y + mark.height <= sheet.y;
    })
    .toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page, "draft page with the comment panel open on a phone");

  // Closed: the mark goes, and the caret is back in the text.
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(words).toHaveCount(0);
  await expect(text).toBeFocused();
  await context.close();
});
