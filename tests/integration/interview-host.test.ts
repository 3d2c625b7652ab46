// The host's side of a live interview (issue 17 item 4, decision 0040): the "next up" queue and
// the current question, the hall screen and who may frame it, hiding a question and publishing it
// again, the stream link and the minutes, and answers credited to the guest who gave them.
// Through the real server, as a browser without JavaScript posts its forms.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { sessionTopic } from "~/features/interviews/events.server";
import { listQuestionRecords } from "~/features/interviews/records.server";
import { computeStatistics } from "~/features/interviews/statistics";
import { i18nextFor } from "~/i18n/i18next.server";
import { builtServices } from "../../server";
import { newAdministrator, newDepartment, newOfficial, newResident, newWithRole, type Person } from "./helpers";
import { asHtml, expectRefusalIn, peopleOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const MINUTE = 60_000;
const unique = () => randomBytes(4).toString("hex");
type Language = "en" | "zh-CN";
const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);

let world: {
  admin: Person;
  moderator: Person;
  housing: { id: string };
  water: { id: string };
  host: Person;
  outsider: Person;
  resident: Person;
  asker: Person;
};

beforeAll(async () => {
  const housing = await newDepartment("Housing");
  const water = await newDepartment("Water");
  world = {
    admin: await newAdministrator(),
    moderator: await newWithRole("moderator"),
    housing,
    water,
    host: await newOfficial(housing.id),
    outsider: await newOfficial(water.id),
    resident: await newResident(),
    asker: await newResident(),
  };
});

