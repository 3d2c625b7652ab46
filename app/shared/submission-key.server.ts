import { randomBytes } from "node:crypto";

/** A fresh key for each form the page shows, so that sending the same form twice is recognised. */
export const newSubmissionKey = () => randomBytes(18).toString("base64url");
