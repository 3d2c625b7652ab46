// Routing new interview questions and sending back a wrongly routed one (issue 17 item 6,
// decision 0044): the asker picks a host's topic or "Not sure"; "Not sure" waits for a moderator
// instead of going to the first host; approval needs a department; a department sends a question
// back with a reason, publicly, and cannot take it out of the figures by doing so.
// Through the real server, as a browser without JavaScript posts its forms.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { listDuePromises } from "~/features/interviews/answers.server";
import { approveQuestions, reassignQuestion, sendBackQuestion } from "~/features/interviews/moderation.server";
import { listOverduePromises } from "~/features/interviews/overdue.server";
import { listQuestionRecords } from "~/features/interviews/records.server";
import { sessionSchema } from "~/features/interviews/schemas";
import { getSession, updateSession } from "~/features/interviews/sessions.server";
import { dateToWallTime } from "~/shared/wall-time";
import { computeStatistics } from "~/features/interviews/statistics";
import { i18nextFor } from "~/i18n/i18next.server";
import { newAdministrator, newDepartment, newOfficial, newResident, newWithRole, type Person } from "./helpers";
import { asHtml, expectRefusalIn, peopleOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const MINUTE = 60_000;
const unique = () => randomBytes(4).toString("hex");
const submissionKey = () => randomBytes(12).toString("hex");
type Language = "en" | "zh-CN";
const translate = (language: Language, key: string, options?: Record<string, unknown>) =>
  i18nextFor(language).t(key, options);

let world: {
  admin: Person;
  moderator: Person;
  clerk: Person;
  transport: { id: string; nameEn: string; nameZh: string };
  housing: { id: string; nameEn: string; nameZh: string };
  transportOfficial: Person;
  housingOfficial: Person;
  resident: Person;
};

beforeAll(async () => {
  const transport = await newDepartment("Transport");
  const housing = await newDepartment("Housing");
  world = {
    admin: await newAdministrator(),
    moderator: await newWithRole("moderator"),
    clerk: await newWithRole("counterStaff"),
    transport,
    housing,
    transportOfficial: await newOfficial(transport.id),
    housingOfficial: await newOfficial(housing.id),
    resident: await newResident(),
  };
});

/** A live session hosted by transport and housing (in that order), or by the given hosts. */
async function newSession(options: { premoderated?: boolean; hosts?: string[]; topics?: boolean } = {}) {
  const now = Date.now();
  const hosts = options.hosts ?? [world.transport.id, world.housing.id];
  return db.interviewSession.create({
    data: {
      titleZh: `访谈 ${unique()}`,
      titleEn: `Interview ${unique()}`,
      topic: "City services",
      premoderated: options.premoderated ?? false,
      allowAnonymous: true,
      createdById: world.admin.userId,
      startsAt: new Date(now - 30 * MINUTE),
      endsAt: new Date(now + 90 * MINUTE),
      hosts: {
        create: hosts.map((departmentId) => ({
          departmentId,
          ...(options.topics && departmentId === world.transport.id
            ? { topicEn: "Transport: buses, roads, parking", topicZh: "交通：公交、道路、停车" }
            : {}),
        })),
      },
    },
  });
}

const { cookieOf, open, submit } = peopleOverHttp(() => base);

/** Every literal piece of a sentence with a time in it (the page formats the time), in the page. */
function expectSentence(page: string, language: Language, key: string, values: Record<string, string>) {
  const marker = "\u0000";
  for (const piece of translate(language, key, { ...values, time: marker }).split(marker))
    if (piece.trim()) expect(page).toContain(asHtml(piece.trim()));
}

/** A resident asks through the session page's form; returns the stored question. */
async function ask(sessionId: string, fields: Record<string, string> = {}, person = world.resident) {
  const text = `Question ${unique()}: when is the bus stop moved?`;
  const response = await submit(person, `/interviews/${sessionId}`, {
    intent: "ask",
    type: "consultation",
    text,
    submissionKey: submissionKey(),
    ...fields,
  });
  expect(response.status).toBe(302);
  return db.question.findFirstOrThrow({ where: { sessionId, text } });
}

const moderate = (sessionId: string) => `/interviews/${sessionId}/moderate`;
const consolePath = (sessionId: string) => `/interviews/${sessionId}/console`;

describe("routing a new question", () => {
  it("offers each host's topic and 'Not sure'; a picked topic routes to that host, 'Not sure' to nobody", async () => {
    const session = await newSession({ topics: true });
    for (const language of ["en", "zh-CN"] as const) {
      const page = await (await open(world.resident, `/interviews/${session.id}`, language)).text();
      expect(page).toContain(asHtml(translate(language, "interviews.routing.topic")));
      expect(page).toContain(asHtml(translate(language, "interviews.routing.notSure")));
      // The topic in plain words where the hosts set one, the department's name where they did not.
      expect(page).toContain(asHtml(language === "en" ? "Transport: buses, roads, parking" : "交通：公交、道路、停车"));
      expect(page).toContain(asHtml(language === "en" ? world.housing.nameEn : world.housing.nameZh));
    }

    const picked = await ask(session.id, { departmentId: world.housing.id });
    expect(picked.departmentId).toBe(world.housing.id);
    // "Not sure" (the default, an empty choice) is not given to the first host: it waits to be routed.
    const notSure = await ask(session.id, { departmentId: "" });
    expect(notSure.departmentId).toBeNull();
    expect((await ask(session.id)).departmentId).toBeNull();
    // Its clock runs all the same.
    expect(notSure.firstReplyDueAt.getTime()).toBeGreaterThan(notSure.receivedAt.getTime());

    // A department that does not host the session is not a topic of it.
    const other = await newDepartment("Parks");
    const before = await db.question.count({ where: { sessionId: session.id } });
    await expectRefusalIn(
      await submit(world.resident, `/interviews/${session.id}`, {
        intent: "ask",
        type: "consultation",
        text: `Question ${unique()}`,
        departmentId: other.id,
        submissionKey: submissionKey(),
      }),
      "en",
      "validation.choose",
    );
    expect(await db.question.count({ where: { sessionId: session.id } })).toBe(before);

    // The public card says who will route it, and no department's name.
    const publicPage = await (await open(null, `/interviews/${session.id}`)).text();
    expect(publicPage).toContain(asHtml(translate("en", "interviews.routing.waiting")));
  });

  it("changes nothing for the resident of a single-host session: no choice, the host answers", async () => {
    const session = await newSession({ hosts: [world.housing.id] });
    const page = await (await open(world.resident, `/interviews/${session.id}`)).text();
    expect(page).not.toContain(asHtml(translate("en", "interviews.routing.notSure")));
    expect((await ask(session.id)).departmentId).toBe(world.housing.id);
  });

  it("lets the counter clerk say 'Not sure' for a phone question in a session of several hosts", async () => {
    const session = await newSession();
    const text = `Phoned ${unique()}: the bus shelter is broken`;
    const response = await submit(world.clerk, "/counter/questions", {
      sessionId: session.id,
      channel: "phone",
      type: "complaint",
      text,
      contact: "",
      receivedOn: "",
      departmentId: "",
      submissionKey: submissionKey(),
    });
    expect(response.status).toBe(302);
    expect((await db.question.findFirstOrThrow({ where: { sessionId: session.id, text } })).departmentId).toBeNull();
  });
});

describe("the moderator routes at approval", () => {
  it("refuses to approve a question to be routed without a department, and routes it publicly with one", async () => {
    const session = await newSession({ premoderated: true });
    const question = await ask(session.id);
    expect(question).toMatchObject({ status: "pending", departmentId: null });

    for (const language of ["en", "zh-CN"] as const)
      await expectRefusalIn(
        await submit(world.moderator, moderate(session.id), { intent: "approve", questionId: question.id }, language),
        language,
        "interviews.errors.routeFirst",
      );
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({
      status: "pending",
      departmentId: null,
    });

    // The moderation page offers the department beside the approval, and lists it as to be routed.
    const queue = await (await open(world.moderator, moderate(session.id))).text();
    expect(queue).toContain(asHtml(translate("en", "interviews.routing.approveDepartment")));
    const toBeRouted = await (await open(world.moderator, `${moderate(session.id)}?view=toBeRouted`)).text();
    expect(toBeRouted).toContain(asHtml(question.text));

    const approved = await submit(world.moderator, moderate(session.id), {
      intent: "approve",
      questionId: question.id,
      departmentId: world.housing.id,
    });
    expect(approved.status).toBe(302);
    expect(await db.question.findUniqueOrThrow({ where: { id: question.id } })).toMatchObject({
      status: "published",
      departmentId: world.housing.id,
    });
    expect(await db.questionRouting.findMany({ where: { questionId: question.id } })).toMatchObject([
      { fromDepartmentId: null, toDepartmentId: world.housing.id, reason: null },
    ]);
    expect(
      await db.auditEntry.count({
        where: { targetId: question.id, action: { in: ["question.approve", "question.reassign"] } },
      }),
    ).toBe(2);
    const publicPage = await (await open(null, `/interviews/${session.id}`)).text();
    expectSentence(publicPage, "en", "interviews.routing.routed", { to: world.housing.nameEn });
  });

  it("leaves questions to be routed waiting in a bulk approval and says how many", async () => {
    const session = await newSession({ premoderated: true });
    const routed = await ask(session.id, { departmentId: world.transport.id });
    const unrouted = await ask(session.id);
    const response = await submit(world.moderator, moderate(session.id), {
      intent: "approveSelected",
      questionIds: [routed.id, unrouted.id],
    });
    expect(response.status).toBe(302);
    expect((await db.question.findUniqueOrThrow({ where: { id: routed.id } })).status).toBe("published");
    expect(await db.question.findUniqueOrThrow({ where: { id: unrouted.id } })).toMatchObject({
      status: "pending",
      departmentId: null,
    });
    // The confirmation says what was left, and why.
    const flash = (response.headers.get("set-cookie") ?? "").split(";")[0];
    const page = await (
      await fetch(`${base}${response.headers.get("location")}`, {
        headers: { Cookie: `${flash}; ${(await cookieOf(world.moderator)).split(";")[0]}`, "Accept-Language": "en" },
      })
    ).text();
    expect(page).toContain(
      asHtml(translate("en", "interviews.routing.bulkLeftToRoute", { approved: 1, alreadyHandled: 0, toBeRouted: 1 })),
    );
    const again = await approveQuestions(world.moderator.user, (await getSession(session.id))!, [unrouted.id]);
    expect(again).toEqual({ ok: true, value: { approved: 0, alreadyHandled: 0, toBeRouted: 1 } });
  });
});

describe("a department sends back a wrongly routed question", () => {
  it("goes back to the moderators with a public reason, in the audit log, its clock running; the moderator routes it again", async () => {
    const session = await newSession();
    const question = await ask(session.id, { departmentId: world.transport.id });
    expect(question).toMatchObject({ status: "published", departmentId: world.transport.id });

    // Another department's official cannot send it back (not even a fellow host); a resident cannot either.
    expect(
      (
        await submit(world.resident, consolePath(session.id), {
          intent: "sendBack",
          questionId: question.id,
          reason: "x",
        })
      ).status,
    ).toBe(403);
    await expectRefusalIn(
      await submit(world.housingOfficial, consolePath(session.id), {
        intent: "sendBack",
        questionId: question.id,
        reason: "Not ours",
      }),
      "en",
      "interviews.errors.notYourDepartment",
    );
    // A reason is required.
    await expectRefusalIn(
      await submit(world.transportOfficial, consolePath(session.id), {
        intent: "sendBack",
        questionId: question.id,
        reason: "",
      }),
      "en",
      "validation.required",
    );
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).departmentId).toBe(world.transport.id);

    const reason = "Bus shelters are the district's, not the Transport Bureau's";
    const sentBack = await submit(world.transportOfficial, consolePath(session.id), {
      intent: "sendBack",
      questionId: question.id,
      reason,
    });
    expect(sentBack.status).toBe(302);
    const after = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    // Back to be routed, still public, with the same promise: sending back does not stop the clock.
    expect(after).toMatchObject({ status: "published", departmentId: null });
    expect(after.firstReplyDueAt).toEqual(question.firstReplyDueAt);
    expect(after.resolutionDueAt).toEqual(question.resolutionDueAt);
    expect(await db.questionRouting.findMany({ where: { questionId: question.id } })).toMatchObject([
      { fromDepartmentId: world.transport.id, toDepartmentId: null, reason },
    ]);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "question.sendBack", targetId: question.id },
    });
    expect(audit.actorId).toBe(world.transportOfficial.userId);
    expect(JSON.parse(audit.detail!)).toMatchObject({ fromDepartmentId: world.transport.id, reason });

    // Public: "sent back by Transport: reason", in both languages.
    for (const language of ["en", "zh-CN"] as const) {
      const publicPage = await (await open(null, `/interviews/${session.id}`, language)).text();
      const from = language === "en" ? world.transport.nameEn : world.transport.nameZh;
      expectSentence(publicPage, language, "interviews.routing.sentBack", { from });
      expect(publicPage).toContain(asHtml(reason));
    }
    // The moderators see it on their list, with the reason.
    const toBeRouted = await (await open(world.moderator, `${moderate(session.id)}?view=toBeRouted`)).text();
    expect(toBeRouted).toContain(asHtml(question.text));
    expect(toBeRouted).toContain(asHtml(reason));

    // Nobody answers it until it is routed: not the department that sent it back.
    const refused = await submit(world.transportOfficial, consolePath(session.id), {
      intent: "answer",
      questionId: question.id,
      text: "We will look into it.",
      submissionKey: submissionKey(),
    });
    expect(refused.status).toBe(400);
    expect(await db.answer.count({ where: { questionId: question.id } })).toBe(0);

    // The moderator routes it again; the history keeps all three steps.
    const routed = await submit(world.moderator, moderate(session.id), {
      intent: "reassign",
      questionId: question.id,
      departmentId: world.housing.id,
    });
    expect(routed.status).toBe(302);
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).departmentId).toBe(world.housing.id);
    expect(
      await db.questionRouting.findMany({ where: { questionId: question.id }, orderBy: { createdAt: "asc" } }),
    ).toMatchObject([
      { fromDepartmentId: world.transport.id, toDepartmentId: null },
      { fromDepartmentId: null, toDepartmentId: world.housing.id },
    ]);
  });

  it("cannot drop a question from the figures: sent back and overdue, it counts as overdue, on the overdue page and the hosts' due lists", async () => {
    const session = await newSession();
    const question = await ask(session.id, { departmentId: world.transport.id });
    expect(
      (
        await submit(world.transportOfficial, consolePath(session.id), {
          intent: "sendBack",
          questionId: question.id,
          reason: "Not ours",
        })
      ).status,
    ).toBe(302);
    // Its promise passes while it waits for a moderator.
    const past = new Date(Date.now() - 5 * MINUTE);
    await db.question.update({ where: { id: question.id }, data: { firstReplyDueAt: past } });

    const statistics = computeStatistics(await listQuestionRecords({ sessionId: session.id }), new Date());
    expect(statistics).toMatchObject({ firstReplyOverdue: 1, firstReplyCounted: 1 });

    const overdue = await listOverduePromises();
    const group = overdue.find((entry) => entry.department === null);
    expect(group?.questions.map((row) => row.id)).toContain(question.id);
    for (const language of ["en", "zh-CN"] as const) {
      const page = await (await open(null, "/interviews/overdue", language)).text();
      expect(page).toContain(asHtml(translate(language, "interviews.routing.toBeRouted")));
    }

    // Both hosts' officials still see it on their due list, as overdue and waiting to be routed.
    for (const official of [world.transportOfficial, world.housingOfficial]) {
      const due = await listDuePromises(official.user.departmentIds);
      expect(due.overdue.map((row) => row.id)).toContain(question.id);
    }
    // Not another department's.
    const parks = await newDepartment("Parks");
    expect((await listDuePromises([parks.id])).overdue.map((row) => row.id)).not.toContain(question.id);
  });
});

