import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse, sessionCalendar } from "~/features/interviews/calendar.server";
import { requireInterviewSession } from "~/features/interviews/route-helpers.server";
import { translatorFor } from "~/i18n/i18next.server";

/** The session as a calendar entry, in the reader's language, linking back to its page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireInterviewSession(params.sessionId);
  const { t, locale } = await translatorFor(request);
  const zh = locale.startsWith("zh");
  const title = (zh ? session.titleZh || session.titleEn : session.titleEn || session.titleZh) || t("interviews.title");
  const summary = zh ? session.summaryZh || session.summaryEn : session.summaryEn || session.summaryZh;
  const hosts = session.hosts
    .map((host) => (zh ? host.department.nameZh : host.department.nameEn))
    .join(t("shell.listSeparator"));
  const ics = sessionCalendar({
    uid: `interview-${session.id}`,
    title,
    description: summary,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    url: new URL(`/interviews/${session.id}`, request.url).toString(),
    organizerName: hosts,
    updatedAt: session.updatedAt,
  });
  return calendarResponse(ics, title);
}
