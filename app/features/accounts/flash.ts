// The confirmations this feature's pages show after a successful form, as translation keys: the
// accounts: a new account, saved settings, a changed password, ended sessions, a deleted account, logging out, a reset password. Gathered with the other features' in app/flash-messages.ts.
export const ACCOUNT_FLASH_MESSAGES = [
  "account.profile.welcome",
  "account.profile.saved",
  "account.password.changed",
  "account.sessions.revoked",
  "account.delete.done",
  "logout.done",
  "login.passwordReset",
] as const;