describe("two people routing one question at once", () => {
  it("keeps the public history true to where the question is when a send-back and a routing cross", async () => {
    for (let round = 0; round < 5; round++) {
      const session = await newSession();
      // A resident of their own each round: ten questions in ten minutes is one account's limit.
      const question = await ask(session.id, { departmentId: world.transport.id }, await newResident());
      const current = (await getSession(session.id))!;
      const [sentBack, routed] = await Promise.all([
        sendBackQuestion(world.transportOfficial.user, current, question.id, "Not ours"),
        reassignQuestion(world.moderator.user, current, question.id, world.housing.id),
      ]);
      const after = await db.question.findUniqueOrThrow({ where: { id: question.id } });
      const history = await db.questionRouting.findMany({
        where: { questionId: question.id },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      // Every step recorded was taken, from where the question then was, and the last is where it is.
      expect(history.length).toBe([sentBack, routed].filter((outcome) => outcome.ok).length);
      expect(history[0]!.fromDepartmentId).toBe(world.transport.id);
      if (history[1]) expect(history[1].fromDepartmentId).toBe(history[0]!.toDepartmentId);
      expect(after.departmentId).toBe(history.at(-1)!.toDepartmentId);
      for (const outcome of [sentBack, routed])
        if (!outcome.ok)
          expect(["interviews.errors.routedMeanwhile", "interviews.errors.notYourDepartment"]).toContain(outcome.error);
    }
  });
});

describe("the hosts' topic lines", () => {
  it("are set by a host for each hosting department, kept when the session is edited, and refused to others", async () => {
    const session = await newSession();
    const fields = {
      intent: "topics",
      [`topicEn-${world.transport.id}`]: "Transport: buses, roads, parking",
      [`topicZh-${world.transport.id}`]: "交通：公交、道路、停车",
      [`topicEn-${world.housing.id}`]: "Housing: repairs, rents",
      [`topicZh-${world.housing.id}`]: "",
    };
    const outsider = await newOfficial((await newDepartment("Parks")).id);
    expect((await submit(outsider, `/interviews/${session.id}/edit`, fields)).status).toBe(403);
    expect((await submit(world.housingOfficial, `/interviews/${session.id}/edit`, fields)).status).toBe(302);
    const hosts = await db.interviewHost.findMany({ where: { sessionId: session.id } });
    expect(hosts.find((host) => host.departmentId === world.transport.id)).toMatchObject({
      topicEn: "Transport: buses, roads, parking",
      topicZh: "交通：公交、道路、停车",
    });
    expect(hosts.find((host) => host.departmentId === world.housing.id)).toMatchObject({
      topicEn: "Housing: repairs, rents",
      topicZh: null,
    });
    const page = await (await open(world.resident, `/interviews/${session.id}`)).text();
    expect(page).toContain(asHtml("Housing: repairs, rents"));

    // Editing the session (its hosts are deleted and written again) keeps the topic of a host that stays.
    const current = (await getSession(session.id))!;
    const input = sessionSchema.parse({
      titleZh: current.titleZh,
      titleEn: `${current.titleEn} (moved)`,
      topic: current.topic,
      departmentIds: [world.transport.id, world.housing.id],
      guests: "",
      startsAt: dateToWallTime(current.startsAt, "Asia/Shanghai"),
      endsAt: dateToWallTime(current.endsAt, "Asia/Shanghai"),
      replyWorkingDays: String(current.replyWorkingDays),
    });
    expect(await updateSession(world.admin.user, current, input, "Asia/Shanghai")).toEqual({
      ok: true,
      value: undefined,
    });
    expect(
      (await db.interviewHost.findMany({ where: { sessionId: session.id }, orderBy: { departmentId: "asc" } })).map(
        (host) => host.topicEn,
      ),
    ).toEqual(
      [world.transport.id, world.housing.id]
        .sort()
        .map((id) => (id === world.transport.id ? "Transport: buses, roads, parking" : "Housing: repairs, rents")),
    );
  });
});
