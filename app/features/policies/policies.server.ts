import { announceDraftAccessChanged } from "./draft-access.server";
import type { User } from "lucia";
import { isAdministrator } from "~/shared/roles";
import type { Outcome } from "~/shared/outcome";
import { foldForSearch } from "~/features/accounts/display-name";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import { startCommunityDraft } from "./consultation.server";
import { policySearchText } from "./search";
import { canManagePolicy } from "./permissions.server";
import { dayToDate, type PolicyInput, type PolicyListQuery } from "./schemas";
import { STATUS_CHANGES, type PolicyStatus, type StatusChange } from "./state";
import { latestVersion } from "./versions.server";
import type { ChangeMode } from "./suggestion-schemas";

export const POLICIES_PAGE_SIZE = 20;

const departmentSelect = { id: true, nameZh: true, nameEn: true } as const;

export async function getPolicy(id: string | undefined) {
  if (!isRecordId(id)) return null;
  const policy = await db.policy.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      summary: true,
      departmentId: true,
      status: true,
      opensAt: true,
      closesAt: true,
      protected: true,
      changeMode: true,
      createdAt: true,
      updatedAt: true,
      department: { select: departmentSelect },
    },
  });
  return policy && { ...policy, status: policy.status as PolicyStatus };
}
export type PolicyView = NonNullable<Awaited<ReturnType<typeof getPolicy>>>;

/** The policies page: by status and department, and text found as a substring of title or summary. */
export async function listPolicies(query: PolicyListQuery, pageSize = POLICIES_PAGE_SIZE) {
  const needle = foldForSearch(query.q);
  const where = {
    ...(needle ? { searchText: { contains: needle } } : {}),
    ...(query.department ? { departmentId: query.department } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  const [rows, total] = await Promise.all([
    db.policy.findMany({
      where,
      select: {
        id: true,
        title: true,
        summary: true,
        status: true,
        opensAt: true,
        closesAt: true,
        updatedAt: true,
        department: { select: departmentSelect },
        _count: { select: { versions: true } },
      },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * pageSize,
      take: pageSize,
    }),
    db.policy.count({ where }),
  ]);
  return {
    rows: rows.map((row) => ({ ...row, status: row.status as PolicyStatus })),
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}

async function departmentExists(id: string) {
  return (await db.department.count({ where: { id } })) === 1;
}

const notAllowed = { ok: false as const, field: "form", error: "policies.errors.notAllowed" };

function policyColumns(input: PolicyInput) {
  return {
    title: input.title,
    summary: input.summary,
    departmentId: input.departmentId,
    opensAt: input.opensAt ? dayToDate(input.opensAt) : null,
    closesAt: input.closesAt ? dayToDate(input.closesAt) : null,
    searchText: policySearchText(input.title, input.summary),
  };
}

/** An official of the department (or an administrator) creates a policy; it starts as a draft. */
export async function createPolicy(actor: User, input: PolicyInput): Promise<Outcome<{ id: string }>> {
  if (!canManagePolicy(actor, input.departmentId))
    return { ok: false, field: "departmentId", error: "policies.errors.notAllowed" };
  if (!(await departmentExists(input.departmentId)))
    return { ok: false, field: "departmentId", error: "validation.choose" };
  const created = await db.$transaction(async (tx) => {
    const policy = await tx.policy.create({
      data: { ...policyColumns(input), status: "draft", createdById: actor.id },
    });
    await recordAudit(tx, {
      actor,
      action: "policy.create",
      targetType: "policy",
      targetId: policy.id,
      detail: { title: policy.title, departmentId: policy.departmentId },
    });
    return policy;
  });
  return { ok: true, value: { id: created.id } };
}

export async function updatePolicy(actor: User, policy: PolicyView, input: PolicyInput): Promise<Outcome> {
  // Both the old and the new department must be the actor's: an official cannot hand a policy
  // to, or take one from, a department they do not belong to.
  if (!canManagePolicy(actor, policy.departmentId)) return notAllowed;
  if (!canManagePolicy(actor, input.departmentId))
    return { ok: false, field: "departmentId", error: "policies.errors.notAllowed" };
  if (!(await departmentExists(input.departmentId)))
    return { ok: false, field: "departmentId", error: "validation.choose" };
  await db.$transaction(async (tx) => {
    await tx.policy.update({ where: { id: policy.id }, data: policyColumns(input) });
    await recordAudit(tx, {
      actor,
      action: "policy.update",
      targetType: "policy",
      targetId: policy.id,
      detail: {
        title: input.title,
        departmentId: input.departmentId,
        ...(input.departmentId !== policy.departmentId ? { fromDepartmentId: policy.departmentId } : {}),
      },
    });
  });
  return { ok: true, value: undefined };
}

/**
 * Opens, closes, or reopens an adopted policy (administrators only). Opening needs an official
 * version: the community draft starts as a copy of the latest one (the first time; reopening
 * continues the same draft).
 */
export async function changePolicyStatus(
  actor: User,
  policy: PolicyView,
  change: StatusChange,
  // Chosen with the opening, so residents never meet the draft in a mode the bureau did not want.
  changeMode?: ChangeMode,
): Promise<Outcome<{ status: PolicyStatus }>> {
  if (!canManagePolicy(actor, policy.departmentId)) return notAllowed;
  // Undoing an adoption changes the record the public was given: an administrator's act.
  if (change === "reopen" && !isAdministrator(actor))
    return { ok: false, field: "form", error: "policies.errors.reopenAdministrators" };
  const rule = STATUS_CHANGES[change];
  const cannot = { ok: false as const, field: "form", error: `policies.errors.cannot.${change}` };
  if (!(rule.from as readonly string[]).includes(policy.status)) return cannot;
  const version = change === "open" ? await latestVersion(policy.id) : null;
  if (change === "open") {
    if (!version) return { ok: false, field: "form", error: "policies.errors.noVersion" };
    // Written before the status changes, and the same bytes whoever writes them (see
    // startCommunityDraft): two officials opening at once cannot give the draft the text twice.
    await startCommunityDraft(policy.id, version, actor.id);
  }
  const changed = await db.$transaction(async (tx) => {
    // The status is the condition of the update: two officials pressing at once change it once.
    const { count } = await tx.policy.updateMany({
      where: { id: policy.id, status: { in: [...rule.from] } },
      data: { status: rule.to, ...(change === "open" && changeMode ? { changeMode } : {}) },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "policy.status",
      targetType: "policy",
      targetId: policy.id,
      detail: {
        title: policy.title,
        departmentId: policy.departmentId,
        from: policy.status,
        to: rule.to,
        ...(change === "open" && changeMode ? { changeMode } : {}),
      },
    });
    return true;
  });
  if (!changed) return cannot;
  // Opening, closing or adopting changes who may edit the draft: open sockets and pages learn it now.
  announceDraftAccessChanged(policy.id);
  return { ok: true, value: { status: rule.to } };
}
