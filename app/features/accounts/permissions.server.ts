import { isAdministrator, isCounterStaff, type Actor } from "~/shared/roles";

/**
 * Who may hand a person a password reset code at all: staff at a service counter, who check the
 * person's identity document first, and administrators. Whose password they may reset is
 * canResetPasswordOf.
 */
export const canIssueResetCode = (actor: Actor | null) => isCounterStaff(actor) || isAdministrator(actor);

/** The counter desk (offline entries, reset codes) is for counter staff and administrators. */
export const canUseCounterDesk = canIssueResetCode;

/**
 * The account a reset code would be for, as the database holds it at the moment of the check.
 * `roles` are every Role row the account has, not only the roles this version knows: an
 * unknown role is still a role, and being careful costs a resident nothing.
 */
export interface ResetTarget {
  id: string;
  roles: readonly string[];
  departmentIds: readonly string[];
  deleted: boolean;
}

/** Why a reset code is refused; each has its own message at the counter. */
export type ResetRefusal = "notAllowed" | "deletedAccount" | "ownAccount" | "staffAccount";

/**
 * Whose password a person may reset with a code (docs/decisions/0023):
 *
 * - counter staff: plain residents only (no role, no department membership);
 * - administrators: anyone, including another administrator;
 * - nobody: their own account (they change it with their password, or ask someone else), or a
 *   deleted account.
 *
 * A code is a password: whoever holds it takes over the account. A counter clerk who could reset
 * a colleague would confirm their own paper ballots (the two-person rule falls to one person),
 * and one who could reset an administrator would hold the whole forum. Checked when a code is
 * issued and again when it is used, on the accounts as they are then.
 */
export function resetPasswordRefusal(actor: Actor | null, target: ResetTarget): ResetRefusal | null {
  if (!actor || !canIssueResetCode(actor)) return "notAllowed";
  if (target.deleted) return "deletedAccount";
  if (target.id === actor.id) return "ownAccount";
  const plainResident = target.roles.length === 0 && target.departmentIds.length === 0;
  if (plainResident || isAdministrator(actor)) return null;
  return "staffAccount";
}

/** The rule above as a yes or no. */
export const canResetPasswordOf = (actor: Actor | null, target: ResetTarget) =>
  resetPasswordRefusal(actor, target) === null;
