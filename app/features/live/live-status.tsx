import { useTranslation } from "react-i18next";
import type { LiveState } from "./live-connection";

/**
 * Whether the page is receiving updates, in a polite live region: a screen reader says
 * "Live" once connected and "Reconnecting…" when the connection drops. Empty before the page's
 * script runs: without JavaScript there are no live updates (the page says how to reload).
 * aria-live rather than role="status": the page's one status region is for confirmations.
 */
export function LiveStatus({ state }: { state: LiveState | null }) {
  const { t } = useTranslation();
  return (
    <p className="live-status" aria-live="polite" data-state={state ?? "off"}>
      {state === "live" ? t("live.status.live") : state === "reconnecting" ? t("live.status.reconnecting") : null}
    </p>
  );
}

/**
 * "N watching". Deliberately not a live region: it changes every few seconds, and announcing
 * each change would drown out the answers.
 */
export function ViewerCount({ count }: { count: number }) {
  const { t } = useTranslation();
  return <span className="viewer-count">{t("live.watching", { count })}</span>;
}
