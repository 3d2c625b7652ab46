import { isAdministrator, isOfficial, type Actor } from "~/shared/roles";

// Who may do what with commitments. Every command checks these on the server, whatever the
// page shows.

/** An administrator makes and edits any commitment; an official only for their own department. */
export function canManageCommitment(actor: Actor | null, departmentId: string) {
  if (!actor) return false;
  return isAdministrator(actor) || actor.departmentIds.includes(departmentId);
}

/** Whether the person may make commitments at all (for links and the department choice). */
export const canMakeCommitments = (actor: Actor | null) => isAdministrator(actor) || isOfficial(actor);

/**
 * Only officials of the responsible department report progress, administrators included only
 * when they are also members: a report speaks for the department, under the official's name
 * (decision 0019).
 */
export const canReportProgress = (actor: Actor | null, commitment: { departmentId: string }) =>
  !!actor && actor.departmentIds.includes(commitment.departmentId);

/** The departments a person may give a commitment to: all for administrators, their own for officials. */
export function assignableDepartments<D extends { id: string }>(actor: Actor, departments: readonly D[]): D[] {
  return isAdministrator(actor)
    ? [...departments]
    : departments.filter((department) => actor.departmentIds.includes(department.id));
}

/**
 * Why a ranked candidate does not become a commitment is said by the department that would have
 * carried it out (or an administrator): the reason speaks for that department in the year-end
 * report. A candidate without a department can only be explained by an administrator.
 */
export function canRecordSkipReason(actor: Actor | null, departmentId: string | null) {
  if (!actor) return false;
  return isAdministrator(actor) || (departmentId !== null && actor.departmentIds.includes(departmentId));
}
