// The confirmations this feature's pages show after a successful form, as translation keys: the
// interviews: questions asked, sessions scheduled and changed, moderation, answers, counter entries, ratings. Gathered with the other features' in app/flash-messages.ts.
export const INTERVIEW_FLASH_MESSAGES = [
  "interviews.ask.receivedPending",
  "interviews.ask.receivedPublished",
  "interviews.host.saved",
  "interviews.host.scheduled",
  "interviews.host.changed",
  "interviews.moderation.approved",
  "interviews.moderation.rejectedDone",
  "interviews.moderation.edited",
  "interviews.moderation.mergedDone",
  "interviews.moderation.reassigned",
  "interviews.moderation.bulkApproved",
  "interviews.console.answered",
  "interviews.console.markedAnswering",
  "interviews.console.classified",
  "interviews.counter.entered",
  "interviews.rating.saved",
  "interviews.questions.voteCounted",
  "interviews.questions.voteWithdrawn",
  "interviews.holidaysPage.saved",
] as const;
