// How each kind of notification is worded. A notification is stored without words (a kind and
// its parameters) and worded when it is read, in the reader's language, or emailed, in the
// recipient's. Features register their kinds here; this feature imports none of them
// (docs/architecture.md: features may import notifications, never the reverse).
import type { TFunction } from "i18next";

/** What a notification's text may use: short strings and numbers, stored as JSON. */
export type NotificationParams = Record<string, string | number>;

export interface NotificationKind {
  /**
   * The translation key of the one-line text, in the feature's own translations, e.g.
   * "interviews.notifications.questionAnswered" with the text "“{{question}}” was answered".
   */
  message: string;
  /**
   * Turns the stored parameters into the text's values for one language, e.g. picking a
   * department's Chinese or English name from `{ departmentZh, departmentEn }`. Without it the
   * parameters are used as they are.
   */
  values?: (params: NotificationParams, locale: string) => Record<string, string | number>;
}

// The kinds the features registered. The email delivery that server.ts starts is in the Remix
// build with them, loaded once (docs/decisions/0028-one-load-of-each-service.md).
const registry = new Map<string, NotificationKind>();

/**
 * Tells the notifications feature how to word a feature's kinds. Call it at the top level of the
 * module that sends them (the module that calls notifyPeople), so that the kinds are registered
 * wherever they can be sent:
 *
 *     registerNotificationKinds({
 *       "interviews.questionAnswered": { message: "interviews.notifications.questionAnswered" },
 *     });
 *
 * Registering a kind again replaces its wording (module reloads in development do that).
 */
export function registerNotificationKinds(kinds: Record<string, NotificationKind>): void {
  for (const [kind, wording] of Object.entries(kinds)) registry.set(kind, wording);
}

/** The key of the text used for a kind nobody registered (or whose text cannot be made). */
export const GENERIC_MESSAGE = "notifications.generic";

/**
 * A notification's one-line text in the language of `t`. A kind that is not registered, a
 * missing translation or parameters that do not fit give a generic text instead of an error:
 * a notification list or an email must never fail because one old row no longer fits.
 */
export function renderNotification(
  notification: { kind: string; params: NotificationParams },
  t: TFunction,
  locale: string,
): string {
  const generic = t(GENERIC_MESSAGE);
  const wording = registry.get(notification.kind);
  if (!wording) return generic;
  try {
    const values = wording.values ? wording.values(notification.params, locale) : notification.params;
    return String(t(wording.message, { ...values, defaultValue: generic }));
  } catch {
    return generic;
  }
}

/** The stored JSON read back; anything that is not an object of strings and numbers is dropped. */
export function parseParams(json: string): NotificationParams {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter(([, value]) => typeof value === "string" || typeof value === "number"),
  ) as NotificationParams;
}
