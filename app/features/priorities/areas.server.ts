import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import { canManageCycles } from "./permissions.server";
import type { AreaInput } from "./schemas";

// Areas: the districts and sub-districts a cycle is for and residents are verified in.

const notAdministrator = { ok: false as const, field: "form", error: "priorities.errors.notAdministrator" };
const slugTaken = { ok: false as const, field: "slug", error: "priorities.errors.areaSlugTaken" };
const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === "P2002";

/** Sorted by name in the reader's language (pinyin for Chinese); areas are few. */
export async function listAreas(locale: string) {
  const areas = await db.area.findMany({
    select: { id: true, slug: true, nameZh: true, nameEn: true, _count: { select: { cycles: true } } },
  });
  const zh = locale.startsWith("zh");
  const collator = new Intl.Collator(zh ? "zh-CN" : "en");
  return areas.sort((a, b) => collator.compare(zh ? a.nameZh : a.nameEn, zh ? b.nameZh : b.nameEn));
}

export async function getArea(id: string) {
  if (!isRecordId(id)) return null;
  return db.area.findUnique({ where: { id } });
}

export async function createArea(actor: User, input: AreaInput): Promise<Outcome<{ id: string }>> {
  if (!canManageCycles(actor)) return notAdministrator;
  if (await db.area.findUnique({ where: { slug: input.slug }, select: { id: true } })) return slugTaken;
  try {
    const area = await db.$transaction(async (tx) => {
      const created = await tx.area.create({ data: input });
      await recordAudit(tx, {
        actor,
        action: "area.create",
        targetType: "area",
        targetId: created.id,
        detail: { title: created.nameZh, ...input },
      });
      return created;
    });
    return { ok: true, value: { id: area.id } };
  } catch (error) {
    if (isUniqueViolation(error)) return slugTaken; // another administrator took the name a moment ago
    throw error;
  }
}

/** Renames an area; its cycles and verified residents stay with it. */
export async function renameArea(actor: User, id: string, input: AreaInput): Promise<Outcome> {
  if (!canManageCycles(actor)) return notAdministrator;
  const before = await getArea(id);
  if (!before) return { ok: false, field: "form", error: "priorities.errors.noSuchArea" };
  const clash = await db.area.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (clash && clash.id !== id) return slugTaken;
  try {
    await db.$transaction(async (tx) => {
      await tx.area.update({ where: { id }, data: input });
      await recordAudit(tx, {
        actor,
        action: "area.rename",
        targetType: "area",
        targetId: id,
        detail: {
          title: input.nameZh,
          before: { slug: before.slug, nameZh: before.nameZh, nameEn: before.nameEn },
          after: input,
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return slugTaken;
    throw error;
  }
  return { ok: true, value: undefined };
}
