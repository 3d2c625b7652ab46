// The confirmations this feature's pages show after a successful form, as translation keys: the
// departments: created, saved and deleted by an administrator. Gathered with the other features' in app/flash-messages.ts.
export const DEPARTMENT_FLASH_MESSAGES = [
  "admin.departments.created",
  "admin.departments.saved",
  "admin.departments.deleted",
] as const;
