// The confirmations this feature's pages show after a successful form, as translation keys: the
// commitments: created, saved, progress reported, followed, skip reasons. Gathered with the other features' in app/flash-messages.ts.
export const COMMITMENT_FLASH_MESSAGES = [
  "commitments.flash.created",
  "commitments.flash.saved",
  "commitments.flash.reported",
  "commitments.flash.followed",
  "commitments.flash.unfollowed",
  "commitments.flash.skipReasonSaved",
] as const;
