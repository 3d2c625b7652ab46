import { KIB, type BodyLimit } from "~/http/request-body.server";

// An official version's text as Tiptap JSON (up to 300,000 characters, percent-encoded): the
// editor pages that post a whole regulation. The text's own limits are checked after parsing.
export const POLICY_BODY_LIMITS: BodyLimit[] = [
  {
    kind: "policyText",
    matches: (path) => /^\/policies\/[^/]+\/(versions\/new|adopt)$/.test(path),
    bytes: 12 * KIB * KIB,
  },
];
