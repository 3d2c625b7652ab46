// Simulated viewers for `npm run bench:live`, run as a child process (fork) so that they do not
// share an event loop with the servers or the benchmark's driver. Each viewer is one raw HTTP
// GET parsing Server-Sent Events frames (tests/event-stream-client.ts). It records when each
// viewer first received each marked payload ("bench-marker-<n>" in the frame's data), at
// performance.timeOrigin + performance.now(), and tells the parent when every viewer of a target
// has one, so that the parent can publish the next.
import { openEventStream, type EventFrame } from "../../event-stream-client";

export interface ViewerTarget {
  name: string;
  url: string;
  count: number;
  headers?: Record<string, string>;
}

export type ToViewers = { start: ViewerTarget[] } | { report: true } | { closeTarget: string } | { close: true };
export type FromViewers =
  | { ready: Record<string, { open: number; refused: number; failed: number }> }
  | { complete: { target: string; marker: number; id: number; event: string; data: string } }
  | {
      report: Record<
        string,
        { receipts: Record<number, number[]>; resets: number; viewerEvents: number; dropped: number }
      >;
    };

const MARKER = /bench-marker-(\d+)/;
const OPENING_AT_ONCE = 100;

interface TargetState {
  target: ViewerTarget;
  receipts: Map<number, Float64Array>;
  received: Map<number, number>;
  resets: number;
  viewerEvents: number;
  dropped: number;
  closers: Array<() => void>;
}

const targets = new Map<string, TargetState>();
const send = (message: FromViewers) => process.send!(message);

function onFrame(state: TargetState, viewer: number, frame: EventFrame) {
  if (frame.event === "viewers") return void state.viewerEvents++;
  if (frame.event === "reset") return void state.resets++;
  const match = MARKER.exec(frame.data);
  if (!match) return;
  const marker = Number(match[1]);
  let times = state.receipts.get(marker);
  if (!times) {
    times = new Float64Array(state.target.count).fill(NaN);
    state.receipts.set(marker, times);
  }
  if (!Number.isNaN(times[viewer])) return; // the same payload again (a later update of the question)
  times[viewer] = frame.receivedAt;
  const received = (state.received.get(marker) ?? 0) + 1;
  state.received.set(marker, received);
  if (received === state.target.count)
    send({
      complete: { target: state.target.name, marker, id: Number(frame.id), event: frame.event, data: frame.data },
    });
}

async function openViewers(state: TargetState) {
  const tally = { open: 0, refused: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < state.target.count) {
      const viewer = next++;
      try {
        const stream = await openEventStream(state.target.url, {
          headers: state.target.headers,
          onFrame: (frame) => onFrame(state, viewer, frame),
        });
        if (stream.status !== 200) {
          tally.refused++;
          continue;
        }
        tally.open++;
        state.closers.push(() => stream.close());
        void stream.ended.then(() => state.dropped++);
      } catch {
        tally.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: OPENING_AT_ONCE }, worker));
  return tally;
}

process.on("message", async (message: ToViewers) => {
  if ("start" in message) {
    const ready: Record<string, { open: number; refused: number; failed: number }> = {};
    for (const target of message.start) {
      const state: TargetState = {
        target,
        receipts: new Map(),
        received: new Map(),
        resets: 0,
        viewerEvents: 0,
        dropped: 0,
        closers: [],
      };
      targets.set(target.name, state);
      ready[target.name] = await openViewers(state);
    }
    send({ ready });
  } else if ("report" in message) {
    const report: Extract<FromViewers, { report: unknown }>["report"] = {};
    for (const [name, state] of targets) {
      report[name] = {
        receipts: Object.fromEntries([...state.receipts].map(([marker, times]) => [marker, Array.from(times)])),
        resets: state.resets,
        viewerEvents: state.viewerEvents,
        dropped: state.dropped,
      };
    }
    send({ report });
  } else if ("closeTarget" in message) {
    // Ends one target's streams (bench:cluster, between two configurations); the others stay.
    const state = targets.get(message.closeTarget);
    for (const close of state?.closers ?? []) close();
    if (state) state.closers = [];
  } else if ("close" in message) {
    for (const state of targets.values()) for (const close of state.closers) close();
    process.exit(0);
  }
});
