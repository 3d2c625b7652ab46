import { describe, expect, it } from "vitest";
import { parseParams, registerNotificationKinds, renderNotification } from "~/features/notifications/kinds";
import { i18nextFor } from "~/i18n/i18next.server";

const english = i18nextFor("en").getFixedT("en");
const chinese = i18nextFor("zh-CN").getFixedT("zh-CN");

registerNotificationKinds({
  "unitTest.departmentClosed": {
    message: "admin.departments.deleted",
    values: (params, locale) => ({ department: locale === "en" ? params.nameEn : params.nameZh }),
  },
  "unitTest.untranslated": { message: "unitTest.no.such.key" },
  "unitTest.brokenValues": {
    message: "admin.departments.deleted",
    values: () => {
      throw new Error("a parameter this wording expected is missing");
    },
  },
});

describe("wording a notification", () => {
  it("uses the registered text in the reader's language, with its values for that language", () => {
    const notification = { kind: "unitTest.departmentClosed", params: { nameZh: "水务局", nameEn: "Water Bureau" } };
    expect(renderNotification(notification, english, "en")).toBe("Water Bureau has been deleted.");
    expect(renderNotification(notification, chinese, "zh-CN")).toContain("水务局");
  });

  it("gives a generic text, not an error, for a kind nobody registered", () => {
    expect(renderNotification({ kind: "gone.feature", params: {} }, english, "en")).toBe(
      "There is news about something you take part in.",
    );
    expect(renderNotification({ kind: "gone.feature", params: {} }, chinese, "zh-CN")).toBe("您参与的事项有新消息。");
  });

  it("gives the generic text when the kind's translation is missing or its values cannot be made", () => {
    expect(renderNotification({ kind: "unitTest.untranslated", params: {} }, english, "en")).toBe(
      "There is news about something you take part in.",
    );
    expect(renderNotification({ kind: "unitTest.brokenValues", params: {} }, english, "en")).toBe(
      "There is news about something you take part in.",
    );
  });

  it("reads back only an object of strings and numbers from the stored parameters", () => {
    expect(parseParams('{"question":"Bus 12?","votes":3,"nested":{"a":1},"list":[1]}')).toEqual({
      question: "Bus 12?",
      votes: 3,
    });
    expect(parseParams("not json")).toEqual({});
    expect(parseParams("[1,2]")).toEqual({});
    expect(parseParams("null")).toEqual({});
  });
});
