// The keyed hashes behind "one person, one ballot" (decision 0026). A document's number is never
// stored: counter staff type it, and the forum keeps an HMAC of it under a secret that is not in
// the database, so a copy of the database alone cannot be searched for a known number, and an
// identity number (whose digits follow a known pattern) cannot be guessed back from its hash
// without the key.
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { DocumentKind } from "./voting-schemas";

const MIN_SECRET_LENGTH = 32;

/**
 * Where the embedded forum keeps its key when VOTER_KEY_SECRET is not set: beside the SQLite
 * database (./data), never in it. Several instances must share one key: they set the variable.
 */
function secretFile(): string {
  const url = process.env.DATABASE_URL ?? "file:./data/forum.db";
  const dataDir = url.startsWith("file:") ? dirname(resolve(url.slice("file:".length))) : resolve("data");
  return resolve(dataDir, "voter-key.secret");
}

function loadSecret(): string {
  const configured = process.env.VOTER_KEY_SECRET;
  if (configured !== undefined) {
    if (configured.length < MIN_SECRET_LENGTH)
      throw new Error(`VOTER_KEY_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return configured;
  }
  const file = secretFile();
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    // "wx": of two processes starting at once, one writes the key and the other reads it.
    writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}

let secret: string | undefined;
const hmac = (text: string) =>
  createHmac("sha256", (secret ??= loadSecret()))
    .update(text)
    .digest("base64url");

/**
 * A document number as typed at a counter, in one form: full-width characters folded (NFKC),
 * upper case (the ID card's check character "x"), spaces and dashes dropped.
 */
export function normaliseDocumentNumber(number: string): string {
  return number.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");
}

/**
 * The document's hash for one area: the same document gives the same hash in that area (so it
 * cannot verify a second account there), and an unrelated one in another area.
 */
export function documentHash(areaId: string, kind: DocumentKind, number: string): string {
  return hmac(`document\n${areaId}\n${kind}\n${normaliseDocumentNumber(number)}`);
}

/** Who a person is for the vote, before the cycle's scope: their document, else their account. */
export type PersonRef = { documentHash: string } | { accountId: string };

export function personRefOf(verification: { documentHash: string | null; userId: string }): PersonRef {
  return verification.documentHash ? { documentHash: verification.documentHash } : { accountId: verification.userId };
}

/**
 * The channel of a mark copied under a person's newer key (their document checked after they
 * voted): the same person, not a second elector, nor a paper ballot handed out.
 */
export const LINKED = "linked";

/**
 * The key a Participation row is stored under: scoped to the cycle (its area and year), so that
 * rows of two cycles cannot be joined to follow one person from year to year.
 */
export function voterKey(cycleId: string, person: PersonRef): string {
  const ref = "documentHash" in person ? `document\n${person.documentHash}` : `account\n${person.accountId}`;
  return hmac(`voter\n${cycleId}\n${ref}`);
}
