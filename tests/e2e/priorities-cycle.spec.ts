// The whole yearly cycle in a browser (docs/decisions/0016), each step through the pages the people who take
// it would use: a resident proposes and counter staff enter a paper proposal; an official merges
// the two and shortlists; a resident verifies with a code, votes, then changes the vote; counter
// staff enter a paper batch and a colleague confirms it; the results show online, offline and
// combined counts; an official posts a progress report and a follower is notified; the year-end
// report lists the commitment. The administrator moves the phases on by hand, as the cycle page
// allows. Only two things are done on the database: giving a second person the counter role (the
// demo has one counter account) and finding the demo area's id for its code page.
import { expect, test, type Page } from "@playwright/test";
import { idCardNumber } from "../integration/priorities-fixtures";
import { createApprovalCycle, DEMO, personPage, register, testServerDatabase } from "./helpers";

const db = testServerDatabase();

async function startPhaseNow(admin: Page, cycleUrl: string, button: string, phase: string) {
  await admin.goto(`${cycleUrl}/edit`);
  await admin.getByLabel("Yes, change the phase now").check();
  await admin.getByRole("button", { name: button }).click();
  await expect(admin.locator("#flash-message")).toContainText(`The phase has changed: ${phase}.`);
}

test("a whole cycle: proposed, merged and shortlisted, voted online and on paper, counted, committed, reported", async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const stamp = Date.now();
  const cycleTitle = `Whole cycle ${stamp}`;
  const lifts = `Lifts for six-storey blocks ${stamp}`;
  const liftsOnPaper = `A lift for our building ${stamp}`;
  const crossings = `Safer crossings near schools ${stamp}`;

  // An administrator opens a cycle for Haidian: approval vote, up to 2 choices.
  const admin = await personPage(browser, DEMO.admin);
  const cycleUrl = await createApprovalCycle(admin, cycleTitle, 2);
  const cycleId = cycleUrl.split("/").pop()!;

  // A new resident proposes two priorities.
  const resident = await personPage(browser);
  await register(resident, "Voter Lin");
  for (const [title, category] of [
    [lifts, "Housing"],
    [crossings, "Transport"],
  ]) {
    await resident.goto(cycleUrl);
    const propose = resident.getByRole("region", { name: "Suggest a priority" });
    await propose.getByLabel("Title", { exact: true }).fill(title);
    await propose.getByLabel("Description").fill(`${title}: residents asked for it at the neighbourhood meeting.`);
    await propose.getByLabel("Category").selectOption({ label: category });
    await propose.getByRole("button", { name: "Send the proposal" }).click();
    await expect(resident.locator("#flash-message")).toContainText("your proposal has been published");
  }

  // Counter staff enter the same idea, handed in on paper.
  const counter = await personPage(browser, DEMO.counter);
  await counter.goto("/counter/proposals");
  await counter.getByLabel("Cycle").selectOption({ label: `${cycleTitle} (Haidian District)` });
  await counter.getByLabel("On paper").check();
  await counter.getByLabel("Title", { exact: true }).fill(liftsOnPaper);
  await counter.getByLabel("Description").fill("Handed in at the counter: our building needs a lift.");
  await counter.getByLabel("Category").selectOption({ label: "Housing" });
  await counter.getByRole("button", { name: "Enter the proposal" }).click();
  await expect(counter.locator("#flash-message")).toContainText("The proposal has been entered.");

  // Review: an official merges the paper proposal into the resident's and shortlists both ideas.
  await startPhaseNow(admin, cycleUrl, "Close collecting and start the review now", "Review");
  const official = await personPage(browser, DEMO.official);
  await official.goto(`${cycleUrl}/review`);
  const card = (name: string) =>
    official.locator("li.list-item").filter({ has: official.getByRole("link", { name, exact: true }) });
  await card(liftsOnPaper).locator("summary", { hasText: "Merge into another proposal" }).click();
  await card(liftsOnPaper).getByLabel("Keep this proposal").selectOption({ label: lifts });
  // Nothing is chosen for the official, and a merge asks for a ticked confirmation (decision 0025).
  await card(liftsOnPaper).getByLabel("Yes, merge this proposal into the one chosen above").check();
  await card(liftsOnPaper).getByRole("button", { name: "Merge", exact: true }).click();
  await expect(official.locator("#flash-message")).toContainText("The proposal has been merged.");
  for (const [title, department, cost] of [
    [lifts, "Housing and Urban Development Bureau", "3,000,000"],
    [crossings, "Transport Bureau", "800,000"],
  ]) {
    await card(title).locator("summary", { hasText: "Shortlist" }).click();
    await card(title).getByLabel("Responsible department").selectOption({ label: department });
    await card(title).getByLabel("Estimated cost in yuan").fill(cost);
    await card(title).getByRole("button", { name: "Shortlist" }).click();
    await expect(official.locator("#flash-message")).toContainText("The proposal has been shortlisted.");
  }

  // Voting: the resident verifies with a code from a letter, votes for both, then only for the lifts.
  await startPhaseNow(admin, cycleUrl, "Start the vote now", "Voting");
  const haidian = await db.area.findUniqueOrThrow({ where: { slug: "haidian" } });
  await admin.goto(`/admin/areas/${haidian.id}/codes`);
  await admin.getByLabel("Label").fill(`Letters ${stamp}`);
  await admin.getByLabel("Number of codes").fill("1");
  await admin.getByLabel("Valid until").fill("2999-12-31");
  await admin.getByRole("button", { name: "Generate and show for printing" }).click();
  await expect(admin.locator(".code-letter .code")).toHaveCount(1);
  const code = await admin.locator(".code-letter .code").textContent();

  await resident.goto(`${cycleUrl}/ballot`);
  await resident.getByRole("link", { name: "Verify with a code" }).click();
  await resident.getByLabel("Code from your letter").fill(code!);
  await resident.getByRole("button", { name: "Verify me" }).click();
  await expect(resident.getByRole("status")).toContainText("You are verified");
  await expect(resident.getByText("Verified for Haidian District")).toBeVisible();
  await resident.getByLabel(lifts).check();
  await resident.getByLabel(crossings).check();
  await resident.getByRole("button", { name: "Cast my ballot" }).click();
  await expect(resident.getByRole("status")).toContainText("Your ballot was cast.");
  await resident.getByLabel(crossings).uncheck();
  await resident.getByRole("button", { name: "Change my ballot" }).click();
  await expect(resident.getByRole("status")).toContainText("Your ballot was changed. Only this one counts.");

  // Counter staff hand out three paper ballots, each after checking a document; handing a second
  // one to the same person is refused. Then they enter the three (by ballot number: 1 is the
  // lifts, 2 the crossings), and a colleague confirms the batch.
  const documents = [idCardNumber(), idCardNumber(), idCardNumber()];
  for (const [index, number] of [...documents, documents[0]!].entries()) {
    await counter.goto("/counter/paper-ballots/hand-out");
    await counter.getByLabel("Vote").selectOption(cycleId);
    await counter.getByLabel("Resident ID card").check();
    await counter.getByLabel("Document number").fill(number);
    await counter.getByRole("button", { name: "Record and hand out the ballot" }).click();
    if (index < 3)
      await expect(counter.getByRole("status")).toContainText(`${index + 1} handed out in this vote so far`);
    else
      await expect(counter.locator("#field-documentNumber-error")).toContainText("already been given a paper ballot");
  }
  await counter.goto("/counter/paper-ballots");
  await counter.getByLabel("Vote").selectOption(cycleId);
  await counter.getByLabel("Batch label").fill(`Box 1, Zhongguancun ${stamp}`);
  await counter.getByLabel("Ballots, one per line").fill("1 2\n2\n1");
  await counter.getByRole("button", { name: "Enter the batch" }).click();
  await expect(counter.getByRole("status")).toContainText("3 paper ballots entered");
  const batchUrl = counter.url();
  const colleague = await personPage(browser);
  const colleagueAccount = await register(colleague, "Counter Sun");
  const { id: colleagueId } = await db.user.findUniqueOrThrow({
    where: { email: colleagueAccount.email },
    select: { id: true },
  });
  await db.role.create({ data: { userId: colleagueId, name: "counterStaff" } });
  await colleague.goto(batchUrl);
  await colleague.getByRole("button", { name: "Confirm this batch" }).click();
  await expect(colleague.getByRole("status")).toContainText("The batch is confirmed");

  // Results: online, offline and combined counts.
  await startPhaseNow(admin, cycleUrl, "Close the vote and publish the results now", "Results");
  await resident.goto(`${cycleUrl}/results`);
  await expect(resident.getByText("4 ballots counted: 1 online and 3 on paper.")).toBeVisible();
  const ranking = resident.getByRole("table", { name: "Ranking" });
  await expect(ranking.getByRole("row", { name: new RegExp(lifts) }).getByRole("cell")).toHaveText(
    ["1", new RegExp(lifts), "1", "2", "3", "3"],
    { useInnerText: true },
  );
  await expect(ranking.getByRole("row", { name: new RegExp(crossings) }).getByRole("cell")).toHaveText(
    ["2", new RegExp(crossings), "0", "2", "2", "2"],
    { useInnerText: true },
  );

  // The lifts become a commitment of the Housing bureau; the resident follows it.
  await admin.goto(`/commitments/new?cycle=${cycleId}`);
  await admin.getByLabel("Shortlisted proposal").selectOption({ label: `1 ${lifts}` });
  await admin.getByRole("button", { name: "Continue" }).click();
  await admin
    .getByLabel("Promise in English")
    .fill("Lifts are added to twenty six-storey blocks before the end of next year.");
  await admin.getByLabel("Target date").fill("2027-12-31");
  await admin.getByRole("button", { name: "Publish the commitment" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(lifts);
  const commitmentUrl = new URL(admin.url()).pathname;
  await startPhaseNow(admin, cycleUrl, "Start implementation now", "Implementation");
  await resident.goto(commitmentUrl);
  await resident.getByRole("button", { name: "Follow this commitment" }).click();
  await expect(resident.getByRole("status")).toHaveText("You now follow this commitment.");

  // An official of the Housing bureau reports progress; the follower is notified.
  await official.goto(commitmentUrl);
  const report = official.getByRole("form", { name: "Post a progress report" });
  await report.getByLabel("On track").check();
  await report.getByLabel("Percent complete").fill("30");
  await report.getByLabel("What happened").fill("Six blocks have their lifts approved; work starts in spring.");
  await report.getByRole("button", { name: "Publish the report" }).click();
  await expect(official.getByRole("status")).toHaveText("The progress report is published.");
  await resident.goto("/");
  // Also unread: that review shortlisted both of the resident's proposals.
  await resident
    .getByRole("navigation", { name: "Account" })
    .getByRole("link", { name: "Notifications, 3 unread" })
    .click();
  await expect(
    resident.getByRole("main").getByRole("link", { name: `New progress report on “${lifts}”: 30% complete` }),
  ).toBeVisible();

  // The year-end report lists the commitment with its status and last report.
  await startPhaseNow(admin, cycleUrl, "Publish the year-end report now", "Year-end report");
  await resident.goto(`${cycleUrl}/report`);
  const entry = resident.getByRole("main");
  await expect(entry.getByRole("link", { name: lifts })).toBeVisible();
  await expect(entry).toContainText("30% complete");
  await expect(entry).toContainText("Six blocks have their lifts approved");
});
