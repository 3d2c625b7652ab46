// The y-websocket sync messages at byte level, for tests and benchmarks that speak the protocol
// without a provider: [0 = sync][0 request | 1 answer | 2 update][Yjs payload].
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";

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

/**
 * The draft's text as the policy editor keeps it (app/shared/editor.ts): paragraph elements in
 * the "default" XmlFragment, each holding a run of text. The collaboration server refuses
 * anything else in a policy draft, so clients in tests write this shape too.
 */
export function draftParagraph(doc: Y.Doc, index = 0): Y.XmlText {
  const fragment = doc.getXmlFragment("default");
  while (fragment.length <= index) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText()]);
    fragment.insert(fragment.length, [paragraph]);
  }
  return (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Types `text` at the start of the draft's first paragraph (made if the draft is empty). */
export function typeInDraft(doc: Y.Doc, text: string) {
  doc.transact(() => draftParagraph(doc).insert(0, text));
}

/** The draft's text: its paragraphs' runs of text, one line each. */
export function draftTextOf(doc: Y.Doc): string {
  return doc
    .getXmlFragment("default")
    .toArray()
    .map((block) =>
      block instanceof Y.XmlElement
        ? block
            .toArray()
            .map((run) =>
              run instanceof Y.XmlText
                ? run
                    .toDelta()
                    .map((op: { insert: unknown }) => (typeof op.insert === "string" ? op.insert : ""))
                    .join("")
                : "",
            )
            .join("")
        : "",
    )
    .join("\n");
}
