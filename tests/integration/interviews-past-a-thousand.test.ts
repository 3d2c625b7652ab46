// A session with more than 1,000 published questions (Binzhou answered over 5,100 in 161
// sessions; a city-wide session can pass 1,000): every question is reachable on the resident's
// page, the transcript, the hall screen and the console, not only the first thousand
// (decision 0045). Through the real server, as a browser without JavaScript reads the pages.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { listDuePromises } from "~/features/interviews/answers.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newDepartment, newOfficial, newResident, type Person } from "./helpers";
import { peopleOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));
const { open, submit } = peopleOverHttp(() => base);

const MINUTE = 60_000;
const COUNT = 1_050;
const unique = () => randomBytes(4).toString("hex");
const cardsOf = (html: string) => [...html.matchAll(/<article[^>]*id="q-([^"]+)"/g)].map((match) => match[1]!);

let world: { session: { id: string }; ids: string[]; texts: string[]; official: Person; reader: Person };

beforeAll(async () => {
  const admin = await newAdministrator();
  const housing = await newDepartment("Housing");
  const now = Date.now();
  const session = await db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      createdById: admin.userId,
      startsAt: new Date(now - 30 * MINUTE),
      endsAt: new Date(now + 90 * MINUTE),
      hosts: { create: [{ departmentId: housing.id }] },
    },
  });
  const tag = unique();
  const reader = await newResident();
  // Question i was received i seconds after the first: without votes, "most votes" is oldest first.
  const texts = Array.from({ length: COUNT }, (_, i) => `Question ${String(i + 1).padStart(4, "0")} ${tag}`);
  await db.question.createMany({
    data: texts.map((text, i) => ({
      sessionId: session.id,
      askerId: reader.userId,
      type: "consultation",
      text,
      searchText: text.toLowerCase(),
      status: "published",
      publishedAt: new Date(now - 20 * MINUTE),
      departmentId: housing.id,
      receivedAt: new Date(now - 25 * MINUTE + i * 1000),
      firstReplyDueAt: new Date(now + 60 * MINUTE),
      resolutionDueAt: new Date(now + 120 * MINUTE),
    })),
  });
  const rows = await db.question.findMany({ where: { sessionId: session.id }, orderBy: { receivedAt: "asc" } });
  world = { session, ids: rows.map((row) => row.id), texts, official: await newOfficial(housing.id), reader };
}, 60_000);

