// The host's desk of a session of 200 long questions (Chengdu receives 150–200 a session, many
// of them paragraphs): the queue is whole, the published questions come a page at a time or by
// searching their words, and the page a host's phone downloads stays under 300 KB (decision
// 0045). Through the real server, as a browser without JavaScript reads and posts it.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newDepartment, newResident, newWithRole, type Person } from "./helpers";
import { peopleOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));
const { open, submit } = peopleOverHttp(() => base);

const MINUTE = 60_000;
const COUNT = 200;
const unique = () => randomBytes(4).toString("hex");
/** The published questions' lines on a desk page, in the order shown. */
const linesOf = (html: string) => [...html.matchAll(/<li[^>]*id="q-([^"]+)"/g)].map((match) => match[1]!);
const queueOf = (html: string) => [...html.matchAll(/<li[^>]*data-question-id="([^"]+)"/g)].map((match) => match[1]!);

let world: { session: { id: string }; byVotes: string[]; texts: Map<string, string>; moderator: Person };

beforeAll(async () => {
  const admin = await newAdministrator();
  const housing = await newDepartment("Housing");
  const asker = await newResident();
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
  // 500 characters each, in Chinese (three bytes each in UTF-8), as residents write them; question i has i votes.
  const filler = "小区门口的公交站台没有遮雨棚，老人和孩子下雨天等车很不方便，希望有关部门尽快改造。";
  const data = Array.from({ length: COUNT }, (_, i) => {
    const head = `第${i}号问题 q${String(i).padStart(3, "0")}x${unique()} `;
    const text = (head + filler.repeat(20)).slice(0, 500);
    return {
      sessionId: session.id,
      askerId: asker.userId,
      type: "suggestion",
      text,
      searchText: text.toLowerCase(),
      status: "published",
      publishedAt: new Date(now - 20 * MINUTE),
      departmentId: housing.id,
      voteCount: i,
      receivedAt: new Date(now - 25 * MINUTE + i * 1000),
      firstReplyDueAt: new Date(now + 60 * MINUTE),
      resolutionDueAt: new Date(now + 120 * MINUTE),
    };
  });
  await db.question.createMany({ data });
  const rows = await db.question.findMany({ where: { sessionId: session.id }, orderBy: { voteCount: "desc" } });
  world = {
    session,
    byVotes: rows.map((row) => row.id),
    texts: new Map(rows.map((row) => [row.id, row.text])),
    moderator: await newWithRole("moderator"),
  };
}, 60_000);

describe("the host's desk of a session of 200 long questions", () => {
  it("stays under 300 KB with a whole queue of 20, and shows the published questions 25 at a time, most votes first", async () => {
    const { session, byVotes, moderator } = world;
    // Twenty questions starred: the queue is never paged, the host runs the session from it.
    const queued = byVotes.slice(100, 120);
    for (const [index, id] of queued.entries())
      await db.question.update({ where: { id }, data: { queuePosition: index + 1 } });

    const response = await open(moderator, `/interviews/${session.id}/desk`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(Buffer.byteLength(html, "utf8")).toBeLessThan(300_000);
    expect(queueOf(html)).toEqual(queued);
    expect(linesOf(html)).toEqual(byVotes.slice(0, 25));
    expect(html).toContain(i18nextFor("en").t("interviews.desk.published", { count: COUNT }));
    expect(html).toContain(i18nextFor("en").t("pagination.position", { page: 1, pageCount: 8 }));

    // The last page has the question with the fewest votes.
    const last = await (await open(moderator, `/interviews/${session.id}/desk?page=8`)).text();
    expect(linesOf(last)).toEqual(byVotes.slice(175));
    expect(Buffer.byteLength(last, "utf8")).toBeLessThan(300_000);
  });

  it("finds a question on any page by its words, and says when none has them", async () => {
    const { session, byVotes, texts, moderator } = world;
    const wanted = byVotes[190]!;
    const word = /q\d{3}x[0-9a-f]{8}/.exec(texts.get(wanted)!)![0];
    const found = await (await open(moderator, `/interviews/${session.id}/desk?q=${word.toUpperCase()}`)).text();
    expect(linesOf(found)).toEqual([wanted]);
    expect(found).toContain(i18nextFor("en").t("interviews.desk.matching", { count: 1, q: word.toUpperCase() }));
    const none = await (await open(moderator, `/interviews/${session.id}/desk?q=nothing-like-this`, "zh-CN")).text();
    expect(linesOf(none)).toEqual([]);
    expect(none).toContain(i18nextFor("zh-CN").t("interviews.desk.noMatch"));
  });

  it("stars a question from page 3 without JavaScript and comes back to page 3", async () => {
    const { session, byVotes, moderator } = world;
    const page = await (await open(moderator, `/interviews/${session.id}/desk?page=3`)).text();
    // The forms of the page post to its own address, page included.
    expect(page).toContain(`action="/interviews/${session.id}/desk?page=3"`);
    const wanted = byVotes[60]!;
    expect(linesOf(page)).toContain(wanted);
    const response = await submit(moderator, `/interviews/${session.id}/desk?page=3`, {
      intent: "queue",
      questionId: wanted,
      move: "add",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/interviews/${session.id}/desk?page=3`);
    expect((await db.question.findUniqueOrThrow({ where: { id: wanted } })).queuePosition).not.toBeNull();
  });
});
