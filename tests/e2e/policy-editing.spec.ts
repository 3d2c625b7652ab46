import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { paragraphs, stateOfJson } from "~/features/policies/draft-text";
import { caretToEnd, DEMO, expectAccessible, logIn, testServerDatabase } from "./helpers";

test.use({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });

// The policy and its draft's first text would come from the core part (opening consultation);
// here they are made directly on the database the test server uses (playwright.config.ts).
const db = testServerDatabase();

const FIRST = "第一条 为了规范停车管理，制定本办法。";

async function openPolicy() {
  const transport = await db.department.findUniqueOrThrow({ where: { slug: "transport" } });
  const official = await db.user.findUniqueOrThrow({ where: { email: DEMO.official.email } });
  const policy = await db.policy.create({
    data: { title: `停车管理办法 ${randomBytes(3).toString("hex")}`, departmentId: transport.id, status: "open" },
  });
  const at = new Date(Date.now() - 120_000);
  await db.documentUpdate.create({
    data: {
      documentName: `policy-draft.${policy.id}`,
      update: new Uint8Array(stateOfJson(paragraphs(FIRST))),
      authorId: official.id,
      createdAt: at,
      lastAt: at,
    },
  });
  return policy;
}

async function pageAs(browser: Browser, account: { email: string; password: string } | null): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  if (account) await logIn(page, account, "zh-CN");
  return page;
}

const editor = (page: Page) => page.getByTestId("draft-editor");

/** The text as a reader sees it, without the other people's carets and name labels. */
const draftText = (page: Page) =>
  editor(page).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy
      .querySelectorAll(".collaboration-carets__caret, .collaboration-carets__selection")
      .forEach((caret) => caret.remove());
    return [...copy.querySelectorAll("p, h2, h3, h4, li")].map((block) => block.textContent).join("\n");
  });

async function openDraft(page: Page, policyId: string) {
  await page.goto(`/policies/${policyId}/draft`);
  await expect(page.locator("[data-status]")).toHaveAttribute("data-status", "connected");
  await expect(editor(page)).toContainText(FIRST);
}

/** Types at the end of the text, in a new paragraph, as an input method commits Chinese text. */
async function typeLine(page: Page, text: string) {
  await caretToEnd(editor(page));
  await page.keyboard.press("Enter");
  await page.keyboard.insertText(text);
}

test("two residents edit the draft at once in Chinese, a visitor watches live, and the history and diff show their change; a moderator restores", async ({
  browser,
}) => {
  const policy = await openPolicy();
  const [zhang, chen, visitor] = await Promise.all([
    pageAs(browser, DEMO.resident),
    pageAs(browser, { email: "resident2@demo.city", password: DEMO.resident.password }),
    pageAs(browser, null),
  ]);
  for (const page of [zhang, chen, visitor]) await openDraft(page, policy.id);

  // A revision of the first text, so that the change below has something to be compared with.
  await zhang.getByRole("textbox", { name: "编辑摘要" }).fill("开始讨论");
  await zhang.getByRole("button", { name: "保存修订" }).click();
  await expect(zhang).toHaveURL(new RegExp(`/policies/${policy.id}/history`));
  await openDraft(zhang, policy.id);

  // The visitor reads, and is told why they cannot type.
  await expect(editor(visitor)).toHaveAttribute("contenteditable", "false");
  await expect(visitor.getByTestId("read-only-reason")).toContainText("登录后才能编辑");

  await typeLine(zhang, "第二条 居民可以申请停车位。");
  await expect(editor(chen)).toContainText("第二条 居民可以申请停车位。");
  await typeLine(chen, "第三条 本办法自公布之日起施行。");
  await expect(editor(zhang)).toContainText("第三条 本办法自公布之日起施行。");
  // Each sees the other's caret with the name the forum knows, and the list of editors.
  await expect(zhang.locator(".collaboration-carets__label", { hasText: "陈同学" })).toBeVisible();
  await expect(chen.locator(".collaboration-carets__label", { hasText: "张阿姨" })).toBeVisible();
  await expect(zhang.getByTestId("draft-editors")).toContainText("陈同学 Student Chen");

  // The visitor saw it all arrive, and typing changes nothing.
  await expect(editor(visitor)).toContainText("第三条 本办法自公布之日起施行。");
  await editor(visitor).click();
  await visitor.keyboard.insertText("游客的字");
  await expect(editor(visitor)).not.toContainText("游客的字");

  // Everyone converged on the same text.
  const text = await draftText(zhang);
  await expect.poll(() => draftText(chen)).toBe(text);
  await expect.poll(() => draftText(visitor)).toBe(text);
  expect(text.indexOf("第二条")).toBeGreaterThan(text.indexOf("第一条"));

  await chen.getByRole("textbox", { name: "编辑摘要" }).fill("增加第二条和第三条");
  await chen.getByRole("button", { name: "保存修订" }).click();
  await expect(chen).toHaveURL(new RegExp(`/policies/${policy.id}/history`));
  const latest = chen.getByRole("row").filter({ hasText: "增加第二条和第三条" });
  await expect(latest.getByTestId("revision-authors")).toContainText("张阿姨 Auntie Zhang");
  await expect(latest.getByTestId("revision-authors")).toContainText("陈同学 Student Chen");
  await latest.getByRole("link", { name: "与第1次修订比较" }).click();
  await expect(chen.getByTestId("diff").locator("ins").first()).toBeVisible();
  await expect(chen.getByTestId("diff").locator("ins")).toContainText(["第二条 居民可以申请停车位。"]);
  await expect(chen.getByText("按字比较")).toBeVisible();
  await expectAccessible(chen, "diff");
  await chen.goto(`/policies/${policy.id}/history`);
  await expectAccessible(chen, "history");
  await expectAccessible(zhang, "draft while editing");
  await expectAccessible(visitor, "draft, read only");

  // A moderator restores the first revision: Zhang, still editing, sees the text go back.
  const moderator = await pageAs(browser, DEMO.moderator);
  await moderator.goto(`/policies/${policy.id}/history`);
  await moderator.getByRole("row").filter({ hasText: "开始讨论" }).getByRole("link", { name: "恢复" }).click();
  await moderator.getByRole("button", { name: /恢复 · 第1次修订/ }).click();
  await expect(moderator.getByRole("status").first()).toContainText("该修订已作为新的修订恢复");
  await expect(moderator.getByRole("row").filter({ hasText: "恢复了第1次修订" })).toBeVisible();
  await expect(editor(zhang)).not.toContainText("第二条");
  await expect(editor(zhang)).toContainText(FIRST);

  // The moderator blocks Zhang, whose open page turns read-only and says why, without a reload.
  await moderator.goto(`/policies/${policy.id}/draft`);
  await moderator.getByRole("combobox", { name: "编辑者" }).selectOption({ label: "张阿姨 Auntie Zhang" });
  await moderator.locator("#field-block-reason").fill("反复删除他人内容");
  await moderator.getByRole("button", { name: "禁止编辑" }).click();
  await expect(moderator.getByRole("status").first()).toContainText("已禁止此人编辑本修改稿");
  await expect(zhang.getByTestId("read-only-reason")).toContainText("管理员已禁止您编辑本修改稿");
  await expect(editor(zhang)).toHaveAttribute("contenteditable", "false");

  for (const page of [zhang, chen, visitor, moderator]) await page.context().close();
});

