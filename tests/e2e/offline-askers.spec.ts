// A phone question heard back: counter staff enter a call with how to reach the caller and give
// a reference number, an official answers it in the console, and the clerk finds it by that
// number, reads the answer out, marks the caller told and enters their satisfaction
// (docs/decisions/0041). In Chromium, as each of them would.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, personPage, testServerDatabase } from "./helpers";

const db = testServerDatabase();

test("a phone question is answered and the clerk tells the caller", async ({ browser }) => {
  const tag = randomBytes(3).toString("hex");
  const creator = await db.user.findUniqueOrThrow({ where: { email: DEMO.admin.email } });
  const housing = await db.department.findFirstOrThrow({ where: { slug: "housing" } });
  const now = Date.now();
  const session = await db.interviewSession.create({
    data: {
      titleZh: `老旧小区加装电梯 ${tag}`,
      titleEn: `Lifts for old housing ${tag}`,
      topic: "Housing",
      premoderated: false,
      createdById: creator.id,
      startsAt: new Date(now - 30 * 60_000),
      endsAt: new Date(now + 90 * 60_000),
      hosts: { create: [{ departmentId: housing.id }] },
    },
  });
  const question = `Caller ${tag}: will block 5 get a lift this year?`;

  const clerk = await personPage(browser, DEMO.counter);
  await clerk.goto("/counter/questions");
  await clerk.getByLabel("Session").selectOption(session.id);
  await clerk.getByLabel("By phone").check();
  await clerk.getByLabel("Consultation").check();
  await clerk.getByLabel("The resident's question").fill(question);
  await clerk.getByLabel("How to reach the person").fill("139 1234 5678");
  await clerk.getByRole("button", { name: "Enter question" }).click();
  const confirmation = clerk.getByRole("status").filter({ hasText: "reference number" });
  await expect(confirmation).toContainText(/Q-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  const reference = (await confirmation.textContent())!.match(/Q-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0];

  const stored = await db.question.findFirstOrThrow({ where: { sessionId: session.id } });
  const official = await personPage(browser, DEMO.official);
  await official.goto(`/interviews/${session.id}/console?question=${stored.id}`);
  await official.locator(`#answer-${stored.id}`).fill("Yes: work on block 5 starts in September.");
  await official.getByRole("button", { name: /^Publish answer/ }).click();
  await expect(official.locator(".answer-text", { hasText: "work on block 5 starts in September" })).toBeVisible();
  // The official never sees how to reach the caller.
  await expect(official.getByText("139 1234 5678")).toHaveCount(0);

  await clerk.goto("/counter/questions/entered");
  await clerk.getByLabel("Reference number").fill(reference.toLowerCase());
  await clerk.getByRole("button", { name: "Find" }).click();
  const card = clerk.locator(`#entered-${stored.id}`);
  await expect(card).toContainText("139 1234 5678");
  await expect(card).toContainText("Yes: work on block 5 starts in September.");
  await card.getByRole("button", { name: "Mark the person as told" }).click();
  await expect(clerk.getByRole("status").filter({ hasText: "the person was told" })).toBeVisible();
  await expect(card.getByRole("button", { name: "Mark the person as told" })).toHaveCount(0);
  await card.getByText("Enter the person's satisfaction").click();
  await card.getByLabel("No, not satisfied").check();
  await card.getByLabel("Comment (optional)").fill("September is too late for my mother");
  await card.getByRole("button", { name: "Save satisfaction" }).click();
  await expect(clerk.getByRole("status").filter({ hasText: "satisfaction was saved" })).toBeVisible();
  await expect(card).toContainText("September is too late for my mother");

  // The department's console shows what the caller said.
  await official.goto(`/interviews/${session.id}/console?question=${stored.id}`);
  await expect(official.getByText("September is too late for my mother")).toBeVisible();
});
