import type { User } from "lucia";
import { db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import type { Outcome } from "~/shared/outcome";
import { isRecordId } from "~/validation";
import { byDepartmentName } from "~/ui/department-names";
import type { DepartmentInput } from "./schemas";

/** Sorted by name in the reader's language: the database cannot sort by pinyin, and departments are few. */
export async function listDepartments(locale: string) {
  const departments = await db.department.findMany({ include: { _count: { select: { memberships: true } } } });
  return departments.sort(byDepartmentName(locale));
}

/** Just the names, for a choice of department in a form or a filter. */
export async function listDepartmentNames(locale: string) {
  return (await listDepartments(locale)).map(({ id, nameZh, nameEn }) => ({ id, nameZh, nameEn }));
}

export async function getDepartment(id: string) {
  if (!isRecordId(id)) return null;
  return db.department.findUnique({
    where: { id },
    include: { memberships: { include: { user: { select: { id: true, displayName: true, email: true } } } } },
  });
}

const slugTaken = { ok: false as const, field: "slug", error: "validation.slugTaken" };

export async function createDepartment(actor: User, input: DepartmentInput): Promise<Outcome<{ id: string }>> {
  if (await db.department.findUnique({ where: { slug: input.slug }, select: { id: true } })) return slugTaken;
  try {
    const department = await db.$transaction(async (tx) => {
      const created = await tx.department.create({ data: input });
      await recordAudit(tx, {
        actor,
        action: "department.create",
        targetType: "department",
        targetId: created.id,
        detail: input,
      });
      return created;
    });
    return { ok: true, value: { id: department.id } };
  } catch (error) {
    if (isUniqueViolation(error)) return slugTaken; // another administrator took the name a moment ago
    throw error;
  }
}

export async function updateDepartment(actor: User, id: string, input: DepartmentInput): Promise<Outcome> {
  const clash = await db.department.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (clash && clash.id !== id) return slugTaken;
  try {
    await saveDepartment(actor, id, input);
  } catch (error) {
    if (isUniqueViolation(error)) return slugTaken;
    throw error;
  }
  return { ok: true, value: undefined };
}

async function saveDepartment(actor: User, id: string, input: DepartmentInput) {
  await db.$transaction(async (tx) => {
    const before = await tx.department.findUniqueOrThrow({ where: { id } });
    await tx.department.update({ where: { id }, data: input });
    await recordAudit(tx, {
      actor,
      action: "department.update",
      targetType: "department",
      targetId: id,
      detail: { before: { slug: before.slug, nameZh: before.nameZh, nameEn: before.nameEn }, after: input },
    });
  });
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/** Deleting a department ends its officials' membership of it; the audit entry keeps who they were. */
export async function deleteDepartment(actor: User, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const department = await tx.department.findUniqueOrThrow({ where: { id }, include: { memberships: true } });
    await tx.department.delete({ where: { id } });
    await recordAudit(tx, {
      actor,
      action: "department.delete",
      targetType: "department",
      targetId: id,
      detail: {
        slug: department.slug,
        nameZh: department.nameZh,
        nameEn: department.nameEn,
        officials: department.memberships.map((m) => m.userId),
      },
    });
  });
}
