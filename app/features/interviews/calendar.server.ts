// A session as a calendar file (.ics, RFC 5545) through ical-generator (decision 0014).
import contentDisposition from "content-disposition";
import ical, { ICalCalendarMethod } from "ical-generator";

export interface SessionCalendarInput {
  /** Stable for the session across downloads, so a calendar updates the event instead of adding a second: e.g. `interview-session-${id}@${host}`. */
  uid: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** The session's page, absolute. Also the event's location: the session happens there. */
  url: string;
  /** The hosting department(s), as one line. */
  organizerName: string;
  /** With an address, the event names its ORGANIZER; RFC 5545 has no organizer without one. */
  organizerEmail?: string;
  /** Raise it when the session is rescheduled, so calendars take the new time (RFC 5545 SEQUENCE). */
  sequence?: number;
  /** When the session was last changed (DTSTAMP and LAST-MODIFIED); now by default. */
  updatedAt?: Date;
}

/**
 * The .ics text of one session: times in UTC, lines folded at 75 octets without splitting a
 * character (the library counts UTF-8 bytes, so Chinese text folds correctly), CRLF line ends.
 * The description starts with the organizer's name and ends with the page's address, because
 * several calendar apps show neither ORGANIZER nor URL.
 */
export function sessionCalendar(input: SessionCalendarInput): string {
  if (!(input.endsAt.getTime() > input.startsAt.getTime()))
    throw new Error(`A session must end after it starts (${input.uid})`);
  // ical-generator (10.2) escapes the event's text but writes the calendar's NAME and
  // X-WR-CALNAME as given: a line break in a title would start a property of its own.
  const calendarName = input.title.replace(/\s+/g, " ");
  const calendar = ical({
    prodId: "//Civic Forum//Interview sessions//ZH",
    method: ICalCalendarMethod.PUBLISH,
    name: calendarName,
  });
  calendar.createEvent({
    id: input.uid,
    sequence: input.sequence ?? 0,
    stamp: input.updatedAt ?? new Date(),
    lastModified: input.updatedAt ?? null,
    start: input.startsAt,
    end: input.endsAt,
    summary: input.title,
    description: [input.organizerName, input.description, input.url].filter(Boolean).join("\n\n"),
    location: input.url,
    url: input.url,
    organizer: input.organizerEmail ? { name: input.organizerName, email: input.organizerEmail } : null,
  });
  // RFC 5545 ends every line with CRLF, the last one too; the library leaves the last bare.
  return `${calendar.toString()}\r\n`;
}

/** A download of an .ics text; `filename` without extension, any language. */
export function calendarResponse(ics: string, filename: string, headers?: HeadersInit): Response {
  const response = new Headers(headers);
  response.set("Content-Type", "text/calendar; charset=utf-8");
  response.set("Content-Disposition", contentDisposition(`${filename}.ics`, { fallback: "interview-session.ics" }));
  return new Response(ics, { status: 200, headers: response });
}
