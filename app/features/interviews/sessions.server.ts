import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import { publishSessionEvent } from "./events.server";
import { canScheduleSession, isHost } from "./permissions.server";
import { firstReplyDueFor, followNewSchedule } from "./promise.server";
import type { SessionInput } from "./schemas";
import { sessionState, STATE_CHANGES, type SessionState, type StateChange } from "./state";
import { wallTimeToDate } from "~/shared/wall-time";

const DEFAULT_LENGTH_MS = 2 * 3_600_000;
const MAX_LENGTH_MS = 12 * 3_600_000;

const sessionInclude = {
  hosts: { include: { department: { select: { id: true, nameZh: true, nameEn: true } } } },
  guests: { orderBy: { position: "asc" as const }, select: { name: true, title: true } },
} as const;

export async function getSession(id: string) {
  if (!isRecordId(id)) return null;
  const session = await db.interviewSession.findUnique({ where: { id }, include: sessionInclude });
  return session && withState(session);
}
export type InterviewSessionView = NonNullable<Awaited<ReturnType<typeof getSession>>>;

/** What pages may show of a session: no account ids. */
export function sessionSummary(session: InterviewSessionView) {
  const { createdById: _creator, createdAt: _created, updatedAt: _updated, ...summary } = session;
  return summary;
}

/** The state again, now: for a session read a moment ago (see public-view.server.ts). */
export const withCurrentState = (session: InterviewSessionView): InterviewSessionView => withState(session);

function withState<
  T extends Parameters<typeof sessionState>[0] & {
    hosts: Array<{ department: { id: string } }>;
    replyWorkingDays: number;
  },
>(session: T) {
  return {
    ...session,
    state: sessionState(session) as SessionState,
    hostDepartmentIds: session.hosts.map((host) => host.department.id),
    // The session's promise as residents read it before they ask (decision 0030).
    replyDueAt: firstReplyDueFor(new Date(0), session),
  };
}

/** Sessions neither closed nor ended by `now`: upcoming or live (the database side of sessionState). */
const notEndedBy = (now: Date) => ({
  closedAt: null,
  OR: [{ endsAt: { gt: now }, endedAt: null }, { endedAt: { gt: now } }],
});

/** Upcoming, live and past sessions for the listing page. Past ones are paged: there are many. */
export async function listSessions(pastPage: number, pageSize = 20) {
  const now = new Date();
  const notClosed = await db.interviewSession.findMany({
    where: notEndedBy(now),
    include: sessionInclude,
    orderBy: { startsAt: "asc" },
    take: 100,
  });
  const current = notClosed.map(withState);
  const pastWhere = { OR: [{ closedAt: { not: null } }, { endsAt: { lte: now } }, { endedAt: { lte: now } }] };
  const [past, pastTotal] = await Promise.all([
    db.interviewSession.findMany({
      where: pastWhere,
      include: sessionInclude,
      orderBy: { startsAt: "desc" },
      skip: (pastPage - 1) * pageSize,
      take: pageSize,
    }),
    db.interviewSession.count({ where: pastWhere }),
  ]);
  return {
    live: current.filter((session) => session.state === "live"),
    upcoming: current.filter((session) => session.state === "upcoming"),
    past: past.map(withState),
    pastPageCount: Math.max(1, Math.ceil(pastTotal / pageSize)),
  };
}

async function checkDepartments(departmentIds: string[]) {
  const found = await db.department.count({ where: { id: { in: departmentIds } } });
  return found === new Set(departmentIds).size;
}

function scheduleFrom(input: SessionInput, timeZone: string): Outcome<{ startsAt: Date; endsAt: Date }> {
  const startsAt = wallTimeToDate(input.startsAt, timeZone);
  const endsAt = input.endsAt
    ? wallTimeToDate(input.endsAt, timeZone)
    : new Date(startsAt.getTime() + DEFAULT_LENGTH_MS);
  if (Number.isNaN(startsAt.getTime())) return { ok: false, field: "startsAt", error: "validation.dateTime" };
  if (Number.isNaN(endsAt.getTime())) return { ok: false, field: "endsAt", error: "validation.dateTime" };
  if (endsAt <= startsAt) return { ok: false, field: "endsAt", error: "validation.endAfterStart" };
  if (endsAt.getTime() - startsAt.getTime() > MAX_LENGTH_MS)
    return { ok: false, field: "endsAt", error: "interviews.errors.sessionTooLong" };
  return { ok: true, value: { startsAt, endsAt } };
}

