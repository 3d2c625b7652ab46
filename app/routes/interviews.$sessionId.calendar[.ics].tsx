import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse } from "~/features/interviews/calendar.server";
import { requireInterviewSession } from "~/features/interviews/route-helpers.server";
import { sessionCalendarFile } from "~/features/interviews/session-calendar.server";
import { translatorFor } from "~/i18n/i18next.server";

/** The session as a calendar entry, in the reader's language, linking back to its page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireInterviewSession(params.sessionId);
  const { t, locale } = await translatorFor(request);
  const pageUrl = new URL(`/interviews/${session.id}`, request.url);
  const { ics, filename } = await sessionCalendarFile(session, { t, locale, pageUrl });
  return calendarResponse(ics, filename);
}
