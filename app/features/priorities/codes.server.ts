import { createHash, randomInt } from "node:crypto";
import type { User } from "lucia";
import { RateLimiterRes } from "rate-limiter-flexible";
import { createRateLimiter } from "~/shared/rate-limiter.server";
import { RateLimited } from "~/features/accounts/rate-limit.server";
import { personalActor, recordAudit } from "~/features/audit/audit.server";
import { DEFAULT_TIME_ZONE } from "~/features/preferences/preferences.server";
import { db } from "~/db.server";
import { canGenerateCodes } from "./voting-permissions.server";
import type { CodeBatchInput, RedeemCodeInput } from "./voting-schemas";
import { endOfDay } from "./voting-days";
import { getAreaName } from "./verification.server";
import { refuse, type VotingOutcome } from "./voting-form.server";

// One-time codes printed in letters to an area's households. A code is 12 characters from an
// alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), read in groups of four:
// 25^12 is about 6e16 codes, so with a few thousand live codes and ten tries per quarter hour
// guessing one is hopeless. Only the SHA-256 of the normalised code is stored: a copy of the
// database does not let anyone verify themselves. A fast unsalted hash is enough: 55 random bits
// leave no dictionary to try, and the lookup by hash must stay one indexed read.

export const CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";
const CODE_LENGTH = 12;

/** "ab3c-d4ef 7ghj" -> "AB3CD4EF7GHJ": what the resident types, forgiven spaces, dashes and case. */
export function normaliseCode(code: string): string {
  return code
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}

export const hashCode = (code: string) => createHash("sha256").update(normaliseCode(code)).digest("hex");

/** Grouped for reading aloud and typing: XXXX-XXXX-XXXX. */
export const groupCode = (code: string) =>
  normaliseCode(code)
    .match(/.{1,4}/g)!
    .join("-");

