import { useLocation } from "@remix-run/react";
import { useRef } from "react";
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
  "interviews.questions.voteCounted",
  "interviews.questions.voteWithdrawn",
  "priorities.flash.cycleCreated",
  "priorities.flash.cycleSaved",
  "priorities.flash.phaseStarted",
  "priorities.flash.proposed",
  "priorities.flash.entered",
  "priorities.flash.merged",
  "priorities.flash.declined",
  "priorities.flash.shortlisted",
  "priorities.flash.unshortlisted",
  "priorities.flash.mergeUndone",
  "priorities.flash.declineUndone",
  "priorities.flash.areaCreated",
  "priorities.flash.areaSaved",
  "notifications.markedRead",
  "notifications.allMarkedRead",
  "commitments.flash.created",
  "commitments.flash.saved",
  "commitments.flash.reported",
  "commitments.flash.followed",
  "commitments.flash.unfollowed",
  "commitments.flash.skipReasonSaved",
  "priorities.voting.ballot.cast",
  "priorities.voting.ballot.changed",
  "priorities.voting.redeem.done",
  "priorities.voting.counter.done",
  "priorities.voting.paper.entered",
  "priorities.voting.paper.confirmed",
  "priorities.voting.paper.deleted",
  "priorities.voting.paper.deletionAsked",
  "priorities.voting.counter.doneMoved",
  "priorities.voting.handOut.done",
  "priorities.corrections.proposed",
  "priorities.corrections.confirmed",
  "priorities.corrections.withdrawn",
  "policies.flash.created",
  "policies.flash.saved",
  "policies.flash.statusChanged",
  "policies.flash.published",
  "policies.comments.flash.posted",
  "policies.comments.flash.replied",
  "policies.comments.flash.outcomeMarked",
  "policies.comments.flash.hidden",
  "policies.comments.flash.adopted",
  "policies.editing.flash.saved",
  "policies.editing.flash.restored",
  "policies.editing.flash.protected",
  "policies.editing.flash.unprotected",
  "policies.editing.flash.blocked",
  "policies.editing.flash.unblocked",
] as const;

export type Flash = { message: (typeof FLASH_MESSAGES)[number]; values?: Record<string, string> };

export const FLASH_MESSAGE_ID = "flash-message";

/**
 * The page's live region for confirmations. It is in every page from the start, empty until a
 * message arrives, because screen readers reliably announce only changes to a region they
 * already know; the root layout also moves focus to the message (see useFocusAfterNavigation).
 */
export function FlashRegion({ flash: arrived }: { flash: Flash | null | undefined }) {
  const { t } = useTranslation();
  const flash = useFlashUntilNavigation(arrived);
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

/**
 * The root loader hands out a confirmation once. A live page reloads its data when an event
 * arrives, often a moment after the redirect that carried the message, and that second load
 * has none: keep showing it until the reader goes to another page, not until the next reload.
 */
function useFlashUntilNavigation(arrived: Flash | null | undefined): Flash | null {
  const { key } = useLocation();
  const shown = useRef<{ key: string; flash: Flash } | null>(null);
  if (arrived) shown.current = { key, flash: arrived };
  else if (shown.current?.key !== key) shown.current = null;
  return shown.current?.flash ?? null;
}
