// The moderation page of a session of 200 questions (Chengdu receives 150–200 a session): read a
// page at a time, filtered and counted through the address, decided without reloading the page,
// approved in bulk, and merged into a question found by search. Through the real server, with
// form posts as a browser without JavaScript sends them and Chromium where the script matters.
import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { getSession } from "~/features/interviews/sessions.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newDepartment, newOfficial, newResident, newWithRole, type Person } from "./helpers";
import { expectRefusalIn, peopleOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const MINUTE = 60_000;
const unique = () => randomBytes(4).toString("hex");
const TYPES = ["suggestion", "consultation", "complaint"] as const;

let world: { admin: Person; moderator: Person; housing: { id: string }; water: { id: string }; asker: Person };

beforeAll(async () => {
  const housing = await newDepartment("Housing");
  world = {
    admin: await newAdministrator(),
    moderator: await newWithRole("moderator"),
    housing,
    water: await newDepartment("Water"),
    asker: await newResident(),
  };
});

/**
 * A live, premoderated session with `count` questions waiting: question i is due i minutes from
 * now, received in the opposite order (so that due order and arrival order differ), every third
 * one a complaint, every fourth one for the water department.
 */
async function sessionWithQuestions(count: number, status: "pending" | "published" = "pending") {
  const now = Date.now();
  const session = await db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      premoderated: true,
      allowAnonymous: true,
      createdById: world.admin.userId,
      startsAt: new Date(now - 30 * MINUTE),
      endsAt: new Date(now + 90 * MINUTE),
      hosts: { create: [{ departmentId: world.housing.id }] },
    },
  });
  const tag = unique();
  await db.question.createMany({
    data: Array.from({ length: count }, (_, i) => {
      const text = `Question ${String(i).padStart(3, "0")} ${tag} about the ${i % 2 ? "lift" : "bus"} stop near block ${i}`;
      return {
        sessionId: session.id,
        askerId: world.asker.userId,
        type: TYPES[i % 3]!,
        text,
        searchText: text.toLowerCase(),
        status,
        publishedAt: status === "published" ? new Date(now) : null,
        departmentId: i % 4 === 3 ? world.water.id : world.housing.id,
        receivedAt: new Date(now - i * 1000),
        firstReplyDueAt: new Date(now + (i + 1) * MINUTE),
        resolutionDueAt: new Date(now + (i + 1) * MINUTE + 60 * MINUTE),
      };
    }),
  });
  const questions = await db.question.findMany({
    where: { sessionId: session.id },
    orderBy: { firstReplyDueAt: "asc" },
  });
  return { session: (await getSession(session.id))!, questions, tag };
}

type Language = "en" | "zh-CN";
const { cookieOf, open, submit } = peopleOverHttp(() => base);
const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);
/** The question ids of the cards on a moderation page, in the order shown. */
const cardIds = (html: string) =>
  [...html.matchAll(/id="pick-([^"]+)"/g)].map((match) => match[1]!).filter((id) => id !== "all");
const statusOf = async (id: string) => (await db.question.findUniqueOrThrow({ where: { id } })).status;

