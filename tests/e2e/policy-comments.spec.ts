// A resident comments on a passage of a community draft; someone edits around and inside the
// passage through the live collaboration socket; the comment stays on its passage. An official
// marks it accepted into the text and publishes version 2 with the response report. The policy,
// its first version and its draft are made directly on the test server's database (the core and
// editing parts make them in the app).
import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext } from "@playwright/test";
import { getSchema } from "@tiptap/core";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { policyTextExtensions, TEXT_FRAGMENT } from "~/shared/editor";
import { caretToEnd, DEMO, expectAccessible, logIn, selectInDraft, testServerDatabase } from "./helpers";

test.use({ locale: "en-GB", timezoneId: "Asia/Shanghai" });

const db = testServerDatabase();

const TEXT = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Article 1" }] },
    {
      type: "paragraph",
      content: [{ type: "text", text: "Streets near schools get bicycle lanes and wider pavements." }],
    },
    { type: "paragraph", content: [{ type: "text", text: "第二条 学校周边道路设置自行车道。" }] },
  ],
};

async function newPolicy() {
  const transport = await db.department.findUniqueOrThrow({ where: { slug: "transport" } });
  const official = await db.user.findUniqueOrThrow({ where: { email: DEMO.official.email } });
  const policy = await db.policy.create({
    data: {
      title: `Safe school streets ${randomBytes(3).toString("hex")}`,
      departmentId: transport.id,
      status: "open",
    },
  });
  await db.policyVersion.create({
    data: {
      policyId: policy.id,
      number: 1,
      changeNote: "First draft",
      content: JSON.stringify(TEXT),
      html: "",
      text: "Article 1\n\nStreets near schools get bicycle lanes and wider pavements.\n\n第二条 学校周边道路设置自行车道。",
      createdById: official.id,
    },
  });
  // The community draft starts as a copy of v1, stored as the collaboration server stores updates.
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

/** Another editor on the same draft, through the collaboration socket with a signed-in cookie. */
async function connectEditor(context: BrowserContext, baseURL: string, policyId: string) {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseURL.replace(/^http/, "ws")}/collab`, `policy-draft.${policyId}`, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((synced) => provider.once("sync", (isSynced: boolean) => isSynced && synced()));
  return { doc, close: () => (provider.destroy(), doc.destroy()) };
}

test("a comment stays on its passage while others edit, and the official publishes v2 with the response report", async ({
  browser,
  baseURL,
}) => {
  const policy = await newPolicy();
  const residentContext = await browser.newContext();
  const resident = await residentContext.newPage();
  await logIn(resident, DEMO.resident, "en");
  await resident.goto(`/policies/${policy.id}/comments`);
  await expect(resident.getByRole("heading", { name: /Comments on/ })).toBeVisible();
  await expect(resident.getByTestId("draft-live")).toContainText("bicycle lanes");
  await expectAccessible(resident, "comments page");

  await selectInDraft(resident, "bicycle lanes");
  await expect(resident.getByLabel("The passage")).toHaveValue("bicycle lanes");
  await resident.getByLabel("Concern").check();
  await resident.getByLabel("Your comment").fill("Too narrow for cargo bikes.");
  await resident.getByRole("button", { name: "Post the comment" }).click();
  await expect(resident.getByRole("status")).toContainText("Your comment is posted.");
  const comment = resident.getByTestId("passage-comment").filter({ hasText: "Too narrow for cargo bikes." });
  await expect(comment.getByTestId("comment-quote")).toHaveText("bicycle lanes");
  await expect(resident.getByTestId("draft-live").locator(".commented-passage")).toHaveText("bicycle lanes");

  // Someone else edits: before the passage, right up to it, and inside it.
  const editor = await connectEditor(residentContext, baseURL!, policy.id);
  const paragraph = (editor.doc.getXmlFragment(TEXT_FRAGMENT).get(1) as Y.XmlElement).get(0) as Y.XmlText;
  paragraph.insert(0, "From 2027, ");
  paragraph.insert(paragraph.toString().indexOf("bicycle"), "safe ");
  paragraph.insert(paragraph.toString().indexOf("lanes"), "and scooter ");
  // The resident's live view shows the edits (relayed only after they are stored).
  await expect(resident.getByTestId("draft-live")).toContainText(
    "From 2027, Streets near schools get safe bicycle and scooter lanes",
  );
  // The highlight follows the passage live, before any reload.
  await expect(resident.getByTestId("draft-live").locator(".commented-passage")).toHaveText(
    "bicycle and scooter lanes",
  );
  editor.close();

  await resident.reload();
  await expect(comment.getByTestId("comment-passage")).toHaveText("bicycle and scooter lanes");
  await expect(comment.getByTestId("comment-quote")).toHaveText("bicycle lanes");
  await expect(comment.getByText("Detached")).toHaveCount(0);

  // The official records the outcome and adopts the draft as v2.
  const officialContext = await browser.newContext();
  const official = await officialContext.newPage();
  await logIn(official, DEMO.official, "en");
  await official.goto(`/policies/${policy.id}/comments`);
  const item = official.getByTestId("passage-comment").filter({ hasText: "Too narrow for cargo bikes." });
  await item.getByText("Record the outcome").click();
  await item.getByLabel("Outcome").selectOption("accepted");
  await item.getByLabel("Reason").fill("Lanes for cargo bikes and scooters added to article 1.");
  await item.getByRole("button", { name: "Save the outcome" }).click();
  await expect(official.getByRole("status")).toContainText("The outcome is saved");
  await expect(
    official.getByTestId("passage-comment").filter({ hasText: "Too narrow" }).getByTestId("comment-outcome"),
  ).toContainText("Accepted into the text");

  await official.getByRole("link", { name: "Adopt as a new official version" }).click();
  await expect(official.getByRole("heading", { name: /Adopt the community draft/ })).toBeVisible();
  // The text to publish starts as the draft now, edits included, and can be edited further.
  const text = official.getByRole("textbox", { name: "Text of version 2" });
  await expect(text).toContainText("safe bicycle and scooter lanes");
  await caretToEnd(text);
  await official.keyboard.type(" Signs are put up within a month.");
  await official.getByLabel("Change note").fill("Adopted after the consultation");
  official.once("dialog", (dialog) => void dialog.accept());
  await official.getByRole("button", { name: "Publish version 2" }).click();

  await expect(official).toHaveURL(new RegExp(`/policies/${policy.id}/versions/2/report$`));
  await expect(official.getByRole("status")).toContainText("The new official version is published");
  const reported = official.getByTestId("report-comment").filter({ hasText: "Too narrow for cargo bikes." });
  await expect(reported).toContainText("bicycle lanes");
  await expect(reported.getByTestId("report-outcome")).toHaveText(
    "Outcome: Accepted into the text — Lanes for cargo bikes and scooters added to article 1.",
  );
  await expect(official.locator(".report-changes ins").filter({ hasText: "scooter" })).toHaveCount(1);
  await expectAccessible(official, "response report");

  const download = await official.request.get(`/policies/${policy.id}/versions/2/report.json`);
  const report = await download.json();
  expect(report.comments).toHaveLength(1);
  expect(report.comments[0]).toMatchObject({ kind: "concern", quote: "bicycle lanes", outcome: "accepted" });
  const version = await db.policyVersion.findUniqueOrThrow({
    where: { policyId_number: { policyId: policy.id, number: 2 } },
  });
  expect(version.text).toContain("Signs are put up within a month.");
  expect((await db.policy.findUniqueOrThrow({ where: { id: policy.id } })).status).toBe("adopted");
  await officialContext.close();

  // The resident was told of the outcome, once.
  await resident.goto("/notifications");
  await expect(
    resident.getByRole("link", { name: `Your comment on “${policy.title}” was marked: accepted into the text` }),
  ).toHaveCount(1);
  await residentContext.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a resident comments by quoting the passage, and it is anchored where the words are", async ({ page }) => {
    const policy = await newPolicy();
    await logIn(page, { email: "resident2@demo.city", password: DEMO.resident.password }, "en");
    await page.goto(`/policies/${policy.id}/comments`);
    // The draft as the server rendered it.
    await expect(page.getByTestId("draft-static")).toContainText("第二条 学校周边道路设置自行车道。");
    await page.getByLabel("The passage").fill("not in the text");
    await page.getByLabel("Question").check();
    await page.getByLabel("Your comment").fill("包括小区内部道路吗？");
    await page.getByRole("button", { name: "Post the comment" }).click();
    await expect(page.locator(".field-error").filter({ hasText: "This passage is not in the draft" })).toBeVisible();
    await page.getByLabel("The passage").fill("自行车道");
    await page.getByRole("button", { name: "Post the comment" }).click();
    await expect(page.getByRole("status")).toContainText("Your comment is posted.");
    const comment = page.getByTestId("passage-comment").filter({ hasText: "包括小区内部道路吗？" });
    await expect(comment.getByTestId("comment-quote")).toHaveText("自行车道");
    const stored = await db.passageComment.findFirstOrThrow({ where: { policyId: policy.id } });
    expect([stored.kind, stored.quote, !!stored.anchorStart, !!stored.anchorEnd]).toEqual([
      "question",
      "自行车道",
      true,
      true,
    ]);
  });
});
