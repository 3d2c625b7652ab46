// The community draft's editor as its users meet it: a slip (select all, delete) undone with the
// comments intact, the formatting toolbar by keyboard on a phone, other people's carets kept out
// of the text a screen reader reads, and a status line that tells the truth when the connection
// dies. The policy, its draft and its comments are made directly on the test server's database.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { getSchema, type JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { anchorFromRange, findQuote } from "~/features/policies/comment-anchors";
import { draftViewOf } from "~/features/policies/comment-draft.server";
import { policyTextExtensions, TEXT_FRAGMENT } from "~/shared/editor";
import { caretToEnd, DEMO, logIn, personPage, selectedInEditor, selectInDraft, testServerDatabase } from "./helpers";
import { PHONE, sidewaysScrolling } from "./measure";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

const db = testServerDatabase();

const paragraph = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });
const TEXT: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Article 1" }] },
    paragraph("Streets near schools get bicycle lanes and wider pavements."),
    paragraph("第二条 学校周边道路设置自行车道。"),
    paragraph("Parking on pavements is fined."),
  ],
};

/** An open policy whose draft is TEXT, with a comment on each of `quotes` (anchored as the editor anchors). */
async function policyWithComments(quotes: string[]) {
  const transport = await db.department.findUniqueOrThrow({ where: { slug: "transport" } });
  const official = await db.user.findUniqueOrThrow({ where: { email: DEMO.official.email } });
  const resident = await db.user.findUniqueOrThrow({ where: { email: DEMO.resident.email } });
  const policy = await db.policy.create({
    data: {
      title: `Safe school streets ${randomBytes(3).toString("hex")}`,
      departmentId: transport.id,
      status: "open",
    },
  });
  const doc = prosemirrorJSONToYDoc(getSchema(policyTextExtensions()), TEXT, TEXT_FRAGMENT);
  const at = new Date(Date.now() - 120_000);
  await db.documentUpdate.create({
    data: {
      documentName: `policy-draft.${policy.id}`,
      update: new Uint8Array(Y.encodeStateAsUpdate(doc)),
      authorId: official.id,
      createdAt: at,
      lastAt: at,
    },
  });
  const view = draftViewOf(doc);
  for (const quote of quotes) {
    const range = findQuote(view.doc, quote)!;
    const anchor = anchorFromRange(view.fragment, view.mapping, range.from, range.to)!;
    await db.passageComment.create({
      data: {
        policyId: policy.id,
        authorId: resident.id,
        authorName: resident.displayName,
        kind: "concern",
        text: `About ${quote}`,
        quote,
        ...anchor,
      },
    });
  }
  return policy;
}

const editor = (page: Page) => page.getByTestId("draft-editor");

async function openDraft(page: Page, policyId: string) {
  await page.goto(`/policies/${policyId}/draft`);
  await expect(page.locator("[data-status]")).toHaveAttribute("data-status", "connected");
  await expect(editor(page)).toContainText("bicycle lanes");
}

test("select all, delete and undo at once: the text and all five comments come back, none called detached", async ({
  browser,
}) => {
  const quotes = ["Article 1", "bicycle lanes", "wider pavements", "自行车道", "Parking on pavements"];
  const policy = await policyWithComments(quotes);
  const resident = await personPage(browser, DEMO.resident);
  const reader = await personPage(browser);
  await reader.goto(`/policies/${policy.id}/comments`);
  const live = reader.getByTestId("draft-live");
  await expect(live.locator(".commented-passage")).toHaveCount(5);
  await expect(reader.getByText("Detached", { exact: true })).toHaveCount(0);

  await openDraft(resident, policy.id);
  await editor(resident).click();
  await resident.keyboard.press("Control+a");
  await resident.keyboard.press("Delete");
  await expect(editor(resident)).toHaveText("");
  // The reader's live view shows the text gone, and, read again, every comment detached.
  await expect(live).not.toContainText("bicycle");
  await reader.reload();
  await expect(reader.getByText("Detached", { exact: true })).toHaveCount(5);

  await resident.keyboard.press("Control+z");
  await expect(editor(resident)).toContainText("Streets near schools get bicycle lanes and wider pavements.");
  // Live, before any reload, the highlights are back on the passages…
  await expect(live).toContainText("Parking on pavements is fined.");
  await expect(live.locator(".commented-passage")).toHaveText(quotes);
  // …and read again, every comment is on its passage, none called detached.
  await reader.reload();
  await expect(reader.getByTestId("passage-comment")).toHaveCount(5);
  await expect(reader.getByText("Detached", { exact: true })).toHaveCount(0);
  await expect(reader.getByTestId("draft-live").locator(".commented-passage")).toHaveText(quotes);

  // The comments follow their passages again: an edit inside one is part of it.
  await caretToEnd(editor(resident));
  await resident.keyboard.press("Home");
  for (const _ of "Parking") await resident.keyboard.press("ArrowRight");
  await resident.keyboard.insertText(" car");
  await expect(reader.getByTestId("draft-live")).toContainText("Parking car on pavements");
  await reader.reload();
  const comment = reader.getByTestId("passage-comment").filter({ hasText: "About Parking on pavements" });
  await expect(comment.getByTestId("comment-passage")).toHaveText("Parking car on pavements");
  await resident.context().close();
  await reader.context().close();
});