describe("the moderation page of a session of 200 questions", () => {
  it("shows 25 waiting questions at a time, the soonest due first, counted, in well under 300 KB and without a list of every question", async () => {
    const { session, questions } = await sessionWithQuestions(200);
    const response = await open(world.moderator, `/interviews/${session.id}/moderate`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(Buffer.byteLength(html)).toBeLessThan(300_000);
    expect(cardIds(html)).toEqual(questions.slice(0, 25).map((question) => question.id));
    // Merge targets are searched for: no drop-down offers other questions.
    const options = [...html.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1]);
    expect(options.filter((value) => questions.some((question) => question.id === value))).toEqual([]);
    expect(html).toContain(translate("en", "interviews.moderation.waiting", { count: 200 }));
    expect(html).toContain(`${translate("en", "interviews.types.complaint")} 66`);

    const page8 = await (await open(world.moderator, `/interviews/${session.id}/moderate?page=8`)).text();
    expect(cardIds(page8)).toEqual(questions.slice(175, 200).map((question) => question.id));
    const zh = await (await open(world.moderator, `/interviews/${session.id}/moderate`, "zh-CN")).text();
    expect(zh).toContain(translate("zh-CN", "interviews.moderation.waiting", { count: 200 }));
  });

  it("filters by type, department and words through the address, so that filters survive a reload", async () => {
    const { session, questions } = await sessionWithQuestions(40);
    const complaintsOfWater = questions.filter(
      (question) => question.type === "complaint" && question.departmentId === world.water.id,
    );
    const html = await (
      await open(world.moderator, `/interviews/${session.id}/moderate?type=complaint&department=${world.water.id}`)
    ).text();
    expect(cardIds(html)).toEqual(complaintsOfWater.map((question) => question.id));

    const lifts = questions.filter((question) => question.text.includes("lift stop near block 1"));
    const searched = await (
      await open(world.moderator, `/interviews/${session.id}/moderate?q=LIFT+stop+near+block+1`)
    ).text();
    expect(cardIds(searched)).toEqual(lifts.map((question) => question.id));

    const none = await (await open(world.moderator, `/interviews/${session.id}/moderate?q=nothing+like+this`)).text();
    expect(cardIds(none)).toEqual([]);
    expect(none).toContain(translate("en", "interviews.moderation.noMatch"));
    // A malformed filter filters nothing rather than failing.
    expect((await open(world.moderator, `/interviews/${session.id}/moderate?type=nonsense&page=-3`)).status).toBe(200);
  });

  it("approves without JavaScript and comes back to the same filters", async () => {
    const { session, questions } = await sessionWithQuestions(30);
    const complaint = questions.find((question) => question.type === "complaint")!;
    const response = await submit(world.moderator, `/interviews/${session.id}/moderate?type=complaint&page=1`, {
      intent: "approve",
      questionId: complaint.id,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/interviews/${session.id}/moderate?type=complaint`);
    expect(await statusOf(complaint.id)).toBe("published");
  });

  it("approves the ticked questions in one go and says how many were already handled", async () => {
    const { session, questions } = await sessionWithQuestions(30);
    const ticked = questions.slice(0, 20);
    // Another moderator rejected two of them meanwhile.
    await db.question.updateMany({
      where: { id: { in: [ticked[3]!.id, ticked[7]!.id] } },
      data: { status: "rejected", rejectionReason: "Duplicate" },
    });
    const response = await submit(world.moderator, `/interviews/${session.id}/moderate`, {
      intent: "approveSelected",
      questionIds: ticked.map((question) => question.id),
    });
    expect(response.status).toBe(302);
    const page = await (
      await fetch(`${base}${response.headers.get("location")}`, {
        headers: {
          "Accept-Language": "en",
          Cookie: [await cookieOf(world.moderator), response.headers.get("set-cookie")!.split(";")[0]].join("; "),
        },
      })
    ).text();
    expect(page).toContain(translate("en", "interviews.moderation.bulkApproved", { approved: 18, alreadyHandled: 2 }));
    expect(await db.question.count({ where: { sessionId: session.id, status: "published" } })).toBe(18);
    expect(
      await db.auditEntry.count({ where: { action: "question.approve", targetId: { in: ticked.map((q) => q.id) } } }),
    ).toBe(18);
    // The page now starts with the first question not approved.
    expect(cardIds(page)[0]).toBe(questions[20]!.id);

    // Nothing ticked: a message, nothing changes.
    await expectRefusalIn(
      await submit(world.moderator, `/interviews/${session.id}/moderate`, { intent: "approveSelected" }),
      "en",
      "interviews.errors.noneTicked",
    );
  });

  it("finds the merge target by searching the session's published questions, with and without JavaScript", async () => {
    const { session, questions, tag } = await sessionWithQuestions(12, "published");
    const other = await sessionWithQuestions(3, "published");
    const duplicate = await db.question.create({
      data: {
        sessionId: session.id,
        askerId: world.asker.userId,
        type: "consultation",
        text: "When does the bus stop near block 4 move?",
        searchText: "when does the bus stop near block 4 move?",
        status: "pending",
        departmentId: world.housing.id,
        firstReplyDueAt: new Date(Date.now() + MINUTE),
        resolutionDueAt: new Date(Date.now() + 60 * MINUTE),
      },
    });
    const kept = questions.find((question) => question.text.includes("bus stop near block 4"))!;

    // Without JavaScript: the search form reloads the page with the matches for this card.
    const html = await (
      await open(world.moderator, `/interviews/${session.id}/moderate?merge=${duplicate.id}&into=block+4`)
    ).text();
    expect(html).toContain(`value="${kept.id}"`);
    expect(html).not.toContain(`value="${questions.find((q) => q.text.includes("block 5"))!.id}"`);

    // With JavaScript: the same search as JSON, only this session's published questions.
    const found = (await (
      await open(world.moderator, `/interviews/${session.id}/merge-targets?questionId=${duplicate.id}&into=${tag}`)
    ).json()) as { targets: Array<{ id: string }> };
    expect(found.targets.length).toBe(10);
    const ids = new Set(found.targets.map((target) => target.id));
    expect(other.questions.some((question) => ids.has(question.id))).toBe(false);
    expect(ids.has(duplicate.id)).toBe(false);
    expect(
      (await open(await newResident(), `/interviews/${session.id}/merge-targets?questionId=${duplicate.id}&into=a`))
        .status,
    ).toBe(403);

    expect(
      (
        await submit(world.moderator, `/interviews/${session.id}/moderate`, {
          intent: "merge",
          questionId: duplicate.id,
          intoId: kept.id,
        })
      ).status,
    ).toBe(302);
    expect(await db.question.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({
      status: "merged",
      mergedIntoId: kept.id,
    });
  });

  it("lists questions waiting for moderation on the due list: their clock runs", async () => {
    const { questions } = await sessionWithQuestions(3);
    const official = await newOfficial(world.housing.id);
    const html = await (await open(official, "/interviews/due")).text();
    expect(html).toContain(questions[0]!.text);
    expect(html).toContain(translate("en", "interviews.duePage.moderation"));
  });
});

describe("the answering console of a session of 200 questions", () => {
  it("lists the questions a line each and opens one to answer, with one answer box on the page", async () => {
    const { session, questions } = await sessionWithQuestions(200, "published");
    const official = await newOfficial(world.housing.id);
    const list = await (await open(official, `/interviews/${session.id}/console`)).text();
    expect((list.match(/<textarea/g) ?? []).length).toBe(0);
    for (const question of questions) expect(list).toContain(`?question=${question.id}`);
    expect(list).toContain(translate("en", "interviews.console.list", { count: 200 }));

    const mine = questions.find((question) => question.departmentId === world.housing.id)!;
    const opened = await (await open(official, `/interviews/${session.id}/console?question=${mine.id}`)).text();
    expect((opened.match(/<textarea/g) ?? []).length).toBe(1);
    expect(opened).toContain(`id="answer-${mine.id}"`);

    // Answering brings the official back to the question, with its answer under it.
    const response = await submit(official, `/interviews/${session.id}/console?question=${mine.id}`, {
      intent: "answer",
      questionId: mine.id,
      text: "The stop moves in May.",
      submissionKey: randomBytes(18).toString("base64url"),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/interviews/${session.id}/console?question=${mine.id}`);
    // A refused answer without JavaScript comes back with its question open and the reason beside the box.
    const refused = await submit(official, `/interviews/${session.id}/console`, {
      intent: "answer",
      questionId: mine.id,
      text: "",
      submissionKey: randomBytes(18).toString("base64url"),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`id="answer-${mine.id}"`);
  });
});

describe("the moderation page with JavaScript, in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  async function pageOf(person: Person, path: string) {
    const context = await browser.newContext({ locale: "en" });
    const [name, value] = (await cookieOf(person)).split("=") as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    await page.waitForFunction(
      () => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized,
    );
    // The forms ask for their outcome in place once the page's script runs.
    await page.locator('input[name="reply"]').first().waitFor({ state: "attached" });
    return page;
  }

  it("lets a moderator approve ten questions as fast as they can click, each card leaving at once, none 'already handled'", async () => {
    const { session, questions } = await sessionWithQuestions(40);
    const page = await pageOf(world.moderator, `/interviews/${session.id}/moderate`);
    const approve = page.locator('button[name="intent"][value="approve"]');
    for (let i = 0; i < 10; i++) {
      // The first card is the next question each time: the one approved has left. The click is
      // aimed at that question's card, so a list moving under the pointer (a live reload landing)
      // cannot send it to another card or to the space between them.
      await expect.poll(() => approve.first().getAttribute("aria-disabled")).toBeNull();
      const card = page.locator(`#q-${questions[i]!.id}`);
      await card.locator('button[name="intent"][value="approve"]').click();
      // The card leaves at once.
      await expect.poll(() => card.count()).toBe(0);
    }
    await expect
      .poll(() => db.question.count({ where: { sessionId: session.id, status: "published" } }), { timeout: 15_000 })
      .toBe(10);
    const approved = await db.question.findMany({ where: { sessionId: session.id, status: "published" } });
    expect(new Set(approved.map((question) => question.id))).toEqual(new Set(questions.slice(0, 10).map((q) => q.id)));
    await expect.poll(() => page.getByText(translate("en", "interviews.errors.alreadyModerated")).count()).toBe(0);
  });

  it("brings a card back with the reason when the server refuses", async () => {
    const { session, questions } = await sessionWithQuestions(5);
    const page = await pageOf(world.moderator, `/interviews/${session.id}/moderate`);
    // Another moderator rejects the first question after the page was loaded; the live reload is
    // not waited for: the card is still there to press.
    await db.question.update({ where: { id: questions[0]!.id }, data: { status: "rejected", rejectionReason: "x" } });
    await page.locator('button[name="intent"][value="approve"]').first().click();
    await page.getByText(translate("en", "interviews.errors.alreadyModerated")).waitFor();
    expect(await statusOf(questions[0]!.id)).toBe("rejected");
  });

  it("approves the selected questions without reloading the page and says so", async () => {
    const { session } = await sessionWithQuestions(30);
    const page = await pageOf(world.moderator, `/interviews/${session.id}/moderate`);
    await page.locator("#pick-all").check();
    await page.locator('button[name="intent"][value="approveSelected"]').click();
    await page
      .getByText(translate("en", "interviews.moderation.bulkApproved", { approved: 25, alreadyHandled: 0 }))
      .waitFor();
    expect(await db.question.count({ where: { sessionId: session.id, status: "published" } })).toBe(25);
    await expect.poll(() => page.locator('input[name="questionIds"]').count()).toBe(5);
  });

  it("merges a duplicate into a question found by search", async () => {
    const { session, questions } = await sessionWithQuestions(10, "published");
    const duplicate = await db.question.create({
      data: {
        sessionId: session.id,
        askerId: world.asker.userId,
        type: "consultation",
        text: "Duplicate about the bus stop near block 6",
        searchText: "duplicate about the bus stop near block 6",
        status: "pending",
        departmentId: world.housing.id,
        firstReplyDueAt: new Date(Date.now() - MINUTE),
        resolutionDueAt: new Date(Date.now() + 60 * MINUTE),
      },
    });
    const kept = questions.find((question) => question.text.includes("bus stop near block 6"))!;
    const page = await pageOf(world.moderator, `/interviews/${session.id}/moderate`);
    await page.getByText(translate("en", "interviews.moderation.merge")).first().click();
    await page.locator(`#into-search-${duplicate.id}`).fill("block 6");
    await page.locator(`#into-search-${duplicate.id}`).press("Enter");
    await page.locator(`#into-${duplicate.id}-${kept.id}`).check();
    await page.locator('button[name="intent"][value="merge"]').click();
    await expect.poll(() => statusOf(duplicate.id)).toBe("merged");
    expect((await db.question.findUniqueOrThrow({ where: { id: duplicate.id } })).mergedIntoId).toBe(kept.id);
  });
});

