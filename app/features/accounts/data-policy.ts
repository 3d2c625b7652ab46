/**
 * Bump when the data policy page changes in substance; each account records the version it
 * agreed to, so the forum can tell who has yet to see the new terms.
 */
export const DATA_POLICY_VERSION = "2026-12-06.4";
