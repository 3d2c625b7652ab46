import "./voting-personal-data.server";
import type { User } from "lucia";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { canVerifyResidents } from "./voting-permissions.server";
import type { VerifyResidentInput } from "./voting-schemas";
import { refuse, type VotingOutcome } from "./voting-form.server";

export interface AreaName {
  id: string;
  nameZh: string;
  nameEn: string;
}

/** Every area, for the choice at the counter and on the code page. */
export function listAreaNames(): Promise<AreaName[]> {
  return db.area.findMany({ orderBy: [{ nameEn: "asc" }], select: { id: true, nameZh: true, nameEn: true } });
}

export function getAreaName(areaId: string): Promise<AreaName | null> {
  return db.area.findUnique({ where: { id: areaId }, select: { id: true, nameZh: true, nameEn: true } });
}

/** The areas a person is verified for, with how. */
export function listVerifications(userId: string) {
  return db.verification.findMany({
    where: { userId },
    orderBy: { verifiedAt: "asc" },
    select: { method: true, documentKind: true, verifiedAt: true, area: { select: { id: true, nameZh: true, nameEn: true } } },
  });
}

export async function isVerified(userId: string, areaId: string): Promise<boolean> {
  return !!(await db.verification.findUnique({ where: { areaId_userId: { areaId, userId } }, select: { userId: true } }));
}

/** The resident counter staff look up by the email they give, with where they are verified already. */
export async function findResident(actor: User, email: string) {
  if (!canVerifyResidents(actor)) return null;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, displayName: true, email: true, deletedAt: true } });
  if (!user || user.deletedAt) return null;
  return { id: user.id, displayName: user.displayName, email: user.email ?? "", verifications: await listVerifications(user.id) };
}

/**
 * Counter staff have looked at a document and mark the resident verified for an area. The kind
 * of document is kept (which evidence the mark rests on), never its number. Marking again
 * records the newer check; it never gives a second vote, since a ballot is per person.
 */
export async function verifyResident(actor: User, input: VerifyResidentInput): Promise<VotingOutcome<{ userId: string; displayName: string }>> {
  if (!canVerifyResidents(actor)) return refuse("form", "priorities.voting.errors.notCounterStaff");
  const [resident, area] = await Promise.all([
    db.user.findUnique({ where: { email: input.email }, select: { id: true, displayName: true, deletedAt: true } }),
    getAreaName(input.areaId),
  ]);
  if (!resident || resident.deletedAt) return refuse("email", "priorities.voting.errors.noSuchResident");
  // Nobody vouches for themselves: a colleague checks a staff member's own document.
  if (resident.id === actor.id) return refuse("email", "priorities.voting.errors.ownVerification");
  if (!area) return refuse("areaId", "validation.choose");
  const data = { method: "counter", documentKind: input.documentKind, verifiedById: actor.id, verifiedAt: new Date() };
  await db.$transaction(async (tx) => {
    await tx.verification.upsert({
      where: { areaId_userId: { areaId: area.id, userId: resident.id } },
      create: { areaId: area.id, userId: resident.id, ...data },
      update: data,
    });
    await recordAudit(tx, {
      actor,
      action: "resident.verify",
      targetType: "user",
      targetId: resident.id,
      detail: { areaId: area.id, areaNameZh: area.nameZh, areaNameEn: area.nameEn, documentKind: input.documentKind },
    });
  });
  return { ok: true, value: { userId: resident.id, displayName: resident.displayName } };
}
