import { useTranslation } from "react-i18next";

/** The confirmations a redirect can carry: translation keys, so each is shown in the reader's language. */
export const FLASH_MESSAGES = [
  "account.profile.welcome",
  "account.profile.saved",
  "account.password.changed",
  "account.sessions.revoked",
  "account.delete.done",
  "logout.done",
  "login.passwordReset",
  "admin.users.saved",
  "admin.departments.created",
  "admin.departments.saved",
  "admin.departments.deleted",
  "interviews.ask.receivedPending",
  "interviews.ask.receivedPublished",
  "interviews.host.saved",
  "interviews.host.scheduled",
  "interviews.host.changed",
  "interviews.moderation.approved",
  "interviews.moderation.rejectedDone",
  "interviews.moderation.edited",
  "interviews.moderation.mergedDone",
  "interviews.moderation.reassigned",
  "interviews.console.answered",
  "interviews.console.markedAnswering",
  "interviews.console.classified",
  "interviews.counter.entered",
  "interviews.rating.saved",
  "notifications.markedRead",
  "notifications.allMarkedRead",
] as const;

export type Flash = { message: (typeof FLASH_MESSAGES)[number]; values?: Record<string, string> };

export const FLASH_MESSAGE_ID = "flash-message";

/**
 * The page's live region for confirmations. It is in every page from the start, empty until a
 * message arrives, because screen readers reliably announce only changes to a region they
 * already know; the root layout also moves focus to the message (see useFocusAfterNavigation).
 */
export function FlashRegion({ flash }: { flash: Flash | null | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="flash" role="status">
      {flash ? (
        <p id={FLASH_MESSAGE_ID} className="status" tabIndex={-1}>
          {t(flash.message, flash.values)}
        </p>
      ) : null}
    </div>
  );
}
