import { isAdministrator, isOfficial, type Actor } from "~/shared/roles";

// Who may do what with policies and their official versions. Every command checks these on the
// server, whatever the page shows. Editing the community draft, protecting it and blocking
// editors are decided in the editing part (collab access), not here.

/** Administrators manage any policy; officials only those of a department they belong to. */
export function canManagePolicy(actor: Actor | null, departmentId: string) {
  if (!actor) return false;
  return isAdministrator(actor) || actor.departmentIds.includes(departmentId);
}

/** Whether the person may create policies at all (for links and the department choice). */
export const canCreatePolicies = (actor: Actor | null) => isAdministrator(actor) || isOfficial(actor);

/** The departments a person may give a policy to: all for administrators, their own for officials. */
export function assignableDepartments<D extends { id: string }>(actor: Actor, departments: readonly D[]): D[] {
  return isAdministrator(actor)
    ? [...departments]
    : departments.filter((department) => actor.departmentIds.includes(department.id));
}
