// What the draft's editor has typed that the server has not yet stored, and whether the
// connection is alive. A socket whose network dropped stays "open" to the browser for a long
// time (y-websocket gives up after 30 s of silence), so the editor asks the server something
// every HEARTBEAT_MS and calls the connection dead when DEAD_AFTER_MS pass without an answer.
// The server answers a sync request only after it has stored every change received before it
// (collab-server/core.ts), so the answer to one sent after the last change is the receipt for
// it. Until then the changes are kept in the browser's storage, and a closed tab sends them the
// next time the draft is opened.
import { fromBase64, toBase64 } from "lib0/buffer";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

export const HEARTBEAT_MS = 2_000;
export const DEAD_AFTER_MS = 6_000;

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
/** Where a restored change comes from: it is sent like a typed one, but is no new keystroke. */
const RESTORED = Symbol("restored");

export interface ChangesState {
  /** Connected, and the server answers. */
  alive: boolean;
  /** Changes typed here that the server has not confirmed as stored. */
  unsent: boolean;
  /** Changes kept from before that the server will not take: this person may no longer edit. */
  dropped: boolean;
}

const storageKey = (documentName: string) => `policy-draft-unsent:${documentName}`;

export function trackUnsentChanges(
  provider: WebsocketProvider,
  doc: Y.Doc,
  { documentName, editable }: { documentName: string; editable: boolean },
  onChange: (state: ChangesState) => void,
): { stop(): void; discard(): void } {
  // Each local change with its number; the server has confirmed every one up to `confirmed`.
  let pending: Array<{ number: number; update: Uint8Array }> = [];
  let counter = 0;
  // What each sync request this connection sent will confirm when answered (in order).
  let requests: Array<number | null> = [];
  let alive = false;
  let restored = false;
  let dropped = false;
  let last: ChangesState | null = null;
  const report = () => {
    const state = { alive, unsent: pending.length > 0, dropped };
    if (last && last.alive === state.alive && last.unsent === state.unsent && last.dropped === state.dropped) return;
    last = state;
    onChange(state);
  };
  const save = () => {
    try {
      if (pending.length === 0) localStorage.removeItem(storageKey(documentName));
      else
        localStorage.setItem(storageKey(documentName), toBase64(Y.mergeUpdates(pending.map((entry) => entry.update))));
    } catch {
      // Storage full or refused (a private window): the changes are still sent while connected.
    }
  };

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === provider) return; // from the server
    pending.push({ number: ++counter, update });
    save();
    report();
  };
  doc.on("update", onUpdate);

  const send = (message: Uint8Array) => {
    if (provider.ws?.readyState === WebSocket.OPEN) provider.ws.send(message);
  };
  const requestReceipt = () => {
    if (pending.length === 0 || requests.includes(counter)) return;
    // The changes again (a repeat is stored as nothing), then the request whose answer confirms them.
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, MESSAGE_SYNC);
    syncProtocol.writeUpdate(update, Y.mergeUpdates(pending.map((entry) => entry.update)));
    send(encoding.toUint8Array(update));
    const request = encoding.createEncoder();
    encoding.writeVarUint(request, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(request, doc);
    send(encoding.toUint8Array(request));
    requests.push(counter);
  };

  // The server is alive while it answers: any message counts.
  let lastAnswer = 0;
  let connectedAt = 0;
  const heard = () => {
    lastAnswer = Date.now();
    if (alive) return;
    alive = true;
    report();
  };
  const handleAwareness = provider.messageHandlers[MESSAGE_AWARENESS];
  provider.messageHandlers[MESSAGE_AWARENESS] = (...args) => {
    handleAwareness(...args);
    heard();
  };
  // Every answer to a sync request (step 2) confirms what was pending when it was asked.
  const handleSync = provider.messageHandlers[MESSAGE_SYNC];
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
    const answer = decoding.readVarUint(decoding.clone(decoder)) === syncProtocol.messageYjsSyncStep2;
    handleSync(encoder, decoder, p, emitSynced, type);
    heard();
    if (!answer) return;
    const confirmed = requests.shift();
    if (confirmed === undefined) return;
    if (confirmed !== null) {
      pending = pending.filter((entry) => entry.number > confirmed);
      save();
    }
    if (!restored) restore();
    report();
  };

  // Changes a closed tab left: applied once the server's text has arrived, and then sent.
  const restore = () => {
    restored = true;
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(storageKey(documentName));
    } catch {
      return;
    }
    if (!stored) return;
    if (!editable) {
      // Sending them would be in vain: the server drops a read-only person's changes.
      dropped = true;
      save();
      return;
    }
    try {
      // Recorded as pending by onUpdate, if the server's text lacks any of it.
      Y.applyUpdate(doc, fromBase64(stored), RESTORED);
    } catch {
      // Not a Yjs update (storage edited by hand): nothing to send.
    }
    save();
    requestReceipt();
  };

  const onStatus = ({ status }: { status: string }) => {
    // Alive once the server has said something on this connection, not when the socket opens.
    alive = false;
    if (status === "connected") {
      connectedAt = Date.now();
      // y-websocket asks for the document first thing on every connection: that answer is the first.
      requests = [null];
    }
    report();
  };
  provider.on("status", onStatus);

  const heartbeat = setInterval(() => {
    if (!provider.wsconnected) return;
    if (Date.now() - Math.max(lastAnswer, connectedAt) > DEAD_AFTER_MS) {
      alive = false;
      report();
      // y-websocket reconnects (with its back-off) once the dead socket is closed.
      provider.ws?.close();
      return;
    }
    const query = encoding.createEncoder();
    encoding.writeVarUint(query, MESSAGE_QUERY_AWARENESS);
    send(encoding.toUint8Array(query));
    requestReceipt();
  }, HEARTBEAT_MS);

  const warnBeforeLeaving = (event: BeforeUnloadEvent) => {
    if (pending.length === 0) return;
    event.preventDefault();
    // Older browsers show the warning only when returnValue is set.
    event.returnValue = "";
  };
  window.addEventListener("beforeunload", warnBeforeLeaving);

  return {
    stop() {
      clearInterval(heartbeat);
      doc.off("update", onUpdate);
      provider.off("status", onStatus);
      provider.messageHandlers[MESSAGE_SYNC] = handleSync;
      provider.messageHandlers[MESSAGE_AWARENESS] = handleAwareness;
      window.removeEventListener("beforeunload", warnBeforeLeaving);
    },
    /** The server will not take these changes (the right to edit was withdrawn): forget them. */
    discard() {
      pending = [];
      save();
      report();
    },
  };
}
