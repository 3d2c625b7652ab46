import { useLocation } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";

/**
 * The confirmations a redirect can carry: translation keys, so each is shown in the reader's
 * language. The features declare their own (app/features/<feature>/flash.ts), and
 * app/flash-messages.ts registers their type here (module augmentation), the way app/load-context.ts
 * declares Remix's load context: this layer holds no feature's keys.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by app/flash-messages.ts
export interface FlashRegister {}

export type FlashMessage = FlashRegister extends { messages: readonly (infer M extends string)[] } ? M : string;

export type Flash = { message: FlashMessage; values?: Record<string, string> };

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
