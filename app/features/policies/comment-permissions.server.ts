import { isAdministrator, isModerator, type Actor } from "~/shared/roles";

// Who may do what with comments on passages and with adoption. Every command checks these on
// the server, whatever the page shows.

interface PolicyRef {
  departmentId: string;
  status: string;
}

/** Anyone signed in comments and replies while the consultation is open. */
export const canComment = (actor: Actor | null, policy: PolicyRef) => !!actor && policy.status === "open";

/** An official of the owning department speaks for it: their replies are marked as official. */
export const isPolicyOfficial = (actor: Actor | null, policy: { departmentId: string }) =>
  !!actor && actor.departmentIds.includes(policy.departmentId);

/**
 * Officials of the owning department reply (also after the consultation has closed, to answer
 * what is still open) and mark outcomes until the policy is adopted: the response report is
 * the record from then on.
 */
export const canAnswerComments = (actor: Actor | null, policy: PolicyRef) =>
  isPolicyOfficial(actor, policy) && policy.status !== "adopted" && policy.status !== "draft";

/** Moderators hide abusive comments, with a reason shown in their place. */
export const canHideComments = (actor: Actor | null) => isModerator(actor) || isAdministrator(actor);

/** Officials of the owning department adopt the community draft as the next official version. */
export const canAdopt = (actor: Actor | null, policy: PolicyRef) =>
  isPolicyOfficial(actor, policy) && (policy.status === "open" || policy.status === "closed");
