import { describe, expect, it } from "vitest";
import { documentAccess, EDITABLE, formatDocumentName, parseDocumentName, readOnlyReason } from "~/shared/collab";
import { roleNames } from "~/shared/roles";
import { parseOrigins } from "../../collab-server/websocket";

describe("collaborative document names", () => {
  it("round-trip", () => {
    const name = { kind: "policy-draft" as const, id: "clx123abc" };
    expect(parseDocumentName(formatDocumentName(name))).toEqual(name);
  });

  it("reject unknown kinds and anything that could reach outside a document", () => {
    for (const bad of [
      "",
      "policy-draft.",
      "secret.abc",
      "policy-draft.../../etc",
      "policy-draft.a b",
      `policy-draft.${"x".repeat(65)}`,
    ]) {
      expect(parseDocumentName(bad), bad).toBeNull();
    }
  });

  it("open to everyone to read; to signed-in people to edit unless closed, blocked or protected; unknown ones not at all", () => {
    const doc = { kind: "policy-draft" as const, id: "x" };
    const resident = { id: "u", roles: [], departmentIds: [] };
    const official = { id: "o", roles: [], departmentIds: ["transport"] };
    expect(documentAccess(null, doc)).toBe("read");
    expect(readOnlyReason(null, EDITABLE)).toBe("signedOut");
    expect(documentAccess(resident, doc)).toBe("write");
    expect(documentAccess(resident, doc, { readOnly: true })).toBe("read");
    expect(readOnlyReason(resident, { readOnly: true })).toBe("closed");
    expect(documentAccess(null, doc, { readOnly: true })).toBe("read");
    expect(documentAccess(resident, doc, null)).toBe("none");
    expect(documentAccess(null, doc, null)).toBe("none");
    const protectedPage = { readOnly: false, editorDepartmentId: "transport" };
    expect(documentAccess(resident, doc, protectedPage)).toBe("read");
    expect(readOnlyReason(resident, protectedPage)).toBe("protected");
    expect(documentAccess(official, doc, protectedPage)).toBe("write");
    const blocked = { readOnly: false, blockedUserIds: ["u"] };
    expect(documentAccess(resident, doc, blocked)).toBe("read");
    expect(readOnlyReason(resident, blocked)).toBe("blocked");
    expect(documentAccess(official, doc, blocked)).toBe("write");
  });
});

describe("role names", () => {
  it("list resident first, then official (from departments), then granted roles", () => {
    expect(roleNames({ id: "u", roles: [], departmentIds: [] })).toEqual(["resident"]);
    expect(roleNames({ id: "u", roles: ["administrator", "moderator"], departmentIds: ["d"] })).toEqual([
      "resident",
      "official",
      "moderator",
      "administrator",
    ]);
  });
});

describe("COLLAB_ALLOWED_ORIGINS", () => {
  it("reads comma-separated origins as browsers send them, and refuses what is no origin", () => {
    expect(parseOrigins("")).toEqual([]);
    expect(parseOrigins("http://forum.example:3000/, https://城市.example")).toEqual([
      "http://forum.example:3000",
      "https://xn--uis47l.example",
    ]);
    expect(() => parseOrigins("forum.example")).toThrow();
  });
});
