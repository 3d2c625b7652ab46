// A live page's subscription, for React: opens the page's event stream from the loader's last
// event id, calls the page's handler for each event type, reloads the page's data when the
// server says the resume point is too old, and reports the connection state for <LiveStatus>.
import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { LiveConnection, type LiveState } from "./live-connection";
import type { ViewersEvent } from "./live-events";

export type LiveHandlers<Events extends Record<string, unknown>> = {
  [K in keyof Events]?: (data: Events[K], event: { id: number | null }) => void;
};

export interface LiveEventsOptions<Events extends Record<string, unknown>> {
  /** The topics the loader named (and the server will authorise); none: no stream. */
  topics: readonly string[];
  /**
   * The loader's `live.lastEventId()`, read before the state it returned. When the loader runs
   * again (after a form, or a reset) the stream resumes from its new value.
   */
  after: number;
  handlers: LiveHandlers<Events>;
  /** The resume point was too old: by default the page's loaders run again. */
  onReset?: () => void;
}

export interface LiveEvents {
  state: LiveState;
  /** Viewer counts per topic, once the stream has sent one (topics whose family counts viewers). */
  viewers: Readonly<Record<string, number>>;
}

export function useLiveEvents<Events extends Record<string, unknown>>({
  topics,
  after,
  handlers,
  onReset,
}: LiveEventsOptions<Events>): LiveEvents {
  const [state, setState] = useState<LiveState>("connecting");
  const [viewers, setViewers] = useState<Record<string, number>>({});
  const revalidate = useRevalidateWhenIdle();
  // Handlers change with every render; the stream must not be reopened for that.
  const latest = useRef({ handlers, onReset, revalidate });
  latest.current = { handlers, onReset, revalidate };
  const connection = useRef<LiveConnection | null>(null);
  const afterRef = useRef(after);
  afterRef.current = after;

  const topicsKey = topics.join("\n");
  const typesKey = Object.keys(handlers).sort().join("\n");
  useEffect(() => {
    if (!topicsKey) return;
    const opened = new LiveConnection({
      topics: topicsKey.split("\n"),
      after: afterRef.current,
      types: typesKey ? typesKey.split("\n") : [],
      onState: setState,
      onEvent(type, data, id) {
        if (type === "viewers") {
          const { topic, count } = data as ViewersEvent;
          setViewers((current) => (current[topic] === count ? current : { ...current, [topic]: count }));
        } else if (type === "reset") {
          const { onReset: reset, revalidate } = latest.current;
          if (reset) reset();
          else revalidate();
        } else {
          (
            latest.current.handlers as Record<
              string,
              ((data: unknown, event: { id: number | null }) => void) | undefined
            >
          )[type]?.(data, { id });
        }
      },
    });
    connection.current = opened;
    opened.start();
    return () => {
      opened.close();
      connection.current = null;
    };
  }, [topicsKey, typesKey]);

  useEffect(() => {
    connection.current?.resumeFrom(after);
  }, [after]);

  return { state, viewers };
}

/**
 * For pages that simply reload their data when one of these events arrives (a moderation queue,
 * an official's console): the page's loaders run again, at most once per `minIntervalMs`, and
 * the stream resumes from their new id.
 */
export function useLiveRevalidation({
  topics,
  after,
  types,
  minIntervalMs = 1000,
}: {
  topics: readonly string[];
  after: number;
  types: readonly string[];
  minIntervalMs?: number;
}): LiveEvents {
  const revalidate = useRevalidateWhenIdle();
  const throttle = useRef<{ last: number; timer?: ReturnType<typeof setTimeout> }>({ last: 0 });
  useEffect(() => () => clearTimeout(throttle.current.timer), []);
  const handlers = useMemo(() => {
    const soon = () => {
      const state = throttle.current;
      if (state.timer) return;
      const wait = Math.max(0, state.last + minIntervalMs - Date.now());
      state.timer = setTimeout(() => {
        state.timer = undefined;
        state.last = Date.now();
        revalidate();
      }, wait);
    };
    return Object.fromEntries(types.map((type) => [type, soon]));
  }, [types, minIntervalMs, revalidate]);
  return useLiveEvents({ topics, after, handlers });
}

/**
 * Reloads the page's data, but never in the middle of a navigation. An event often arrives
 * while the page is loading the redirect after its own form (the form's change caused it), and
 * reloading then would cancel that load after the server had already handed it the one-time
 * confirmation message, so the message would be lost. The reload waits for the navigation to
 * finish, and then still runs, in case the navigation's data was read before the event.
 */
export function useRevalidateWhenIdle(): () => void {
  const { revalidate } = useRevalidator();
  const { state } = useNavigation();
  const [waiting, setWaiting] = useState(false);
  const idle = useRef(state === "idle");
  idle.current = state === "idle";
  useEffect(() => {
    if (waiting && state === "idle") {
      setWaiting(false);
      revalidate();
    }
  }, [waiting, state, revalidate]);
  return useMemo(
    () => () => {
      if (idle.current) revalidate();
      else setWaiting(true);
    },
    [revalidate],
  );
}