function sessionColumns(input: SessionInput, schedule: { startsAt: Date; endsAt: Date }) {
  return {
    titleZh: input.titleZh,
    titleEn: input.titleEn,
    summaryZh: input.summaryZh,
    summaryEn: input.summaryEn,
    topic: input.topic,
    premoderated: input.premoderated,
    allowAnonymous: input.allowAnonymous,
    replyWorkingDays: input.replyWorkingDays,
    ...(input.streamUrl === undefined ? {} : { streamUrl: input.streamUrl }),
    ...schedule,
  };
}

const forbidden = { ok: false as const, field: "form", error: "interviews.errors.notHost" };

export async function scheduleSession(
  actor: User,
  input: SessionInput,
  timeZone: string,
): Promise<Outcome<{ id: string }>> {
  if (!canScheduleSession(actor, input.departmentIds))
    return { ok: false, field: "departmentIds", error: "interviews.errors.notYourDepartment" };
  if (!(await checkDepartments(input.departmentIds)))
    return { ok: false, field: "departmentIds", error: "validation.choose" };
  const schedule = scheduleFrom(input, timeZone);
  if (!schedule.ok) return schedule;
  if (schedule.value.startsAt.getTime() < Date.now() - 60_000)
    return { ok: false, field: "startsAt", error: "validation.startInPast" };
  const session = await db.$transaction(async (tx) => {
    const created = await tx.interviewSession.create({
      data: {
        ...sessionColumns(input, schedule.value),
        createdById: actor.id,
        hosts: { create: input.departmentIds.map((departmentId) => ({ departmentId })) },
        guests: { create: input.guests.map((guest, position) => ({ ...guest, position })) },
      },
    });
    await recordAudit(tx, {
      actor,
      action: "interview.schedule",
      targetType: "interviewSession",
      targetId: created.id,
      detail: { title: created.titleZh || created.titleEn },
    });
    return created;
  });
  return { ok: true, value: { id: session.id } };
}

export async function updateSession(
  actor: User,
  session: InterviewSessionView,
  input: SessionInput,
  timeZone: string,
): Promise<Outcome> {
  // Both the old and the new hosts must be the actor's: an official cannot hand a session away
  // from, or take one over for, a department they do not belong to.
  if (!isHost(actor, session.hostDepartmentIds) || !canScheduleSession(actor, input.departmentIds)) return forbidden;
  if (session.state === "closed") return { ok: false, field: "form", error: "interviews.errors.sessionClosed" };
  if (!(await checkDepartments(input.departmentIds)))
    return { ok: false, field: "departmentIds", error: "validation.choose" };
  const schedule = scheduleFrom(input, timeZone);
  if (!schedule.ok) return schedule;
  // Once a session has begun its start is history: moving it would move the promises made to
  // the questions asked for it, and only later.
  const minute = (value: Date | string) => Math.floor(new Date(value).getTime() / 60_000);
  if (session.state !== "upcoming" && minute(schedule.value.startsAt) !== minute(session.startsAt)) {
    return { ok: false, field: "startsAt", error: "interviews.errors.startIsHistory" };
  }
  if (session.state !== "upcoming") schedule.value.startsAt = new Date(session.startsAt);
  // The promise was stated to everyone who asked; once the session has begun it stands as stated.
  if (session.state !== "upcoming" && input.replyWorkingDays !== session.replyWorkingDays) {
    return { ok: false, field: "replyWorkingDays", error: "interviews.errors.promiseIsHistory" };
  }
  // A host that stays keeps its topic line (decision 0044).
  const topics = new Map(session.hosts.map((host) => [host.departmentId, host]));
  const hostRow = (departmentId: string) => ({
    departmentId,
    topicZh: topics.get(departmentId)?.topicZh ?? null,
    topicEn: topics.get(departmentId)?.topicEn ?? null,
  });
  await db.$transaction(async (tx) => {
    await tx.interviewHost.deleteMany({ where: { sessionId: session.id } });
    await tx.interviewGuest.deleteMany({ where: { sessionId: session.id } });
    await tx.interviewSession.update({
      where: { id: session.id },
      data: {
        ...sessionColumns(input, schedule.value),
        hosts: { create: input.departmentIds.map(hostRow) },
        guests: { create: input.guests.map((guest, position) => ({ ...guest, position })) },
      },
    });
    const moved =
      schedule.value.startsAt.getTime() !== session.startsAt.getTime() ||
      schedule.value.endsAt.getTime() !== session.endsAt.getTime() ||
      input.replyWorkingDays !== session.replyWorkingDays;
    if (session.state === "upcoming" && moved) {
      await followNewSchedule(tx, {
        id: session.id,
        ...schedule.value,
        openedAt: session.openedAt,
        endedAt: session.endedAt,
        replyWorkingDays: input.replyWorkingDays,
      });
    }
    await recordAudit(tx, {
      actor,
      action: "interview.update",
      targetType: "interviewSession",
      targetId: session.id,
      detail: { title: input.titleZh || input.titleEn },
    });
  });
  publishSessionEvent(session.id, "session", { changed: true });
  return { ok: true, value: undefined };
}

