import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { calendarResponse, sessionCalendar } from "~/features/interviews/calendar.server";

const session = {
  uid: "interview-session-ckx1@forum.example",
  title: "低碳祭扫：清明节能否用鲜花代替烧纸？市民政局局长在线访谈 🌸",
  description: `${"市民可在访谈前和访谈期间提问，并为希望得到回答的问题投票；未能在现场回答的问题将在访谈结束后按承诺时限答复。".repeat(4)}\n第二段：电话、信件和服务窗口收到的问题同样计入。`,
  startsAt: new Date("2027-03-30T02:00:00Z"), // 10:00 in Chengdu
  endsAt: new Date("2027-03-30T04:00:00Z"),
  url: "https://forum.example/interviews/ckx1",
  organizerName: "成都市民政局",
};

function readEvent(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return { calendar, event: new ICAL.Event(calendar.getFirstSubcomponent("vevent")!) };
}

describe("a session as a calendar file", () => {
  const ics = sessionCalendar({ ...session, updatedAt: new Date("2027-03-01T00:00:00Z"), sequence: 2 });

  it("reads back with the same title, times, description and identity", () => {
    const { event } = readEvent(ics);
    expect(event.uid).toBe(session.uid);
    expect(event.summary).toBe(session.title);
    expect(event.startDate.toJSDate().toISOString()).toBe("2027-03-30T02:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2027-03-30T04:00:00.000Z");
    expect(event.description).toBe(`成都市民政局\n\n${session.description}\n\nhttps://forum.example/interviews/ckx1`);
    expect(event.location).toBe(session.url);
    expect(event.sequence).toBe(2);
  });

  it("is a well-formed file: our product id, CRLF after every line", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Civic Forum//Interview sessions//ZH\r\n")).toBe(
      true,
    );
    expect(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n")).toBe(true);
    expect(ics.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  it("keeps a title with line breaks on its own line, so it cannot add properties", () => {
    const forged = sessionCalendar({
      ...session,
      title: "住房访谈\r\nATTENDEE:mailto:victim@example.com\nX-WR-TIMEZONE:a;b,c\\d",
    });
    const { calendar, event } = readEvent(forged);
    expect(calendar.getFirstPropertyValue("name")).toBe(
      "住房访谈 ATTENDEE:mailto:victim@example.com X-WR-TIMEZONE:a;b,c\\d",
    );
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe(
      "住房访谈 ATTENDEE:mailto:victim@example.com X-WR-TIMEZONE:a;b,c\\d",
    );
    expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBeNull();
    expect(event.attendees).toEqual([]);
    expect(
      forged
        .replaceAll("\r\n ", "")
        .split("\r\n")
        .filter((line) => line.startsWith("ATTENDEE") || line.startsWith("X-WR-TIMEZONE")),
    ).toEqual([]);
  });

  it("gives its times in UTC", () => {
    expect(ics).toContain("DTSTART:20270330T020000Z\r\n");
    expect(ics).toContain("DTEND:20270330T040000Z\r\n");
  });

  it("folds long Chinese lines at 75 octets without splitting a character", () => {
    const lines = ics.split("\r\n");
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    for (const line of lines) {
      expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
      // A fold inside a character would leave half of it, which UTF-8 cannot carry.
      expect(Buffer.from(line, "utf8").toString("utf8"), line).toBe(line);
    }
  });

  it("names an organizer only with an address, as RFC 5545 requires", () => {
    expect(ics).not.toContain("ORGANIZER");
    const withAddress = sessionCalendar({ ...session, organizerEmail: "minzheng@city.example" });
    const { event } = readEvent(withAddress);
    expect(event.organizer).toBe("mailto:minzheng@city.example");
    expect(event.component.getFirstProperty("organizer")?.getParameter("cn")).toBe("成都市民政局");
  });

  it("refuses a session that ends before it starts", () => {
    expect(() => sessionCalendar({ ...session, endsAt: session.startsAt })).toThrow(/must end after it starts/);
  });

  it("downloads as text/calendar with the name in any language", async () => {
    const response = calendarResponse(ics, "2027年清明在线访谈");
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="interview-session.ics"; filename*=UTF-8''2027%E5%B9%B4%E6%B8%85%E6%98%8E%E5%9C%A8%E7%BA%BF%E8%AE%BF%E8%B0%88.ics`,
    );
    expect(await response.text()).toBe(ics);
  });
});
