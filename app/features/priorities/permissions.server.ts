import { isAdministrator, isCounterStaff, isOfficial, type Actor } from "~/shared/roles";

// Who may do what with areas, cycles and proposals. Every command checks these on the server,
// whatever the page shows.

/** Areas and cycles (their dates, their ballot method, opening a phase by hand) are the administrators'. */
export const canManageCycles = (actor: Actor | null) => isAdministrator(actor);

/** Counter staff enter proposals handed in on paper, at a meeting or by the hotline. */
export const canEnterOfflineProposal = (actor: Actor | null) => isCounterStaff(actor) || isAdministrator(actor);

/** Officials (of any department: priorities cut across them) and administrators review proposals. */
export const canReviewProposals = (actor: Actor | null) => isOfficial(actor) || isAdministrator(actor);

/**
 * Correcting a published result (counting a batch confirmed too late, leaving out a wrong one)
 * is the administrators': one proposes, and a second one, never the proposer, carries it out.
 */
export const canCorrectResults = (actor: Actor | null) => isAdministrator(actor);

/**
 * Undoing a merge or a decline is open to the same people as making one: a reviewer who notices
 * a colleague's mistake should not have to find that colleague first. Every undo is audited.
 */
export const canUndoReview = (actor: Actor | null) => canReviewProposals(actor);
