// Who may do what with suggested changes (decision 0042). Every command checks these on the
// server, whatever the page shows; the collaboration server enforces "suggestions only" through
// policyDocumentState (draft-access.server.ts).
import type { Actor } from "~/shared/roles";
import { isPolicyOfficial } from "./comment-permissions.server";
import type { ChangeMode } from "./suggestion-schemas";

interface PolicyRef {
  departmentId: string;
  status: string;
  changeMode: string;
}

/** Whether the department's chosen mode takes suggestions at all. */
export const takesSuggestions = (mode: string): boolean =>
  mode === ("suggestions" satisfies ChangeMode) || mode === ("both" satisfies ChangeMode);

/** Anyone signed in suggests, supports and opposes while the consultation is open in a mode that takes suggestions. */
export const canSuggest = (actor: Actor | null, policy: PolicyRef) =>
  !!actor && policy.status === "open" && takesSuggestions(policy.changeMode);

/**
 * Officials of the owning department accept or reject suggestions until the policy is adopted
 * (also after the consultation closed: that is when a bureau reviews them), as with comments'
 * outcomes. Membership, not the administrator role: the decision speaks for the department.
 */
export const canDecideSuggestions = (actor: Actor | null, policy: PolicyRef) =>
  isPolicyOfficial(actor, policy) && (policy.status === "open" || policy.status === "closed");

/** Moderators hide an abusive suggestion, as they hide comments; the reason is shown in its place. */
export { canHideComments as canHideSuggestions } from "./comment-permissions.server";

/** The department's officials choose the mode before the policy is adopted. */
export const canChooseChangeMode = (actor: Actor | null, policy: PolicyRef) =>
  isPolicyOfficial(actor, policy) && policy.status !== "adopted";