const savedEnv = { screen: process.env.SCREEN_EMBED_ORIGINS, stream: process.env.STREAM_EMBED_ORIGINS };
afterAll(() => {
  for (const [name, value] of [
    ["SCREEN_EMBED_ORIGINS", savedEnv.screen],
    ["STREAM_EMBED_ORIGINS", savedEnv.stream],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

/** A session hosted by the housing department, live (or ended), with `count` published questions. */
async function newSession(
  count: number,
  options: { ended?: boolean; guests?: Array<{ name: string; title: string }> } = {},
) {
  const now = Date.now();
  const session = await db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "Housing",
      premoderated: true,
      allowAnonymous: true,
      createdById: world.admin.userId,
      startsAt: new Date(now - (options.ended ? 180 : 30) * MINUTE),
      endsAt: new Date(now + (options.ended ? -60 : 90) * MINUTE),
      hosts: { create: [{ departmentId: world.housing.id }] },
      guests: { create: (options.guests ?? []).map((guest, position) => ({ ...guest, position })) },
    },
  });
  const tag = unique();
  const questions = [];
  for (let i = 0; i < count; i++) {
    const text = `Question ${i} ${tag} about the lift in block ${i}`;
    questions.push(
      await db.question.create({
        data: {
          sessionId: session.id,
          askerId: world.asker.userId,
          type: "consultation",
          text,
          searchText: text.toLowerCase(),
          status: "published",
          publishedAt: new Date(now),
          departmentId: world.housing.id,
          receivedAt: new Date(now - i * 1000),
          firstReplyDueAt: new Date(now + 600 * MINUTE),
          resolutionDueAt: new Date(now + 900 * MINUTE),
        },
      }),
    );
  }
  return { session, questions };
}

const { open, submit } = peopleOverHttp(() => base);
const desk = (sessionId: string) => `/interviews/${sessionId}/desk`;
const queueMove = (person: Person, sessionId: string, questionId: string, move: string) =>
  submit(person, desk(sessionId), { intent: "queue", questionId, move });
/** The queue's question ids, as the desk page lists them. */
const queueOnDesk = (html: string) => {
  const list = html.match(/data-testid="queue"[\s\S]*?<\/ol>/)?.[0] ?? "";
  return [...list.matchAll(/data-question-id="([^"]+)"/g)].map((match) => match[1]);
};
/** The question ids the console lists under "Next up", in order. */
const queueOnConsole = (html: string) => {
  const list = html.match(/data-testid="console-queue"[\s\S]*?<\/ol>/)?.[0] ?? "";
  return [...list.matchAll(/\?question=([^"&]+)"/g)].map((match) => match[1]);
};

describe("the hosts' queue", () => {
  it("lets a moderator and a host star questions, reorder them and mark the current one; officials see it in the console", async () => {
    const { session, questions } = await newSession(4);
    const [a, b, c, d] = questions;
    expect((await queueMove(world.moderator, session.id, a.id, "add")).status).toBe(302);
    expect((await queueMove(world.host, session.id, b.id, "add")).status).toBe(302);
    expect((await queueMove(world.moderator, session.id, c.id, "add")).status).toBe(302);
    expect(queueOnDesk(await (await open(world.host, desk(session.id))).text())).toEqual([a.id, b.id, c.id]);

    // Keyboard-usable buttons, one form each: move c up, then a down.
    expect((await queueMove(world.host, session.id, c.id, "up")).status).toBe(302);
    expect((await queueMove(world.moderator, session.id, a.id, "down")).status).toBe(302);
    expect(queueOnDesk(await (await open(world.moderator, desk(session.id))).text())).toEqual([c.id, a.id, b.id]);
    // The first cannot move up, a question cannot be queued twice: refused with a message, nothing changes.
    await expectRefusalIn(
      await queueMove(world.host, session.id, c.id, "up"),
      "en",
      "interviews.errors.queueUnchanged",
    );
    await expectRefusalIn(
      await submit(world.host, desk(session.id), { intent: "queue", questionId: a.id, move: "add" }, "zh-CN"),
      "zh-CN",
      "interviews.errors.queueUnchanged",
    );

    // Marking one current takes it out of the queue and shows it as being answered.
    expect((await queueMove(world.host, session.id, c.id, "current")).status).toBe(302);
    const deskPage = await (await open(world.host, desk(session.id))).text();
    expect(queueOnDesk(deskPage)).toEqual([a.id, b.id]);
    expect((await db.interviewSession.findUniqueOrThrow({ where: { id: session.id } })).currentQuestionId).toBe(c.id);
    expect((await db.question.findUniqueOrThrow({ where: { id: c.id } })).answeringAt).not.toBeNull();

    // An official of the responsible department sees the queue and the current question in the console.
    const consolePage = await (await open(world.host, `/interviews/${session.id}/console`)).text();
    expect(queueOnConsole(consolePage)).toEqual([a.id, b.id]);
    expect(consolePage).toContain(asHtml(translate("en", "interviews.console.current", { text: c.text })));
    expect(d).toBeDefined();
  });

  it("keeps one order when hosts press at once: every queued question has its own place", async () => {
    const { session, questions } = await newSession(6);
    const responses = await Promise.all(
      questions.map((question, i) => queueMove(i % 2 ? world.host : world.moderator, session.id, question.id, "add")),
    );
    expect(responses.map((response) => response.status)).toEqual(questions.map(() => 302));
    const positions = (
      await db.question.findMany({ where: { sessionId: session.id }, select: { queuePosition: true } })
    ).map((row) => row.queuePosition);
    expect(positions.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    await Promise.all([
      queueMove(world.host, session.id, questions[5].id, "up"),
      queueMove(world.moderator, session.id, questions[0].id, "down"),
      queueMove(world.host, session.id, questions[2].id, "remove"),
    ]);
    const after = (await db.question.findMany({ where: { sessionId: session.id, queuePosition: { not: null } } })).map(
      (row) => row.queuePosition,
    );
    expect(after.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("stays workable with 200 published questions: the desk is one small line per question, under 300 KB", async () => {
    const { session } = await newSession(0);
    const now = Date.now();
    await db.question.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        sessionId: session.id,
        askerId: world.asker.userId,
        type: "consultation",
        text: `A question of about a hundred characters on the lift, the bus stop and the noise near block ${i} ${unique()}`,
        status: "published",
        publishedAt: new Date(now),
        voteCount: i,
        departmentId: world.housing.id,
        receivedAt: new Date(now - i * 1000),
        firstReplyDueAt: new Date(now + 600 * MINUTE),
        resolutionDueAt: new Date(now + 900 * MINUTE),
      })),
    });
    const response = await open(world.moderator, desk(session.id));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(asHtml(translate("en", "interviews.desk.published", { count: 200 })));
    expect(Buffer.byteLength(html)).toBeLessThan(300_000);
  });

  it("refuses residents, visitors and officials of departments that do not host the session", async () => {
    const { session, questions } = await newSession(1);
    for (const person of [world.resident, world.outsider]) {
      expect((await open(person, desk(session.id))).status).toBe(403);
      expect((await queueMove(person, session.id, questions[0].id, "add")).status).toBe(403);
    }
    const visitor = await fetch(`${base}${desk(session.id)}`, { redirect: "manual" });
    expect(visitor.status).toBe(302);
    expect((await db.question.findUniqueOrThrow({ where: { id: questions[0].id } })).queuePosition).toBeNull();
    // A question of another session is not this session's to queue.
    const other = await newSession(1);
    await expectRefusalIn(
      await queueMove(world.moderator, session.id, other.questions[0].id, "add"),
      "en",
      "interviews.errors.noSuchQuestion",
    );
  });

  it("goes out live: a page following the session hears of each change to the queue and the current question", async () => {
    const { session, questions } = await newSession(2);
    const serverLive = (await builtServices()).live;
    const after = await serverLive.lastEventId();
    await queueMove(world.moderator, session.id, questions[0].id, "add");
    await queueMove(world.moderator, session.id, questions[1].id, "current");
    const stream = await fetch(`${base}/live?topic=${sessionTopic(session.id)}&after=${after}`, {
      headers: { Accept: "text/event-stream" },
    });
    const reader = stream.body!.getReader();
    let received = "";
    while (!received.includes("event: current")) received += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(received).toContain("event: queue");
    expect(received).toContain(questions[1].id);
  });
});

describe("the hall screen", () => {
  it("shows the current question and its answer in large type, both languages' labels, no site controls", async () => {
    const guests = [{ name: "王明", title: "住房和城乡建设局局长" }];
    const { session, questions } = await newSession(2, { guests });
    const screen = `/interviews/${session.id}/screen`;
    const empty = await (await open(null, screen)).text();
    expect(empty).toContain(asHtml(translate("zh-CN", "interviews.screen.waiting")));
    expect(empty).toContain(asHtml(translate("en", "interviews.screen.waiting")));
    expect(empty).not.toContain('id="main-nav"');
    expect(empty).not.toMatch(/<form/);
    // Without script, the screen reloads itself.
    expect(empty).toMatch(/<noscript><meta http-equiv="refresh" content="15"\/?><\/noscript>/);

    await queueMove(world.host, session.id, questions[1].id, "current");
    const answer = `The lift will be repaired by Friday ${unique()}.`;
    const answered = await submit(world.host, `/interviews/${session.id}/console?question=${questions[1].id}`, {
      intent: "answer",
      questionId: questions[1].id,
      text: answer,
      guest: "0",
      submissionKey: `key-${unique()}-${unique()}-${unique()}`,
    });
    expect(answered.status).toBe(302);
    const page = await (await open(null, screen, "zh-CN")).text();
    expect(page).toContain(asHtml(questions[1].text));
    // Still on screen after the answer: the hall reads the answer under its question.
    expect(page).toContain(asHtml(answer));
    expect(page).toContain("王明");
    expect(page).toContain(asHtml(translate("zh-CN", "interviews.screen.question")));
    expect(page).toContain(asHtml(translate("en", "interviews.screen.question")));
    expect(page).not.toContain(asHtml(questions[0].text));
    expect(page).toContain(session.titleZh);
    expect(page).toContain(session.titleEn);
  });

  it("may be framed by the forum itself and the origins the installation lists; other pages by nobody", async () => {
    const { session } = await newSession(0);
    process.env.SCREEN_EMBED_ORIGINS = "https://tv.example.gov.cn, https://news.example.cn/ not-an-origin";
    const screen = await open(null, `/interviews/${session.id}/screen`);
    const csp = screen.headers.get("content-security-policy")!;
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/tv\.example\.gov\.cn https:\/\/news\.example\.cn(;|$)/);
    expect(csp).not.toContain("not-an-origin");
    expect(screen.headers.get("x-frame-options")).toBeNull();
    const sessionPage = await open(null, `/interviews/${session.id}`);
    expect(sessionPage.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(sessionPage.headers.get("x-frame-options")).not.toBeNull();
    delete process.env.SCREEN_EMBED_ORIGINS;
    const alone = (await open(null, `/interviews/${session.id}/screen`)).headers.get("content-security-policy")!;
    expect(alone).toMatch(/frame-ancestors 'self'(;|$)/);
    expect((await open(null, `/interviews/no-such-session/screen`)).status).toBe(404);
  });
});

describe("hiding a question and publishing it again", () => {
  it("keeps its votes, takes it off the page, the queue, the screen and the replay, and never tells the asker 'rejected'", async () => {
    const { session, questions } = await newSession(2);
    const [question] = questions;
    const voters = [world.resident, await newResident(), await newResident()];
    for (const voter of voters)
      expect(
        (await submit(voter, `/interviews/${session.id}`, { intent: "vote", questionId: question.id, vote: "add" }))
          .status,
      ).toBe(302);
    await queueMove(world.moderator, session.id, question.id, "add");
    await queueMove(world.moderator, session.id, question.id, "current");
    // Answered before it is hidden: the live stream carried its text with the answer.
    const serverLive = (await builtServices()).live;
    const after = await serverLive.lastEventId();
    const answered = await submit(world.host, `/interviews/${session.id}/console?question=${question.id}`, {
      intent: "answer",
      questionId: question.id,
      text: `An answer ${unique()}`,
      submissionKey: `key-${unique()}-${unique()}-${unique()}`,
    });
    expect(answered.status).toBe(302);
    expect(JSON.stringify(await serverLive.eventsAfter(sessionTopic(session.id), after))).toContain(question.text);
    const noticesBefore = await db.notification.count({ where: { userId: world.asker.userId } });

    expect((await submit(world.moderator, desk(session.id), { intent: "hide", questionId: question.id })).status).toBe(
      302,
    );
    const row = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(row.status).toBe("hidden");
    expect(row.voteCount).toBe(3);
    expect(await db.questionVote.count({ where: { questionId: question.id } })).toBe(3);
    expect(row.rejectionReason).toBeNull();
    expect(await db.notification.count({ where: { userId: world.asker.userId } })).toBe(noticesBefore);
    expect(await (await open(null, `/interviews/${session.id}`)).text()).not.toContain(asHtml(question.text));
    expect(await (await open(null, `/interviews/${session.id}/screen`)).text()).not.toContain(asHtml(question.text));
    const replay = (await serverLive.eventsAfter(sessionTopic(session.id), after))!;
    expect(JSON.stringify(replay.map((event) => event.data))).not.toContain(question.text);
    expect(replay.some((event) => event.type === "removed")).toBe(true);
    // The asker reads that it is hidden for now, not that it was rejected.
    const askerPage = await (await open(world.asker, `/interviews/${session.id}`)).text();
    expect(askerPage).toContain(asHtml(translate("en", "interviews.questions.hidden")));
    expect(askerPage).not.toContain(asHtml(translate("en", "interviews.questions.rejected", { reason: "" })));
    // Off the page, not off the books: the department's due list still holds its broken promise.
    await db.question.update({
      where: { id: question.id },
      data: { firstReplyDueAt: new Date(Date.now() - MINUTE), resolutionDueAt: new Date(Date.now() - MINUTE) },
    });
    const due = await (await open(world.host, "/interviews/due")).text();
    expect(due.slice(due.indexOf('id="overdue"'), due.indexOf('id="due-soon"'))).toContain(asHtml(question.text));

    expect(
      (await submit(world.moderator, desk(session.id), { intent: "republish", questionId: question.id })).status,
    ).toBe(302);
    const back = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(back.status).toBe("published");
    expect(back.voteCount).toBe(3);
    const publicPage = await (await open(null, `/interviews/${session.id}`)).text();
    expect(publicPage).toContain(asHtml(question.text));
    // A voter's vote still counts as theirs: voting again is refused as already voted.
    const again = await submit(world.resident, `/interviews/${session.id}`, {
      intent: "vote",
      questionId: question.id,
      vote: "add",
    });
    expect(again.status).toBe(400);
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).voteCount).toBe(3);

    const audit = await db.auditEntry.findMany({
      where: { targetId: question.id, action: { in: ["question.hide", "question.republish"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
      ["question.hide", world.moderator.userId],
      ["question.republish", world.moderator.userId],
    ]);
  });

  it("counts a hidden question's broken promise like a published one's, and keeps its text out of the open data", async () => {
    const { session, questions } = await newSession(2);
    await db.question.update({
      where: { id: questions[0].id },
      data: { firstReplyDueAt: new Date(Date.now() - MINUTE), resolutionDueAt: new Date(Date.now() - MINUTE) },
    });
    expect(
      (await submit(world.moderator, desk(session.id), { intent: "hide", questionId: questions[0].id })).status,
    ).toBe(302);
    const records = await listQuestionRecords({ sessionId: session.id });
    const statistics = computeStatistics(records, new Date());
    expect([statistics.hidden, statistics.published, statistics.firstReplyOverdue, statistics.unanswered]).toEqual([
      1, 1, 1, 2,
    ]);
    expect(records.find((record) => record.id === questions[0].id)?.text).toBeNull();
  });

  it("is for moderators: a host official may not hide residents' questions, and a double press hides once", async () => {
    const { session, questions } = await newSession(1);
    await expectRefusalIn(
      await submit(world.host, desk(session.id), { intent: "hide", questionId: questions[0].id }),
      "en",
      "interviews.errors.notModerator",
    );
    expect((await db.question.findUniqueOrThrow({ where: { id: questions[0].id } })).status).toBe("published");
    const [first, second] = await Promise.all([
      submit(world.moderator, desk(session.id), { intent: "hide", questionId: questions[0].id }),
      submit(world.moderator, desk(session.id), { intent: "hide", questionId: questions[0].id }),
    ]);
    expect([first.status, second.status].sort()).toEqual([302, 400]);
    expect(await db.auditEntry.count({ where: { targetId: questions[0].id, action: "question.hide" } })).toBe(1);
  });
});

describe("the stream link and the minutes", () => {
  const editFields = (session: { titleZh: string; titleEn: string }, streamUrl: string) => ({
    titleZh: session.titleZh,
    titleEn: session.titleEn,
    summaryZh: "",
    summaryEn: "",
    topic: "Housing",
    departmentIds: world.housing.id,
    guests: "",
    startsAt: "2026-01-01T10:00",
    endsAt: "",
    premoderated: "on",
    allowAnonymous: "on",
    replyWorkingDays: "3",
    streamUrl,
  });

  it("takes a stream address on the session form, refuses anything but a web address, and shows it on the session page", async () => {
    const { session } = await newSession(0);
    const edit = `/interviews/${session.id}/edit`;
    // A live session's start is history: the form sends the start it has.
    const startsAt = (await (await open(world.host, edit)).text()).match(/name="startsAt"[^>]*value="([^"]+)"/)?.[1];
    for (const bad of ["javascript:alert(1)", "ftp://example.org/x", "https://user:secret@example.org/live"]) {
      await expectRefusalIn(
        await submit(world.host, edit, { ...editFields(session, bad), startsAt: startsAt!, intent: "update" }, "zh-CN"),
        "zh-CN",
        "interviews.errors.streamUrl",
      );
    }
    expect((await db.interviewSession.findUniqueOrThrow({ where: { id: session.id } })).streamUrl).toBe("");
    const link = `https://video.example.cn/live/${unique()}`;
    const saved = await submit(world.host, edit, {
      ...editFields(session, link),
      startsAt: startsAt!,
      intent: "update",
    });
    expect(saved.status).toBe(302);
    delete process.env.STREAM_EMBED_ORIGINS;
    const page = await (await open(null, `/interviews/${session.id}`)).text();
    expect(page).toContain(`href="${link}"`);
    expect(page).not.toContain("<iframe");
    // Embedded only from a service the installation allows, and the policy lets the frame load.
    process.env.STREAM_EMBED_ORIGINS = "https://video.example.cn";
    const embedded = await open(null, `/interviews/${session.id}`);
    expect(await embedded.text()).toContain(`<iframe class="stream-frame" src="${link}"`);
    expect(embedded.headers.get("content-security-policy")).toMatch(/frame-src 'self' https:\/\/video\.example\.cn/);
    delete process.env.STREAM_EMBED_ORIGINS;
  });

  it("publishes the hosts' minutes on the session page once the session has ended, and only from its hosts", async () => {
    const live = await newSession(0);
    await expectRefusalIn(
      await submit(world.host, desk(live.session.id), { intent: "minutes", minutesZh: "纪要", minutesEn: "" }),
      "en",
      "interviews.errors.minutesBeforeEnd",
    );
    const { session } = await newSession(0, { ended: true });
    await expectRefusalIn(
      await submit(world.host, desk(session.id), { intent: "minutes", minutesZh: " ", minutesEn: "" }, "zh-CN"),
      "zh-CN",
      "interviews.errors.minutesEmpty",
    );
    // A moderator runs the queue but does not write the hosts' minutes; an outsider has no desk.
    await expectRefusalIn(
      await submit(world.moderator, desk(session.id), { intent: "minutes", minutesZh: "纪要", minutesEn: "" }),
      "en",
      "interviews.errors.notHost",
    );
    expect(
      (await submit(world.outsider, desk(session.id), { intent: "minutes", minutesZh: "纪要", minutesEn: "" })).status,
    ).toBe(403);
    const minutesZh = `本次访谈共回答问题 12 个，其余问题将在三个工作日内答复。${unique()}`;
    const minutesEn = `Twelve questions were answered live; the rest within three working days. ${unique()}`;
    expect((await submit(world.host, desk(session.id), { intent: "minutes", minutesZh, minutesEn })).status).toBe(302);
    expect(await (await open(null, `/interviews/${session.id}`, "zh-CN")).text()).toContain(minutesZh);
    const en = await (await open(null, `/interviews/${session.id}`, "en")).text();
    expect(en).toContain(asHtml(minutesEn));
    expect(en).toContain(asHtml(translate("en", "interviews.minutes.title")));
    expect(await db.auditEntry.count({ where: { targetId: session.id, action: "interview.minutes" } })).toBe(1);
  });
});

describe("answers credited to the guest who gave them", () => {
  it("shows the guest on the page and the transcript, and keeps the official who typed it in the audit log", async () => {
    const guests = [
      { name: "李华", title: "水务局副局长" },
      { name: "Zhang Wei", title: "Director of Housing" },
    ];
    const { session, questions } = await newSession(2, { guests });
    const console = (id: string) => `/interviews/${session.id}/console?question=${id}`;
    const key = () => `key-${unique()}-${unique()}-${unique()}`;
    const text = `Zhang Wei's answer ${unique()}`;
    expect(
      (
        await submit(world.host, console(questions[0].id), {
          intent: "answer",
          questionId: questions[0].id,
          text,
          guest: "1",
          submissionKey: key(),
        })
      ).status,
    ).toBe(302);
    const answer = await db.answer.findFirstOrThrow({ where: { questionId: questions[0].id } });
    expect([answer.guestName, answer.guestTitle, answer.authorId]).toEqual([
      "Zhang Wei",
      "Director of Housing",
      world.host.userId,
    ]);
    const page = await (await open(null, `/interviews/${session.id}`)).text();
    expect(page).toContain("Zhang Wei, Director of Housing");
    const transcript = await (await open(null, `/interviews/${session.id}/transcript`)).text();
    expect(transcript).toContain("Zhang Wei, Director of Housing");
    const [entry] = await db.auditEntry.findMany({
      where: { targetId: questions[0].id, action: "question.answerForGuest" },
    });
    expect(entry.actorId).toBe(world.host.userId);
    expect(JSON.parse(entry.detail!)).toMatchObject({ guest: "Zhang Wei" });
    const audit = await (await open(world.admin, "/admin/audit")).text();
    expect(audit).toContain("Typed the answer of Zhang Wei to the question");

    // Left empty, the answer is the official's own; a guest who is not on the list is refused.
    await expectRefusalIn(
      await submit(world.host, console(questions[1].id), {
        intent: "answer",
        questionId: questions[1].id,
        text: "Nobody",
        guest: "7",
        submissionKey: key(),
      }),
      "en",
      "validation.choose",
    );
    expect(await db.answer.count({ where: { questionId: questions[1].id } })).toBe(0);
    expect(
      (
        await submit(world.host, console(questions[1].id), {
          intent: "answer",
          questionId: questions[1].id,
          text: `My own answer ${unique()}`,
          guest: "",
          submissionKey: key(),
        })
      ).status,
    ).toBe(302);
    const own = await db.answer.findFirstOrThrow({ where: { questionId: questions[1].id } });
    expect(own.guestName).toBeNull();
    expect(await db.auditEntry.count({ where: { targetId: questions[1].id, action: "question.answer" } })).toBe(1);
  });
});
