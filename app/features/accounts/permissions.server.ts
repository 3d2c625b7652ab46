import { isAdministrator, isCounterStaff, type Actor } from "~/shared/roles";

/**
 * Who may hand a person a password reset code: staff at a service counter, who check the
 * person's identity document first, and administrators.
 */
export const canIssueResetCode = (actor: Actor | null) => isCounterStaff(actor) || isAdministrator(actor);

/** The counter desk (offline entries, reset codes) is for counter staff and administrators. */
export const canUseCounterDesk = canIssueResetCode;
