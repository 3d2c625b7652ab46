// The fixed lists of the priorities feature: what a cycle and a proposal can be. The words for
// each value are in translations.ts under the same names.

export const BALLOT_METHODS = ["approval", "ranked", "budget"] as const;
export type BallotMethod = (typeof BALLOT_METHODS)[number];

/** Where a proposal came from: residents online, or counter staff entering what was handed in. */
export const OFFLINE_CHANNELS = ["paper", "meeting", "hotline"] as const;
export const PROPOSAL_CHANNELS = ["online", ...OFFLINE_CHANNELS] as const;
export type ProposalChannel = (typeof PROPOSAL_CHANNELS)[number];

export const PROPOSAL_STATUSES = ["submitted", "shortlisted", "merged", "declined"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * A fixed list, so that proposals can be filtered and counted by category and each has words in
 * both languages; "other" takes whatever fits none of them.
 */
export const PROPOSAL_CATEGORIES = [
  "transport",
  "housing",
  "environment",
  "education",
  "health",
  "elderly",
  "safety",
  "culture",
  "other",
] as const;
export type ProposalCategory = (typeof PROPOSAL_CATEGORIES)[number];

export const PROPOSAL_TITLE_MAX = 120;
export const PROPOSAL_DESCRIPTION_MAX = 2000;
export const RESPONSE_MAX = 1000;
export const MAX_CHOICES_LIMIT = 20;
/** A cost or budget beyond ten billion yuan is a typing mistake, not a district project. */
export const COST_LIMIT = 10_000_000_000;
export const PROPOSALS_PAGE_SIZE = 20;