test("on a 360 px phone, a new article becomes a heading with the toolbar, by keyboard alone", async ({ browser }) => {
  const policy = await policyWithComments([]);
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Asia/Shanghai", viewport: PHONE });
  const page = await context.newPage();
  await logIn(page, DEMO.resident, "en");
  await openDraft(page, policy.id);
  const toolbar = page.getByRole("toolbar", { name: "Formatting" });
  await expect(toolbar.getByRole("button")).toHaveText([
    "Chapter",
    "Section",
    "Article",
    "Paragraph",
    "Bulleted list",
    "Numbered list",
    "Bold",
    "Italic",
  ]);
  // Every button a 44 px target, and nothing wider than the phone.
  for (const box of await toolbar
    .getByRole("button")
    .evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect().toJSON() as DOMRect))) {
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  expect(await sidewaysScrolling(page)).toEqual([]);

  await caretToEnd(editor(page));
  await page.keyboard.press("Enter");
  await page.keyboard.insertText("Article 2 Cargo bikes");
  // One Tab back reaches the toolbar; the arrow keys move along it.
  await page.keyboard.press("Shift+Tab");
  await expect(toolbar.getByRole("button", { name: "Chapter" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(toolbar.getByRole("button", { name: "Article" })).toBeFocused();
  await expect(toolbar.getByRole("button", { name: "Article" })).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.press("Enter");
  await expect(editor(page).locator("h4")).toHaveText("Article 2 Cargo bikes");
  await expect(toolbar.getByRole("button", { name: "Article" })).toHaveAttribute("aria-pressed", "true");
  await expect(toolbar.getByRole("button", { name: "Paragraph" })).toHaveAttribute("aria-pressed", "false");
  // The caret is back in the text: typing goes on in the heading.
  await expect(editor(page)).toBeFocused();
  await page.keyboard.insertText(" and scooters");
  await expect(editor(page).locator("h4")).toHaveText("Article 2 Cargo bikes and scooters");
  // The toolbar remembers where the keyboard left it; Home goes back to the start.
  await page.keyboard.press("Shift+Tab");
  await expect(toolbar.getByRole("button", { name: "Article" })).toBeFocused();
  await page.keyboard.press("End");
  await expect(toolbar.getByRole("button", { name: "Italic" })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(toolbar.getByRole("button", { name: "Chapter" })).toBeFocused();

  // Everyone reading the draft gets the heading (it is in the shared text, not only on screen).
  const reader = await personPage(browser);
  await reader.goto(`/policies/${policy.id}/comments`);
  await expect(reader.getByTestId("draft-live").locator("h4, h5")).toContainText("Article 2 Cargo bikes and scooters");
  await reader.context().close();

  // In Chinese the toolbar speaks of 章, 节 and 条, as the text does.
  await page.request.post("/settings", { form: { locale: "zh-CN" } });
  await openDraft(page, policy.id);
  await expect(page.getByRole("toolbar", { name: "格式" }).getByRole("button")).toHaveText([
    "章",
    "节",
    "条",
    "段落",
    "项目符号列表",
    "编号列表",
    "加粗",
    "斜体",
  ]);
  await context.close();
});

test("on a phone, others' carets are not read as part of the text, a reader is no editor, and nothing is wider than the screen", async ({
  browser,
}) => {
  const policy = await policyWithComments([]);
  const official = await db.user.findUniqueOrThrow({ where: { email: DEMO.official.email } });
  const blocked = await db.user.findUniqueOrThrow({ where: { email: "resident2@demo.city" } });
  await db.editingBlock.create({ data: { policyId: policy.id, userId: blocked.id, reason: "Vandalism" } });
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Asia/Shanghai", viewport: PHONE });
  const phone = await context.newPage();
  await logIn(phone, DEMO.resident, "en");
  const other = await personPage(browser, DEMO.official);
  const reader = await personPage(browser, { email: "resident2@demo.city", password: DEMO.resident.password });
  for (const page of [phone, other, reader]) await openDraft(page, policy.id);
  await expect(reader.getByTestId("read-only-reason")).toBeVisible();

  // The official types a long address at the end of the text; their caret stays there.
  await caretToEnd(editor(other));
  await other.keyboard.insertText(" https://www.beijing.gov.cn/policies/safe-school-streets/consultation-2027");
  await expect(editor(phone)).toContainText("consultation-2027");
  const caret = editor(phone).locator(".collaboration-carets__caret");
  await expect(caret).toHaveCount(1);
  await expect(caret).toHaveAttribute("aria-hidden", "true");
  // What a screen reader reads of the text holds no name.
  expect(await editor(phone).ariaSnapshot()).not.toContain(official.displayName);
  // Presence is said apart from the text: the official edits, the blocked resident only reads.
  const presence = phone.getByTestId("draft-editors");
  await expect(presence).toHaveAttribute("aria-live", "polite");
  await expect(presence).toContainText(`Editing now: ${official.displayName}`);
  await expect(presence).toContainText("One other person is reading it.");
  await expect(presence).not.toContainText(blocked.displayName);
  expect(await sidewaysScrolling(phone)).toEqual([]);

  // On the comments page the form is one tap away from the selected words, not below the text.
  await phone.goto(`/policies/${policy.id}/comments`);
  await expect(phone.getByTestId("draft-live")).toContainText("consultation-2027");
  expect(await sidewaysScrolling(phone)).toEqual([]);
  await selectInDraft(phone, "bicycle lanes");
  const toForm = phone.getByRole("button", { name: "Comment on “bicycle lanes”" });
  await expect(toForm).toBeInViewport();
  await toForm.click();
  await expect(phone.getByLabel("Your comment")).toBeFocused();
  await expect(phone.getByLabel("The passage")).toHaveValue("bicycle lanes");
  for (const page of [phone, other, reader]) await page.context().close();
});

test("when the network dies the status says so within seconds, leaving warns, and a closed tab's change is sent next time", async ({
  browser,
}) => {
  const policy = await policyWithComments([]);
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Asia/Shanghai" });
  // The network between this browser and the server: when it dies, nothing passes either way,
  // and neither side is told (a phone leaving the Wi-Fi).
  let dead = false;
  await context.routeWebSocket(/\/collab/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      if (!dead) server.send(message);
    });
    server.onMessage((message) => {
      if (!dead) socket.send(message);
    });
  });
  const page = await context.newPage();
  await logIn(page, DEMO.resident, "en");
  await openDraft(page, policy.id);
  const status = page.getByTestId("draft-status").getByRole("status");
  await expect(status).toHaveText("Connected: your changes are saved as you type.");
  const reader = await personPage(browser);
  await reader.goto(`/policies/${policy.id}/comments`);
  await expect(reader.getByTestId("draft-live")).toContainText("Parking on pavements is fined.");

  dead = true;
  await caretToEnd(editor(page));
  await page.keyboard.insertText(" Cargo bikes too.");
  await expect(status).toContainText("No connection", { timeout: 10_000 });
  await expect(status).toContainText("Your latest changes are not saved yet.");
  await expect(page.locator("[data-status]")).toHaveAttribute("data-status", "reconnecting");
  // Leaving the page now asks first.
  const asked = new Promise<string>((resolve) =>
    page.once("dialog", (dialog) => {
      resolve(dialog.type());
      void dialog.dismiss();
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe("beforeunload");
  await page.close();
  await expect(reader.getByTestId("draft-live")).not.toContainText("Cargo bikes");

  // The network is back; the draft opened again in the same browser sends what the tab kept.
  dead = false;
  const again = await context.newPage();
  await openDraft(again, policy.id);
  await expect(editor(again)).toContainText("Parking on pavements is fined. Cargo bikes too.");
  await expect(reader.getByTestId("draft-live")).toContainText("Parking on pavements is fined. Cargo bikes too.");
  await expect(again.getByTestId("draft-status").getByRole("status")).toHaveText(
    "Connected: your changes are saved as you type.",
  );
  await context.close();
  await reader.context().close();
});

test("a pasted table keeps its cells apart, the editor raises no console error, and the history's column has a name", async ({
  browser,
}) => {
  const policy = await policyWithComments([]);
  const page = await personPage(browser, DEMO.resident);
  // A refused inline stylesheet (Content-Security-Policy) shows as a console error.
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await openDraft(page, policy.id);
  await caretToEnd(editor(page));
  await page.keyboard.press("Enter");
  await editor(page).evaluate((element) => {
    const data = new DataTransfer();
    data.setData(
      "text/html",
      "<table><tr><th>Offence</th><th>Fine</th></tr><tr><td>Parking on a pavement</td><td>200 yuan</td></tr></table>",
    );
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const cells = ["Offence", "Fine", "Parking on a pavement", "200 yuan"];
  await expect(
    editor(page)
      .locator("p")
      .filter({ hasText: /^(Offence|Fine|Parking on a pavement|200 yuan)$/ }),
  ).toHaveText(cells);
  await expect(editor(page).locator("table")).toHaveCount(0);
  expect(errors).toEqual([]);

  await page.getByRole("textbox", { name: "Edit summary" }).fill("Table of fines");
  await page.getByRole("button", { name: "Save revision" }).click();
  await expect(page).toHaveURL(new RegExp(`/policies/${policy.id}/history$`));
  await page.request.post("/settings", { form: { locale: "zh-CN" } });
  await page.reload();
  await expect(page.getByRole("columnheader").first()).toHaveText("修订");
  await page.context().close();
});

test("on a phone, words selected by keyboard in the editor are commented on right there, and the passage is marked in the editor", async ({
  browser,
}) => {
  const policy = await policyWithComments([]);
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Asia/Shanghai", viewport: PHONE });
  const page = await context.newPage();
  await logIn(page, DEMO.resident, "en");
  await openDraft(page, policy.id);

  // With nothing selected, the button says how to select.
  await page.getByRole("button", { name: "Comment on the selected words" }).click();
  await expect(page.getByRole("dialog").getByRole("status")).toContainText("Shift and the arrow keys");
  await page.getByRole("button", { name: "Close without commenting" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // "fined", selected with Shift and the arrow keys, and Ctrl+Alt+M.
  await caretToEnd(editor(page));
  await page.keyboard.press("ArrowLeft");
  for (const _ of "fined") await page.keyboard.press("Shift+ArrowLeft");
  await expect.poll(() => selectedInEditor(editor(page))).toBe("fined");
  await page.keyboard.press("Control+Alt+M");
  const panel = page.getByRole("dialog", { name: "Comment on a passage" });
  await expect(panel.getByLabel("The passage")).toHaveValue("fined");
  // The form is on the screen with the words, and the caret is in its text box.
  await expect(panel.getByLabel("Your comment")).toBeFocused();
  await expect(panel).toBeInViewport();
  expect(await sidewaysScrolling(page)).toEqual([]);
  await page.keyboard.insertText("Say how much the fine is.");
  await panel.getByRole("button", { name: "Post the comment" }).click();

  // Back in the editor, told, with the passage marked in the text.
  await expect(page).toHaveURL(new RegExp(`/policies/${policy.id}/draft$`));
  await expect(page.getByText("Your comment is posted.")).toBeVisible();
  await expect(editor(page).locator(".commented-passage")).toHaveText("fined");
  const stored = await db.passageComment.findFirstOrThrow({ where: { policyId: policy.id } });
  expect(stored).toMatchObject({ quote: "fined", text: "Say how much the fine is." });
  expect(stored.anchorStart).toBeTruthy();
  await context.close();
});
