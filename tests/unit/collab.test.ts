import { describe, expect, it } from "vitest";
import { documentAccess, formatDocumentName, parseDocumentName } from "~/shared/collab";
import { roleNames } from "~/shared/roles";
import { parseOrigins } from "../../collab-server/websocket";

describe("collaborative document names", () => {
  it("round-trip", () => {
    const name = { kind: "policy-draft" as const, id: "clx123abc" };
    expect(parseDocumentName(formatDocumentName(name))).toEqual(name);
  });

  it("reject unknown kinds and anything that could reach outside a document", () => {
    for (const bad of ["", "policy-draft.", "secret.abc", "policy-draft.../../etc", "policy-draft.a b", `policy-draft.${"x".repeat(65)}`]) {
      expect(parseDocumentName(bad), bad).toBeNull();
    }
  });

  it("open only to signed-in people for now: editable ones to edit, read-only ones to read, unknown ones not at all", () => {
    const doc = { kind: "policy-draft" as const, id: "x" };
    const resident = { id: "u", roles: [], departmentIds: [] };
    expect(documentAccess(null, doc)).toBe("none");
    expect(documentAccess(resident, doc)).toBe("write");
    expect(documentAccess(resident, doc, { readOnly: true })).toBe("read");
    expect(documentAccess(null, doc, { readOnly: true })).toBe("none");
    expect(documentAccess(resident, doc, null)).toBe("none");
  });
});

describe("role names", () => {
  it("list resident first, then official (from departments), then granted roles", () => {
    expect(roleNames({ id: "u", roles: [], departmentIds: [] })).toEqual(["resident"]);
    expect(roleNames({ id: "u", roles: ["administrator", "moderator"], departmentIds: ["d"] })).toEqual(["resident", "official", "moderator", "administrator"]);
  });
});

describe("COLLAB_ALLOWED_ORIGINS", () => {
  it("reads comma-separated origins as browsers send them, and refuses what is no origin", () => {
    expect(parseOrigins("")).toEqual([]);
    expect(parseOrigins("http://forum.example:3000/, https://城市.example")).toEqual(["http://forum.example:3000", "https://xn--uis47l.example"]);
    expect(() => parseOrigins("forum.example")).toThrow();
  });
});
