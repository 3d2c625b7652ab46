// What a command returns: its value, or the field at fault and an i18n key for the message.
// Every feature's commands and the form helpers of app/ui speak it, so it lives below them all.

/** A failed command names the field at fault and an i18n key for the message. */
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; field: string; error: string };

/** The failure of a command: the field at fault and the i18n key of the message. */
export const fail = (field: string, error: string): { ok: false; field: string; error: string } => ({
  ok: false,
  field,
  error,
});
