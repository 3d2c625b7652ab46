import { KIB, type BodyLimit } from "~/http/request-body.server";

// A batch of paper ballots (up to 200,000 characters, one ballot a line): a ballot box of a few
// thousand lines is well over 64 KiB once percent-encoded, and a 413 would lose what was typed.
// Full-width commas, which counter staff may type, take 9 bytes each when encoded.
export const PRIORITY_BODY_LIMITS: BodyLimit[] = [
  { kind: "paperBallots", matches: (path) => path === "/counter/paper-ballots", bytes: 2 * KIB * KIB },
];
