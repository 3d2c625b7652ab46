// The calendar entry of a session as it stands (decision 0014): its real times, once a host opened
// or ended it early, and a SEQUENCE that grows with every change, so a calendar that subscribed
// to or imported the entry replaces it instead of keeping the old time (RFC 5545, 3.8.7.4).
import type { TFunction } from "i18next";
import { db } from "~/db.server";
import { sessionCalendar } from "./calendar.server";
import { sessionBounds } from "./promise.server";
import type { InterviewSessionView } from "./sessions.server";

const MINUTE = 60_000;
// What changes the entry: the schedule or text edited, opened or ended early, closed.
const CALENDAR_CHANGES = ["interview.update", "interview.open", "interview.end", "interview.close"];

export async function sessionCalendarFile(
  session: InterviewSessionView,
  { t, locale, pageUrl }: { t: TFunction; locale: string; pageUrl: URL },
) {
  const zh = locale.startsWith("zh");
  const title = (zh ? session.titleZh || session.titleEn : session.titleEn || session.titleZh) || t("interviews.title");
  const summary = zh ? session.summaryZh || session.summaryEn : session.summaryEn || session.summaryZh;
  const hosts = session.hosts
    .map((host) => (zh ? host.department.nameZh : host.department.nameEn))
    .join(t("shell.listSeparator"));
  // The audit log records every change a host makes, in one transaction with it: its count is
  // the entry's revision, without a counter of its own to keep in step.
  const changes = await db.auditEntry.count({
    where: { targetType: "interviewSession", targetId: session.id, action: { in: CALENDAR_CHANGES } },
  });
  const { start, end } = sessionBounds(session);
  const ics = sessionCalendar({
    // RFC 5545 asks for a UID unique across hosts: the forum's own address makes it so.
    uid: `interview-${session.id}@${pageUrl.hostname}`,
    title,
    description: summary,
    startsAt: start,
    endsAt: new Date(Math.max(end.getTime(), start.getTime() + MINUTE)),
    url: pageUrl.toString(),
    organizerName: hosts,
    sequence: changes,
    updatedAt: session.updatedAt,
  });
  return { ics, filename: title };
}
