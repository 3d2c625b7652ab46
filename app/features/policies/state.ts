// A policy's status and the changes an official may make to it. Shared by the server and pages.

export const POLICY_STATUSES = ["draft", "open", "closed", "adopted"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/**
 * Opening copies the latest official version into the community draft (the first time) and lets
 * residents edit; closing makes the draft read-only; reopening lets them edit again. Adopting
 * with a response report is its own page (/policies/<id>/adopt); "adopt" here is for a policy
 * adopted without a consultation, or after one closed with nothing to report.
 */
export const STATUS_CHANGES = {
  open: { from: ["draft", "closed"], to: "open" },
  close: { from: ["open"], to: "closed" },
  adopt: { from: ["draft", "closed"], to: "adopted" },
} as const satisfies Record<string, { from: readonly PolicyStatus[]; to: PolicyStatus }>;
export type StatusChange = keyof typeof STATUS_CHANGES;
export const STATUS_CHANGE_NAMES = Object.keys(STATUS_CHANGES) as StatusChange[];

export const isPolicyStatus = (value: string): value is PolicyStatus =>
  (POLICY_STATUSES as readonly string[]).includes(value);
