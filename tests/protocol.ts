// The y-websocket sync messages at byte level, for tests and benchmarks that speak the protocol
// without a provider: [0 = sync][0 request | 1 answer | 2 update][Yjs payload].
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

export function syncMessage(type: number, payload: Uint8Array) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A server message's sync type and Yjs payload, or null for presence and the like. */
export function readSync(message: Uint8Array): { type: number; payload: Uint8Array } | null {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== 0) return null;
  return { type: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) };
}
