import { createHash, randomBytes } from "node:crypto";
import { db } from "~/db.server";

// A browser the person signed in from before. Its cookie holds a random token; the database
// keeps only the token's hash, so a copy of the database cannot be turned into device cookies.

export const KNOWN_DEVICE_COOKIE = "forum_device";
/** A device stays known for a year after it was last used to sign in. */
export const KNOWN_DEVICE_DAYS = 365;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The token's hash when the token names a device of this person, else null. */
export async function recogniseDevice(userId: string, token: string | null): Promise<string | null> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const device = await db.knownDevice.findUnique({ where: { tokenHash }, select: { userId: true, lastUsedAt: true } });
  if (!device || device.userId !== userId) return null;
  if (Date.now() - device.lastUsedAt.getTime() > KNOWN_DEVICE_DAYS * 24 * 3600 * 1000) return null;
  return tokenHash;
}

/**
 * After a successful sign-in: remembers this browser for the person and returns the token for
 * its cookie. `recognised` is what recogniseDevice found for the same token.
 */
export async function rememberDevice(userId: string, token: string | null, recognised: string | null): Promise<string> {
  if (token && recognised) {
    await db.knownDevice.update({ where: { tokenHash: recognised }, data: { lastUsedAt: new Date() } });
    return token;
  }
  const fresh = randomBytes(32).toString("base64url");
  await db.knownDevice.create({ data: { tokenHash: hashToken(fresh), userId } });
  return fresh;
}