describe("the resident's page of a session of 200 questions", () => {
  const cardsOf = (html: string) => [...html.matchAll(/<article[^>]*id="q-([^"]+)"/g)].map((match) => match[1]!);

  it("shows 30 questions and a link to show more, which works without JavaScript", async () => {
    const { session } = await sessionWithQuestions(200, "published");
    const html = await (await open(world.asker, `/interviews/${session.id}`)).text();
    expect(cardsOf(html)).toHaveLength(30);
    expect(html).toContain(translate("en", "interviews.questions.showMore", { shown: 30, total: 200 }));
    expect(html).toContain(`?sort=votes&amp;shown=60`);
    const more = await (await open(world.asker, `/interviews/${session.id}?sort=votes&shown=60`)).text();
    expect(cardsOf(more)).toHaveLength(60);
    expect(cardsOf(more).slice(0, 30)).toEqual(cardsOf(html));
    const all = await (await open(world.asker, `/interviews/${session.id}?shown=210`)).text();
    expect(cardsOf(all)).toHaveLength(200);
    expect(all).not.toContain(translate("en", "interviews.questions.showMore", { shown: 210, total: 200 }));
  });

  it("has a transcript: the answered questions in the order they were answered, linked from the session page", async () => {
    const { session, questions } = await sessionWithQuestions(10, "published");
    const official = await newOfficial(world.housing.id);
    const order = [questions[6]!, questions[2]!, questions[8]!];
    for (const [n, question] of order.entries()) {
      const response = await submit(official, `/interviews/${session.id}/console`, {
        intent: "answer",
        questionId: question.id,
        text: `Answer number ${n + 1}`,
        submissionKey: randomBytes(18).toString("base64url"),
      });
      expect(response.status).toBe(302);
    }
    const page = await (await open(world.asker, `/interviews/${session.id}`)).text();
    expect(page).toContain(`href="/interviews/${session.id}/transcript"`);
    const transcript = await (await open(world.asker, `/interviews/${session.id}/transcript`)).text();
    const positions = order.map((question) => transcript.indexOf(question.text));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(transcript).toContain("Answer number 2");
    expect(transcript).not.toContain(questions[0]!.text);
    const zh = await (await open(world.asker, `/interviews/${session.id}/transcript`, "zh-CN")).text();
    expect(zh).toContain(translate("zh-CN", "interviews.transcript.title"));
  });
});