test("formatting typed and pasted in the editor reaches the other editor and is kept, and nothing outside the text's format gets in", async ({
  browser,
}) => {
  const policy = await openPolicy();
  const [zhang, chen] = await Promise.all([
    pageAs(browser, DEMO.resident),
    pageAs(browser, { email: "resident2@demo.city", password: DEMO.resident.password }),
  ]);
  for (const page of [zhang, chen]) await openDraft(page, policy.id);

  await caretToEnd(editor(zhang));
  await zhang.keyboard.press("Enter");
  await zhang.keyboard.type("## ");
  await zhang.keyboard.insertText("第二章 附则");
  await zhang.keyboard.press("Enter");
  await zhang.keyboard.type("- ");
  await zhang.keyboard.insertText("第一项");
  await zhang.keyboard.press("Enter");
  await zhang.keyboard.insertText("第二项");
  await zhang.keyboard.press("Enter");
  await zhang.keyboard.press("Enter");
  await zhang.keyboard.press("Control+b");
  await zhang.keyboard.insertText("加粗");
  await zhang.keyboard.press("Control+b");
  await zhang.keyboard.press("Control+i");
  await zhang.keyboard.insertText("斜体");
  await zhang.keyboard.press("Control+i");
  // Pasted from another site: a link, a javascript: link, a script and a table.
  await editor(zhang).evaluate((element) => {
    const data = new DataTransfer();
    data.setData(
      "text/html",
      '<p>参见<a href="https://www.beijing.gov.cn/rules">规章目录</a>和<a href="javascript:alert(1)">坏链接</a></p><script>alert(2)</script><table><tr><td>表格里的字</td></tr></table>',
    );
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });

  for (const page of [chen, zhang]) {
    await expect(editor(page).locator("h2")).toContainText("第二章 附则");
    await expect(editor(page).locator("ul li")).toHaveText(["第一项", "第二项"]);
    await expect(editor(page).locator("strong")).toHaveText("加粗");
    await expect(editor(page).locator("em")).toHaveText("斜体");
    await expect(editor(page).locator('a[href="https://www.beijing.gov.cn/rules"]')).toHaveText("规章目录");
    await expect(editor(page)).toContainText("坏链接");
    await expect(editor(page).locator('a[href^="javascript"], script, table')).toHaveCount(0);
  }
  await expect(zhang.getByTestId("draft-status").locator("[data-status]")).toHaveAttribute("data-status", "connected");

  // Stored as it was typed: a fresh load shows it all.
  await openDraft(chen, policy.id);
  await expect(editor(chen).locator("strong")).toHaveText("加粗");
  await expect(editor(chen).locator('a[href="https://www.beijing.gov.cn/rules"]')).toHaveText("规章目录");
});