/**
 * A host sets each hosting department's topic line, which residents choose from when they ask in
 * a session of several hosts (decision 0044). Empty: the department's name is offered.
 */
export async function setHostTopics(
  actor: User,
  session: InterviewSessionView,
  topics: ReadonlyArray<{ departmentId: string; topicZh: string; topicEn: string }>,
): Promise<Outcome> {
  if (!isHost(actor, session.hostDepartmentIds)) return forbidden;
  if (session.state === "closed") return { ok: false, field: "form", error: "interviews.errors.sessionClosed" };
  const hosting = topics.filter((topic) => session.hostDepartmentIds.includes(topic.departmentId));
  await db.$transaction(async (tx) => {
    for (const topic of hosting)
      await tx.interviewHost.update({
        where: { sessionId_departmentId: { sessionId: session.id, departmentId: topic.departmentId } },
        data: { topicZh: topic.topicZh || null, topicEn: topic.topicEn || null },
      });
    await recordAudit(tx, {
      actor,
      action: "interview.update",
      targetType: "interviewSession",
      targetId: session.id,
      detail: { title: session.titleZh || session.titleEn },
    });
  });
  publishSessionEvent(session.id, "session", { changed: true });
  return { ok: true, value: undefined };
}

// Each change sets its column, once; reopening clears the close.
const CHANGE = {
  open: { where: { closedAt: null, openedAt: null }, data: (now: Date) => ({ openedAt: now }) },
  end: { where: { closedAt: null, endedAt: null }, data: (now: Date) => ({ endedAt: now }) },
  close: { where: { closedAt: null }, data: (now: Date) => ({ closedAt: now }) },
  reopen: { where: { closedAt: { not: null } }, data: () => ({ closedAt: null }) },
} as const;

/** A host opens a session early, ends it early, closes it into the archive, or reopens it. */
export async function changeSessionState(
  actor: User,
  session: InterviewSessionView,
  change: StateChange,
): Promise<Outcome<{ state: SessionState }>> {
  if (!isHost(actor, session.hostDepartmentIds)) return forbidden;
  if (!(STATE_CHANGES[change] as readonly SessionState[]).includes(session.state))
    return { ok: false, field: "form", error: `interviews.errors.cannot.${change}` };
  const now = new Date();
  const updated = await db.$transaction(async (tx) => {
    // The state is re-read inside the transaction: two hosts pressing at once change it once.
    const current = await tx.interviewSession.findUniqueOrThrow({ where: { id: session.id } });
    if (!(STATE_CHANGES[change] as readonly SessionState[]).includes(sessionState(current, now))) return null;
    // On PostgreSQL both transactions can read the old state; the second update then waits for
    // the first and, finding the column set (or the session closed), changes nothing.
    const { count } = await tx.interviewSession.updateMany({
      where: { id: session.id, ...CHANGE[change].where },
      data: CHANGE[change].data(now),
    });
    if (count === 0) return null;
    const row = await tx.interviewSession.findUniqueOrThrow({ where: { id: session.id } });
    await recordAudit(tx, {
      actor,
      action: `interview.${change}`,
      targetType: "interviewSession",
      targetId: session.id,
      detail: { title: session.titleZh || session.titleEn, from: session.state },
    });
    return row;
  });
  if (!updated) return { ok: false, field: "form", error: `interviews.errors.cannot.${change}` };
  const state = sessionState(updated, now);
  publishSessionEvent(session.id, "state", { state });
  return { ok: true, value: { state } };
}

/** Sessions that still take questions, soonest first: for the counter desk's entry form. */
export async function listSessionsTakingQuestions() {
  const now = new Date();
  const rows = await db.interviewSession.findMany({
    where: notEndedBy(now),
    include: sessionInclude,
    orderBy: { startsAt: "asc" },
    take: 50,
  });
  return rows.map(withState).map(sessionSummary);
}
