// The confirmations this feature's pages show after a successful form, as translation keys: the
// notifications: marked read. Gathered with the other features' in app/flash-messages.ts.
export const NOTIFICATION_FLASH_MESSAGES = ["notifications.markedRead", "notifications.allMarkedRead"] as const;