describe("the resident's page with JavaScript, in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it("keeps its order while votes arrive, offers new questions behind a button, and announces a new answer once", async () => {
    const { session, questions } = await sessionWithQuestions(12, "published");
    const context = await browser.newContext({ locale: "en" });
    const page = await context.newPage();
    await page.goto(`${base}/interviews/${session.id}`);
    await page.waitForFunction(
      () => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized,
    );
    await page.locator('.live-status[data-state="live"]').waitFor();
    const firstCards = () => page.locator("article.question").evaluateAll((cards) => cards.map((card) => card.id));
    const before = await firstCards();

    // A resident votes for the last question: its count changes in place, the order does not.
    const last = before[before.length - 1]!.replace(/^q-/, "");
    const voter = await newResident();
    expect(
      (await submit(voter, `/interviews/${session.id}`, { intent: "vote", vote: "add", questionId: last })).status,
    ).toBe(302);
    await expect.poll(() => page.locator(`#q-${last} .vote-count`).innerText(), { timeout: 10_000 }).toBe("1 vote");
    expect(await firstCards()).toEqual(before);

    // A new question is published: the page offers it instead of inserting it.
    const moderator = world.moderator;
    const waiting = await db.question.create({
      data: {
        sessionId: session.id,
        askerId: world.asker.userId,
        type: "suggestion",
        text: "Please add a bench at the bus stop",
        searchText: "please add a bench at the bus stop",
        status: "pending",
        departmentId: world.housing.id,
        firstReplyDueAt: new Date(Date.now() + MINUTE),
        resolutionDueAt: new Date(Date.now() + 60 * MINUTE),
      },
    });
    expect(
      (await submit(moderator, `/interviews/${session.id}/moderate`, { intent: "approve", questionId: waiting.id }))
        .status,
    ).toBe(302);
    const offer = page.getByRole("button", {
      name: translate("en", "interviews.questions.newQuestions", { count: 1 }),
    });
    await offer.waitFor();
    expect(await firstCards()).toEqual(before);
    await offer.click();
    await page.locator(`#q-${waiting.id}`).waitFor();
    await expect.poll(() => offer.count()).toBe(0);

    // An official answers: the one polite region says so.
    const official = await newOfficial(world.housing.id);
    const answered = questions[4]!;
    expect(
      (
        await submit(official, `/interviews/${session.id}/console`, {
          intent: "answer",
          questionId: answered.id,
          text: "Next week.",
          submissionKey: randomBytes(18).toString("base64url"),
        })
      ).status,
    ).toBe(302);
    const region = page.locator('[data-testid="answer-announcement"]');
    await expect
      .poll(() => region.innerText(), { timeout: 10_000 })
      .toBe(translate("en", "interviews.questions.newAnswer", { text: answered.text.slice(0, 80) }));
    expect(await region.getAttribute("aria-live")).toBe("polite");
    // One region for the whole page: no card announces itself (a vote would speak once per card).
    expect(await page.locator('article [aria-live="polite"], article [aria-live="assertive"]').count()).toBe(0);
    await context.close();
  });
});