describe("a session of more than 1,000 published questions", () => {
  it("reaches question 1,001 and after on the resident's page through 'show more', and counts them all", async () => {
    const { session, ids } = world;
    const first = await (await open(world.reader, `/interviews/${session.id}`)).text();
    expect(first).toContain(i18nextFor("en").t("interviews.questions.showMore", { shown: 30, total: COUNT }));

    const page = await (await open(world.reader, `/interviews/${session.id}?sort=votes&shown=1020`)).text();
    const cards = cardsOf(page);
    expect(cards).toHaveLength(1020);
    expect(cards.slice(1000)).toEqual(ids.slice(1000, 1020));
    // The next step is offered, and it shows the last question.
    expect(page).toContain(`?sort=votes&amp;shown=1050`);
    const last = await (await open(world.reader, `/interviews/${session.id}?sort=votes&shown=1050`)).text();
    expect(cardsOf(last)).toEqual(ids);
    expect(last).not.toContain(`shown=1080`);
  }, 60_000);

  it("counts all 1,050 on the statistics page and in the session's open data", async () => {
    const statistics = await open(world.reader, `/interviews/${world.session.id}/statistics`);
    expect(statistics.status).toBe(200);
    expect(await statistics.text()).toMatch(/<dt>Received<\/dt><dd>1,050<\/dd>/);
    const csv = await open(world.reader, `/interviews/${world.session.id}/questions.csv`);
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body).toContain(world.texts[1049]!);
    expect(body).toContain(world.texts[0]!);
  });

  it("shows the question being answered, number 1,048, and its banner on the first page", async () => {
    const { session, ids, official } = world;
    const marked = await submit(official, `/interviews/${session.id}/console`, {
      intent: "answering",
      questionId: ids[1047]!,
    });
    expect(marked.status).toBe(302);
    const page = await (await open(world.reader, `/interviews/${session.id}`)).text();
    expect(cardsOf(page)).toEqual([...ids.slice(0, 30), ids[1047]]);
    expect(page).toContain(`href="#q-${ids[1047]}"`);
    expect(page).toContain(i18nextFor("en").t("interviews.questions.nowAnsweringBanner", { text: world.texts[1047]! }));
  });

  it("puts the newest question, number 1,050, first when sorted by newest", async () => {
    const page = await (await open(world.reader, `/interviews/${world.session.id}?sort=newest`)).text();
    expect(cardsOf(page).slice(0, 3)).toEqual(world.ids.slice(-3).reverse());
  });

  it("shows question 1,040's answer in the transcript, question 1,045 on the hall screen, and opens 1,046 in the console", async () => {
    const { session, ids, texts, official } = world;
    const answered = await submit(official, `/interviews/${session.id}/console`, {
      intent: "answer",
      questionId: ids[1039]!,
      text: "The answer to question 1040",
      submissionKey: randomBytes(18).toString("base64url"),
    });
    expect(answered.status).toBe(302);
    const current = await submit(official, `/interviews/${session.id}/desk`, {
      intent: "queue",
      questionId: ids[1044]!,
      move: "current",
    });
    expect(current.status).toBe(302);

    const transcript = await (await open(world.reader, `/interviews/${session.id}/transcript`)).text();
    expect(transcript).toContain(texts[1039]!);
    expect(transcript).toContain("The answer to question 1040");

    const screen = await (await open(world.reader, `/interviews/${session.id}/screen`)).text();
    expect(screen).toContain(texts[1044]!);

    const console = await (await open(official, `/interviews/${session.id}/console?question=${ids[1045]}`)).text();
    expect(console).toContain(`name="questionId" value="${ids[1045]}"`);
  }, 60_000);

  it("lists every overdue question of a department on the due list, more than 1,000 of them, and the next 100", async () => {
    const admin = await newAdministrator();
    const department = await newDepartment("Water");
    const now = Date.now();
    const session = await db.interviewSession.create({
      data: {
        titleZh: `访谈 ${unique()}`,
        titleEn: `Interview ${unique()}`,
        topic: "Water",
        createdById: admin.userId,
        startsAt: new Date(now - 3 * 24 * 60 * MINUTE),
        endsAt: new Date(now - 3 * 24 * 60 * MINUTE + 120 * MINUTE),
        hosts: { create: [{ departmentId: department.id }] },
      },
    });
    // Not yet due first, the overdue ones after them: a list read in the order rows were written misses the latter.
    const question = (i: number, firstReplyDueAt: Date) => ({
      sessionId: session.id,
      type: "complaint",
      channel: "phone",
      text: `Leak ${i}`,
      searchText: `leak ${i}`,
      status: "published",
      departmentId: department.id,
      receivedAt: new Date(now - 3 * 24 * 60 * MINUTE),
      firstReplyDueAt,
      resolutionDueAt: new Date(firstReplyDueAt.getTime() + 24 * 60 * MINUTE),
    });
    await db.question.createMany({
      data: Array.from({ length: 150 }, (_, i) => question(i, new Date(now + (600 + i) * MINUTE))),
    });
    await db.question.createMany({
      data: Array.from({ length: 1_020 }, (_, i) => question(150 + i, new Date(now - (i + 1) * MINUTE))),
    });
    const due = await listDuePromises([department.id], new Date(now));
    expect(due.overdue).toHaveLength(1_020);
    expect(due.overdue[0]!.text).toBe("Leak 1169");
    expect(due.later.map((row) => row.text)).toEqual(Array.from({ length: 100 }, (_, i) => `Leak ${i}`));
  }, 60_000);
});
