// A policy's status and the changes an official may make to it. Shared by the server and pages.

export const POLICY_STATUSES = ["draft", "open", "closed", "adopted"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/**
 * Opening copies the latest official version into the community draft (the first time) and lets
 * residents edit; closing makes the draft read-only; reopening lets them edit again. Adopting is
 * the adopt page only (/policies/<id>/adopt): it always makes a new version with its response
 * report, so no status change adopts without one (docs/decisions/0031). "reopen" undoes an
 * adoption made by mistake: administrators only, audited; the policy is closed again (the
 * version adopted stays, as every version does) and can be adopted again from the adopt page.
 */
export const STATUS_CHANGES = {
  open: { from: ["draft", "closed"], to: "open" },
  close: { from: ["open"], to: "closed" },
  reopen: { from: ["adopted"], to: "closed" },
} as const satisfies Record<string, { from: readonly PolicyStatus[]; to: PolicyStatus }>;
export type StatusChange = keyof typeof STATUS_CHANGES;
export const STATUS_CHANGE_NAMES = Object.keys(STATUS_CHANGES) as StatusChange[];

export const isPolicyStatus = (value: string): value is PolicyStatus =>
  (POLICY_STATUSES as readonly string[]).includes(value);
