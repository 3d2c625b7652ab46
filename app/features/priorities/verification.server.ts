import "./voting-personal-data.server";
import type { User } from "lucia";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { canVerifyResidents } from "./voting-permissions.server";
import type { VerifyResidentInput } from "./voting-schemas";
import { documentHash, LINKED, voterKey } from "./voter-keys.server";
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
    select: {
      method: true,
      documentKind: true,
      verifiedAt: true,
      area: { select: { id: true, nameZh: true, nameEn: true } },
    },
  });
}

export async function isVerified(userId: string, areaId: string): Promise<boolean> {
  return !!(await db.verification.findUnique({
    where: { areaId_userId: { areaId, userId } },
    select: { userId: true },
  }));
}

/** The resident counter staff look up by the email they give, with where they are verified already. */
export async function findResident(actor: User, email: string) {
  if (!canVerifyResidents(actor)) return null;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, displayName: true, email: true, deletedAt: true },
  });
  if (!user || user.deletedAt) return null;
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email ?? "",
    verifications: await listVerifications(user.id),
  };
}

/** "r•••@example.org": enough for staff to ask the person which account is theirs, no more. */
export function maskEmail(email: string | null): string {
  if (!email) return "";
  const [name, domain = ""] = email.split("@");
  return `${name.slice(0, 1)}•••@${domain}`;
}

/**
 * Counter staff have looked at a document and mark the resident verified for an area. The kind
 * of document is kept (which evidence the mark rests on) and a keyed hash of its number
 * (voter-keys.server.ts), never the number: the same document cannot verify a second account
 * in the area. Marking again records the newer check; it never gives a second vote, since a
 * ballot is per person.
 *
 * When the document verified another account before: if that account was deleted, the
 * verification moves to this one; if it is live, staff are told (with the other account's
 * masked email) and the verification moves only when they tick "move", having asked the person.
 * Either way the person's participation in a vote stays marked under the document, so a moved
 * verification never gives a second ballot (castBallot).
 */
export async function verifyResident(
  actor: User,
  input: VerifyResidentInput,
): Promise<VotingOutcome<{ userId: string; displayName: string; moved: boolean }>> {
  if (!canVerifyResidents(actor)) return refuse("form", "priorities.voting.errors.notCounterStaff");
  const [resident, area] = await Promise.all([
    db.user.findUnique({ where: { email: input.email }, select: { id: true, displayName: true, deletedAt: true } }),
    getAreaName(input.areaId),
  ]);
  if (!resident || resident.deletedAt) return refuse("email", "priorities.voting.errors.noSuchResident");
  // Nobody vouches for themselves: a colleague checks a staff member's own document.
  if (resident.id === actor.id) return refuse("email", "priorities.voting.errors.ownVerification");
  if (!area) return refuse("areaId", "validation.choose");
  const hash = documentHash(area.id, input.documentKind, input.documentNumber);
  const data = {
    method: "counter",
    documentKind: input.documentKind,
    documentHash: hash,
    verifiedById: actor.id,
    verifiedAt: new Date(),
  };
  return db.$transaction(async (tx) => {
    const holder = await tx.verification.findUnique({
      where: { areaId_documentHash: { areaId: area.id, documentHash: hash } },
      select: { userId: true, user: { select: { email: true, deletedAt: true } } },
    });
    const movedFrom = holder && holder.userId !== resident.id ? holder : null;
    if (movedFrom && !movedFrom.user.deletedAt && !input.move) {
      return refuse("documentNumber", "priorities.voting.errors.documentUsed", {
        account: maskEmail(movedFrom.user.email),
      });
    }
    if (movedFrom)
      await tx.verification.delete({ where: { areaId_userId: { areaId: area.id, userId: movedFrom.userId } } });
    const before = await tx.verification.findUnique({
      where: { areaId_userId: { areaId: area.id, userId: resident.id } },
      select: { documentHash: true },
    });
    await tx.verification.upsert({
      where: { areaId_userId: { areaId: area.id, userId: resident.id } },
      create: { areaId: area.id, userId: resident.id, ...data },
      update: data,
    });
    // The person may have voted already under another key (their account, when a letter's code
    // verified them, or an earlier document): mark the running votes under this document too,
    // so that no account this document verifies later can vote in them again.
    await markVotesUnderDocument(
      tx,
      area.id,
      [resident.id, ...(movedFrom ? [movedFrom.userId] : [])],
      before?.documentHash ?? null,
      hash,
    );
    await recordAudit(tx, {
      actor,
      action: "resident.verify",
      targetType: "user",
      targetId: resident.id,
      detail: {
        areaId: area.id,
        areaNameZh: area.nameZh,
        areaNameEn: area.nameEn,
        documentKind: input.documentKind,
        ...(movedFrom ? { movedFromAccount: movedFrom.userId } : {}),
      },
    });
    return { ok: true as const, value: { userId: resident.id, displayName: resident.displayName, moved: !!movedFrom } };
  });
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * For every cycle of the area whose vote is open: if any of these accounts (or the earlier
 * document) took part, the document takes part too. Closed votes need nothing: no account can
 * vote in them any more.
 */
async function markVotesUnderDocument(
  tx: Tx,
  areaId: string,
  userIds: string[],
  earlierHash: string | null,
  hash: string,
) {
  const now = new Date();
  const open = await tx.cycle.findMany({
    where: { areaId, voteStartsAt: { lte: now }, resultsStartsAt: { gt: now } },
    select: { id: true },
  });
  for (const { id: cycleId } of open) {
    const earlier = [
      ...userIds.map((accountId) => voterKey(cycleId, { accountId })),
      ...(earlierHash ? [voterKey(cycleId, { documentHash: earlierHash })] : []),
    ];
    const took = await tx.participation.findFirst({
      where: { cycleId, voterKey: { in: earlier } },
      select: { channel: true },
    });
    const voted =
      took ?? (await tx.ballot.findFirst({ where: { cycleId, voterId: { in: userIds } }, select: { channel: true } }));
    // "linked": the same person, not another paper ballot handed out nor another elector.
    if (voted) await insertParticipation(tx, cycleId, voterKey(cycleId, { documentHash: hash }), LINKED);
  }
}

/** Marks that the person took part; false when they had already (the row exists). One statement, race-free on both databases. */
export async function insertParticipation(
  tx: Pick<Tx, "$executeRaw">,
  cycleId: string,
  key: string,
  channel: string,
): Promise<boolean> {
  const inserted =
    await tx.$executeRaw`INSERT INTO "Participation" ("cycleId", "voterKey", "channel") VALUES (${cycleId}, ${key}, ${channel}) ON CONFLICT DO NOTHING`;
  return inserted === 1;
}
