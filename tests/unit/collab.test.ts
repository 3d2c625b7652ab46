import { describe, expect, it } from "vitest";
import { documentAccess, formatDocumentName, parseDocumentName } from "~/shared/collab";
import { roleNames } from "~/shared/roles";

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

  it("open only to signed-in people for now", () => {
    const doc = { kind: "policy-draft" as const, id: "x" };
    expect(documentAccess(null, doc)).toBe("none");
    expect(documentAccess({ id: "u", roles: [], departmentIds: [] }, doc)).toBe("write");
  });
});

describe("role names", () => {
  it("list resident first, then official (from departments), then granted roles", () => {
    expect(roleNames({ id: "u", roles: [], departmentIds: [] })).toEqual(["resident"]);
    expect(roleNames({ id: "u", roles: ["administrator", "moderator"], departmentIds: ["d"] })).toEqual(["resident", "official", "moderator", "administrator"]);
  });
});
