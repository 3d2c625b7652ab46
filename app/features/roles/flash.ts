// The confirmations this feature's pages show after a successful form, as translation keys: the
// roles: an administrator saved a person's roles. Gathered with the other features' in app/flash-messages.ts.
export const ROLE_FLASH_MESSAGES = ["admin.users.saved"] as const;
