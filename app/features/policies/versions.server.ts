import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { canManagePolicy } from "./permissions.server";
import { CANONICAL_TEXT_FORM } from "./draft-text";
import { linesAsText, parsePolicyText, renderText } from "./render.server";
import type { VersionInput } from "./schemas";

const versionSelect = {
  id: true,
  policyId: true,
  number: true,
  changeNote: true,
  content: true,
  html: true,
  text: true,
  responseReport: true,
  createdAt: true,
} as const;

/** The newest official version, or null before the first is published. */
export async function latestVersion(policyId: string) {
  return db.policyVersion.findFirst({ where: { policyId }, orderBy: { number: "desc" }, select: versionSelect });
}
export type VersionView = NonNullable<Awaited<ReturnType<typeof latestVersion>>>;

export async function getVersion(policyId: string, number: number) {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  return db.policyVersion.findUnique({ where: { policyId_number: { policyId, number } }, select: versionSelect });
}

/** Every version, newest first, without the texts: for the policy page's list. */
export async function listVersions(policyId: string) {
  return db.policyVersion.findMany({
    where: { policyId },
    orderBy: { number: "desc" },
    select: { number: true, changeNote: true, createdAt: true },
  });
}

/**
 * Publishes the next official version. The text is checked against the schema and rendered
 * here, on the server; versions are never changed afterwards (nothing updates PolicyVersion).
 */
export async function publishVersion(
  actor: User,
  policy: { id: string; title: string; departmentId: string },
  input: Pick<VersionInput, "content" | "changeNote"> & { lines?: string },
  responseReport: string | null = null,
): Promise<Outcome<{ number: number }>> {
  if (!canManagePolicy(actor, policy.departmentId))
    return { ok: false, field: "form", error: "policies.errors.notAllowed" };
  const parsed = parsePolicyText(input.content || linesAsText(input.lines ?? ""));
  if (!parsed.ok) return { ok: false, field: input.content ? "content" : "lines", error: parsed.error };
  const rendered = renderText(parsed.json);
  // Two officials publishing at once both read the same last number; the unique (policy,
  // number) refuses the second, which then takes the next number.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const number = await db.$transaction(async (tx) => {
        // While residents edit the draft from the latest version, a version published beside it
        // would leave the draft on the old text: versions then come from adopting the draft.
        const { status } = await tx.policy.findUniqueOrThrow({ where: { id: policy.id }, select: { status: true } });
        if (status === "open") throw new ConsultationOpen();
        const last = await tx.policyVersion.findFirst({
          where: { policyId: policy.id },
          orderBy: { number: "desc" },
          select: { number: true },
        });
        const next = (last?.number ?? 0) + 1;
        await tx.policyVersion.create({
          data: {
            policyId: policy.id,
            number: next,
            changeNote: input.changeNote,
            content: JSON.stringify(parsed.json),
            html: rendered.html,
            text: rendered.text,
            textForm: CANONICAL_TEXT_FORM,
            responseReport,
            createdById: actor.id,
          },
        });
        // The policy's own time moves with its text: the list shows recently changed policies first.
        await tx.policy.update({ where: { id: policy.id }, data: { updatedAt: new Date() } });
        await recordAudit(tx, {
          actor,
          action: "policyVersion.publish",
          targetType: "policy",
          targetId: policy.id,
          detail: { title: policy.title, departmentId: policy.departmentId, number: next },
        });
        return next;
      });
      return { ok: true, value: { number } };
    } catch (error) {
      if (error instanceof ConsultationOpen)
        return { ok: false, field: "form", error: "policies.errors.consultationOpen" };
      if ((error as { code?: string })?.code !== "P2002") throw error;
    }
  }
  return { ok: false, field: "form", error: "policies.errors.busy" };
}

class ConsultationOpen extends Error {}
