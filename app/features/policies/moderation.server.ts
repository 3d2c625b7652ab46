// Moderators look after a community draft: a protected page is edited only by officials of the
// owning department; a blocked person reads the draft but may not change it. Each act is
// audited in the same transaction, and the draft's open sockets are checked again at once.
import type { User } from "lucia";
import { db } from "~/db.server";
import { fail, type Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { announceDraftAccessChanged } from "./draft-access.server";
import { canModerateDraft } from "./editing-permissions.server";

export async function protectPolicy(user: User, policyId: string, input: { reason: string }) {
  return setProtection(user, policyId, true, input.reason);
}

export async function unprotectPolicy(user: User, policyId: string, input: { reason: string }) {
  return setProtection(user, policyId, false, input.reason);
}

async function setProtection(user: User, policyId: string, on: boolean, reason: string): Promise<Outcome> {
  if (!canModerateDraft(user)) return fail("form", "policies.editing.errors.notModerator");
  const changed = await db.$transaction(async (tx) => {
    // Only a real change is written and audited: a second click on a stale page does nothing.
    const { count } = await tx.policy.updateMany({ where: { id: policyId, protected: !on }, data: { protected: on } });
    if (count === 0) return false;
    const policy = await tx.policy.findUniqueOrThrow({
      where: { id: policyId },
      select: { title: true, departmentId: true },
    });
    await recordAudit(tx, {
      actor: user,
      action: on ? "policy.protect" : "policy.unprotect",
      targetType: "policy",
      targetId: policyId,
      detail: { title: policy.title, departmentId: policy.departmentId, reason },
    });
    return true;
  });
  if (changed) announceDraftAccessChanged(policyId);
  return { ok: true, value: undefined };
}

export async function blockEditor(
  user: User,
  policyId: string,
  input: { userId: string; reason: string },
): Promise<Outcome> {
  if (!canModerateDraft(user)) return fail("form", "policies.editing.errors.notModerator");
  if (input.userId === user.id) return fail("userId", "policies.editing.errors.notYourself");
  const person = await db.user.findFirst({
    where: { id: input.userId, deletedAt: null },
    select: { id: true, displayName: true },
  });
  if (!person) return fail("userId", "validation.choose");
  const blocked = await db.$transaction(async (tx) => {
    if (
      await tx.editingBlock.findUnique({
        where: { policyId_userId: { policyId, userId: person.id } },
        select: { userId: true },
      })
    )
      return false;
    await tx.editingBlock.create({ data: { policyId, userId: person.id, reason: input.reason, blockedById: user.id } });
    const policy = await tx.policy.findUniqueOrThrow({
      where: { id: policyId },
      select: { title: true, departmentId: true },
    });
    await recordAudit(tx, {
      actor: user,
      action: "policy.blockEditor",
      targetType: "user",
      targetId: person.id,
      detail: { policyId, title: policy.title, departmentId: policy.departmentId, reason: input.reason },
    });
    return true;
  });
  if (blocked) announceDraftAccessChanged(policyId);
  return { ok: true, value: undefined };
}

export async function unblockEditor(
  user: User,
  policyId: string,
  input: { userId: string; reason: string },
): Promise<Outcome> {
  if (!canModerateDraft(user)) return fail("form", "policies.editing.errors.notModerator");
  const unblocked = await db.$transaction(async (tx) => {
    const { count } = await tx.editingBlock.deleteMany({ where: { policyId, userId: input.userId } });
    if (count === 0) return false;
    const policy = await tx.policy.findUniqueOrThrow({
      where: { id: policyId },
      select: { title: true, departmentId: true },
    });
    await recordAudit(tx, {
      actor: user,
      action: "policy.unblockEditor",
      targetType: "user",
      targetId: input.userId,
      detail: { policyId, title: policy.title, departmentId: policy.departmentId, reason: input.reason },
    });
    return true;
  });
  if (unblocked) announceDraftAccessChanged(policyId);
  return { ok: true, value: undefined };
}

/** The moderation panel: who is blocked, and who has edited (the people one might block). */
export async function draftModeration(policyId: string) {
  const [blocks, authors] = await Promise.all([
    db.editingBlock.findMany({
      where: { policyId },
      orderBy: { createdAt: "desc" },
      select: { reason: true, createdAt: true, user: { select: { id: true, displayName: true } } },
    }),
    db.revisionAuthor.findMany({
      where: { revision: { policyId } },
      distinct: ["userId"],
      select: { user: { select: { id: true, displayName: true } } },
      take: 200,
    }),
  ]);
  const blockedIds = new Set(blocks.map((block) => block.user.id));
  return {
    blocks: blocks.map(({ user, ...block }) => ({ ...block, userId: user.id, displayName: user.displayName })),
    editors: authors.map(({ user }) => user).filter((author) => !blockedIds.has(author.id)),
  };
}