export function newCode(): string {
  let code = "";
  for (let index = 0; index < CODE_LENGTH; index++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return groupCode(code);
}

/**
 * Generates a batch and returns its codes: the only time they exist in clear. The page shows
 * them once for printing; nothing can show them again.
 */
export async function generateCodeBatch(
  actor: User,
  areaId: string,
  input: CodeBatchInput,
): Promise<VotingOutcome<{ batchId: string; codes: string[]; expiresAt: Date }>> {
  if (!canGenerateCodes(actor)) return refuse("form", "priorities.voting.errors.notAdministrator");
  const area = await getAreaName(areaId);
  if (!area) return refuse("form", "priorities.voting.errors.noSuchArea");
  // The codes work to the end of the chosen day in the forum's zone.
  const expiresAt = endOfDay(input.expiresOn, DEFAULT_TIME_ZONE);
  if (expiresAt.getTime() <= Date.now()) return refuse("expiresOn", "priorities.voting.errors.expiryPast");
  const codes = new Set<string>();
  while (codes.size < input.size) codes.add(newCode());
  const list = [...codes];
  const batch = await db.$transaction(async (tx) => {
    const created = await tx.verificationCodeBatch.create({
      data: { areaId, label: input.label, size: list.length, createdById: actor.id, expiresAt },
    });
    await tx.verificationCode.createMany({
      data: list.map((code) => ({ codeHash: hashCode(code), batchId: created.id })),
    });
    await recordAudit(tx, {
      actor,
      action: "verificationCodes.generate",
      targetType: "area",
      targetId: areaId,
      detail: {
        batchId: created.id,
        label: input.label,
        size: list.length,
        areaNameZh: area.nameZh,
        areaNameEn: area.nameEn,
      },
    });
    return created;
  });
  return { ok: true, value: { batchId: batch.id, codes: list, expiresAt } };
}

/** The area's batches, newest first, with how many codes have been redeemed. */
export async function listCodeBatches(areaId: string) {
  const [batches, redeemed] = await Promise.all([
    db.verificationCodeBatch.findMany({
      where: { areaId },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: {
        id: true,
        label: true,
        size: true,
        createdAt: true,
        expiresAt: true,
        createdBy: { select: { displayName: true } },
      },
    }),
    db.verificationCode.groupBy({
      by: ["batchId"],
      where: { batch: { areaId }, redeemedAt: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const counts = new Map(redeemed.map((row) => [row.batchId, row._count._all]));
  return batches.map(({ createdBy, ...batch }) => ({
    ...batch,
    createdByName: createdBy?.displayName ?? "",
    redeemed: counts.get(batch.id) ?? 0,
  }));
}

// Wrong codes are counted per account and per address: ten a quarter hour each. A right code is
// redeemed once, so only guesses use the allowance up in practice.
const MINUTE = 60;
const limit = (name: string, fallback: number) => Number(process.env[`RATE_LIMIT_${name}`] ?? fallback);
const guesses = {
  byAccount: createRateLimiter({
    keyPrefix: "code-account",
    points: limit("CODES_PER_ACCOUNT", 10),
    duration: 15 * MINUTE,
  }),
  byIp: createRateLimiter({ keyPrefix: "code-ip", points: limit("CODES_PER_IP", 30), duration: 15 * MINUTE }),
};

async function countGuess(userId: string, ip: string) {
  try {
    await guesses.byAccount.consume(userId);
    await guesses.byIp.consume(ip);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new RateLimited(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/**
 * What a used code's redeemedAt holds: that it was used, not when. A letter's code names a
 * household's address; its time of use would match the redeemer's verification and audit entry
 * to the millisecond and so tie the address to the account, which the data policy says is not
 * kept (decision 0026).
 */
export const REDEEMED = new Date(0);

/**
 * A resident redeems a code from a letter and is verified for the code's area. When they came
 * from a cycle's ballot (areaId given), a code for another area is refused rather than
 * verifying them somewhere they did not mean. Unknown, used and expired codes change nothing.
 */
export async function redeemCode(
  user: User,
  input: RedeemCodeInput,
  ip: string,
): Promise<VotingOutcome<{ areaId: string }>> {
  await countGuess(user.id, ip);
  const normalised = normaliseCode(input.code);
  if (normalised.length !== CODE_LENGTH) return refuse("code", "priorities.voting.errors.codeUnknown");
  const code = await db.verificationCode.findUnique({
    where: { codeHash: hashCode(normalised) },
    select: {
      codeHash: true,
      redeemedAt: true,
      batch: { select: { areaId: true, expiresAt: true, area: { select: { nameZh: true, nameEn: true } } } },
    },
  });
  if (!code) return refuse("code", "priorities.voting.errors.codeUnknown");
  if (code.redeemedAt) return refuse("code", "priorities.voting.errors.codeUsed");
  if (code.batch.expiresAt.getTime() <= Date.now()) return refuse("code", "priorities.voting.errors.codeExpired");
  if (input.areaId && input.areaId !== code.batch.areaId) {
    return refuse("code", "priorities.voting.errors.codeOtherArea", { area: code.batch.area });
  }
  const areaId = code.batch.areaId;
  // A household's letter may serve another member: someone already verified keeps the code unused.
  if (
    await db.verification.findUnique({
      where: { areaId_userId: { areaId, userId: user.id } },
      select: { userId: true },
    })
  ) {
    return refuse("code", "priorities.voting.errors.alreadyVerified", { area: code.batch.area });
  }
  const redeemed = await db.$transaction(async (tx) => {
    // Only the first of two simultaneous redemptions finds the code unused.
    const taken = await tx.verificationCode.updateMany({
      where: { codeHash: code.codeHash, redeemedAt: null },
      data: { redeemedAt: REDEEMED },
    });
    if (taken.count !== 1) return false;
    await tx.verification.upsert({
      where: { areaId_userId: { areaId, userId: user.id } },
      // A resident already checked at a counter keeps that stronger record.
      create: { areaId, userId: user.id, method: "code" },
      update: {},
    });
    await recordAudit(tx, {
      actor: personalActor(user.id),
      action: "verificationCode.redeem",
      targetType: "area",
      targetId: areaId,
    });
    return true;
  });
  if (!redeemed) return refuse("code", "priorities.voting.errors.codeUsed");
  return { ok: true, value: { areaId } };
}
