/**
 * Roles an administrator grants. Every account is a resident; officials are department members.
 * Counter staff enter what residents hand in on paper, by phone or at a service counter, and
 * help people identified there (a password reset code).
 */
export const GRANTABLE_ROLES = ["moderator", "counterStaff", "administrator"] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** What the permission rules need to know about the person acting. */
export interface Actor {
  id: string;
  roles: readonly GrantableRole[];
  departmentIds: readonly string[];
}

export const isAdministrator = (actor: Actor | null) => !!actor?.roles.includes("administrator");
export const isModerator = (actor: Actor | null) => !!actor?.roles.includes("moderator");
export const isCounterStaff = (actor: Actor | null) => !!actor?.roles.includes("counterStaff");
export const isOfficial = (actor: Actor | null) => !!actor && actor.departmentIds.length > 0;

/** The roles a person holds, in the order the interface lists them. */
export function roleNames(actor: Actor): Array<"resident" | "official" | GrantableRole> {
  return [
    "resident",
    ...(isOfficial(actor) ? (["official"] as const) : []),
    ...GRANTABLE_ROLES.filter((role) => actor.roles.includes(role)),
  ];
}
