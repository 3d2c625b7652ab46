// The confirmations this feature's pages show after a successful form, as translation keys: the
// policies: drafts and versions, comments and adoption, co-editing moderation. Gathered with the other features' in app/flash-messages.ts.
export const POLICY_FLASH_MESSAGES = [
  "policies.flash.created",
  "policies.flash.saved",
  "policies.flash.statusChanged",
  "policies.flash.published",
  "policies.comments.flash.posted",
  "policies.comments.flash.replied",
  "policies.comments.flash.outcomeMarked",
  "policies.comments.flash.hidden",
  "policies.comments.flash.adopted",
  "policies.editing.flash.saved",
  "policies.editing.flash.restored",
  "policies.editing.flash.protected",
  "policies.editing.flash.unprotected",
  "policies.editing.flash.blocked",
  "policies.editing.flash.unblocked",
  "policies.suggestions.flash.suggested",
  "policies.suggestions.flash.stance",
  "policies.suggestions.flash.accepted",
  "policies.suggestions.flash.rejected",
  "policies.suggestions.flash.modeChosen",
] as const;
