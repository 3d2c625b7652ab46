import { isAdministrator, isCounterStaff, isModerator, isOfficial, type Actor } from "~/shared/roles";

// Who may do what with interview sessions and their questions. Every command checks these on
// the server, whatever the page shows.

/** An administrator schedules any session; an official only for departments they belong to. */
export function canScheduleSession(actor: Actor, departmentIds: readonly string[]) {
  if (isAdministrator(actor)) return true;
  return isOfficial(actor) && departmentIds.length > 0 && departmentIds.every((id) => actor.departmentIds.includes(id));
}

/** Hosts (administrators, officials of a hosting department) edit the session and change its state. */
export function isHost(actor: Actor | null, hostDepartmentIds: readonly string[]) {
  if (!actor) return false;
  return isAdministrator(actor) || hostDepartmentIds.some((id) => actor.departmentIds.includes(id));
}

/** The moderation queue: approving, rejecting, editing out personal data, merging duplicates. */
export const canModerate = (actor: Actor | null) => isModerator(actor) || isAdministrator(actor);

/**
 * The hall's running order (decision 0040): hosts and moderators star questions into the "next
 * up" queue, reorder it and mark the current question.
 */
export const canRunQueue = (actor: Actor | null, hostDepartmentIds: readonly string[]) =>
  isHost(actor, hostDepartmentIds) || canModerate(actor);

/**
 * Hiding a question from the page and publishing it again is moderation, not hosting: an official
 * of the hosting department must not take residents' questions off the page they are answering.
 */
export const canHide = canModerate;

/**
 * Only officials of the responsible department answer, mark "now answering" and class a question.
 * A question still to be routed (decision 0044) has none: no official answers it until a
 * moderator routes it.
 */
export const canAnswer = (actor: Actor | null, question: { departmentId: string | null }) =>
  !!actor && question.departmentId !== null && actor.departmentIds.includes(question.departmentId);

/**
 * Moderators route any question; officials pass on (or send back) only their own department's.
 * An official of another hosting department may not route a question to their own department
 * and answer it in the responsible department's place.
 */
export const canReassign = (actor: Actor | null, question: { departmentId: string | null }) =>
  canModerate(actor) || canAnswer(actor, question);

/**
 * "Not ours": the responsible department sends a wrongly routed question back to the moderators'
 * "to be routed" list, with a reason (decision 0044). Only its own officials, and only a question
 * that has a department: the moderators, not the official, choose where it goes next.
 */
export const canSendBack = (actor: Actor | null, question: { departmentId: string | null }) =>
  canAnswer(actor, question);

/** Counter staff enter questions handed in by phone, letter or at a service counter. */
export const canEnterOfflineQuestion = (actor: Actor | null) => isCounterStaff(actor) || isAdministrator(actor);

/** The "overdue / due soon" list and the answering console are for officials. */
export const canSeeDueList = (actor: Actor | null) => isOfficial(actor) || isAdministrator(actor);

/** The departments a person may schedule sessions for: all for administrators, their own for officials. */
export function schedulableDepartments<D extends { id: string }>(actor: Actor, departments: readonly D[]): D[] {
  return isAdministrator(actor)
    ? [...departments]
    : departments.filter((department) => actor.departmentIds.includes(department.id));
}
