import { isAdministrator, isCounterStaff, type Actor } from "~/shared/roles";

// Who may verify residents, issue codes and handle paper ballots. Every command checks these on
// the server, whatever the page shows. (The cycles part keeps its rules in permissions.server.ts.)

/** Counter staff look at a resident's document and mark them verified; administrators may too. */
export const canVerifyResidents = (actor: Actor | null) => isCounterStaff(actor) || isAdministrator(actor);

/** One-time codes for letters are printed by administrators. */
export const canGenerateCodes = (actor: Actor | null) => isAdministrator(actor);

/**
 * Paper ballots are entered and confirmed by counter staff only: the issue asks that anyone else,
 * administrators included, be refused, so that every paper ballot passed through two people who
 * handle the boxes.
 */
export const canHandlePaperBallots = (actor: Actor | null) => isCounterStaff(actor);

/** The second pair of eyes: counter staff, and never the person who typed the batch in. */
export const canConfirmPaperBatch = (actor: Actor | null, batch: { enteredById: string | null }) =>
  canHandlePaperBallots(actor) && !!actor && batch.enteredById !== null && batch.enteredById !== actor.id;
