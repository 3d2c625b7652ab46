// Whether a change a client sends to the community draft keeps it a policy text. A Yjs update can
// hold anything (an element named "script", text outside any paragraph, a `javascript:` link, a
// map or a sub-document), and the collaboration server would store and relay it as it does every
// change: the pages that render the draft would then fail, and every open editor with them. So
// the server reads the update's new items before applying them, finds where each goes (in the
// update itself or in the document), and accepts the change only when each has a place in the
// schema of app/shared/editor.ts. Used by collab-server/forum.ts; nothing here trusts a client.
import type { Schema } from "@tiptap/pm/model";
import * as Y from "yjs";
import { HEADING_LEVELS, isAllowedLink, TEXT_FRAGMENT } from "~/shared/editor";
import { POLICY_TEXT_LIMITS, policySchema } from "./draft-text";

/** What an item goes into: the text fragment, an element, a run of text, or something else. */
type Place =
  | { kind: "root"; name: string }
  | { kind: "element"; name: string }
  | { kind: "text" }
  | { kind: "other" }
  | { kind: "gone" };

interface Rules {
  /** Element name (the fragment is "doc") → names of elements it may hold; "text" is a run of text. */
  children: Map<string, Set<string>>;
  /** Element name → attribute names the schema knows. */
  attributes: Map<string, Set<string>>;
  /** Mark name → attribute names. */
  marks: Map<string, Set<string>>;
}

let rules: Rules | null = null;

function rulesOf(schema: Schema): Rules {
  const children = new Map<string, Set<string>>();
  const attributes = new Map<string, Set<string>>();
  for (const type of Object.values(schema.nodes)) {
    attributes.set(type.name, new Set(Object.keys(type.spec.attrs ?? {})));
    // Every node type the content expression can reach, in any order (concurrent edits can
    // merge into an order the expression would not allow; the renderers take that in their stride).
    const names = new Set<string>();
    const seen = new Set([type.contentMatch]);
    const pending = [type.contentMatch];
    while (pending.length > 0) {
      const match = pending.pop()!;
      for (let i = 0; i < match.edgeCount; i++) {
        const edge = match.edge(i);
        names.add(edge.type.name);
        if (!seen.has(edge.next)) {
          seen.add(edge.next);
          pending.push(edge.next);
        }
      }
    }
    children.set(type.name, names);
  }
  const marks = new Map(
    Object.values(schema.marks).map((type) => [type.name, new Set(Object.keys(type.spec.attrs ?? {}))]),
  );
  return { children, attributes, marks };
}

const draftRules = () => (rules ??= rulesOf(policySchema()));

/** y-prosemirror names a mark that may overlap itself `name--<hash>`. */
const MARK_KEY = /^([A-Za-z]+)(?:--[A-Za-z0-9+/=]{8})?$/;
const MAX_ATTRIBUTE_LENGTH = 2048;

/**
 * True when applying `update` to `doc` leaves a text the policy schema can hold. Items the
 * document has already, deletions, and items Yjs will discard (their neighbour was collected)
 * are always fine; an item whose place cannot be found (it depends on a change the server never
 * accepted) is refused, since Yjs would keep it and apply it later without asking.
 */
export function checkDraftChange(doc: Y.Doc, update: Uint8Array): boolean {
  let structs: Array<Y.Item | Y.GC | Y.Skip>;
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return false;
  }
  const fresh = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = fresh.get(struct.id.client) ?? [];
    list.push(struct);
    fresh.set(struct.id.client, list);
  }
  const places = new Map<Y.Item, { place: Place; key: string | null } | null>();
  /** The struct holding `id`: in the document (integrated, its parent known), in the update, or nowhere. */
  const find = (id: Y.ID): { stored: Y.Item | Y.GC } | { sent: Y.Item } | null => {
    if (id.clock < Y.getState(doc.store, id.client)) return { stored: Y.getItem(doc.store, id) as Y.Item | Y.GC };
    const sent = fresh
      .get(id.client)
      ?.find((candidate) => candidate.id.clock <= id.clock && id.clock < candidate.id.clock + candidate.length);
    return sent ? { sent } : null;
  };
  const placeOf = (item: Y.Item, depth = 0): { place: Place; key: string | null } | null => {
    if (places.has(item)) return places.get(item)!;
    // A chain of items each placed after the next one in the same update; far longer than any paste.
    if (depth > 10_000) return null;
    let found: { place: Place; key: string | null } | null = null;
    const parent = item.parent as unknown;
    if (typeof parent === "string") {
      found = { place: { kind: "root", name: parent }, key: item.parentSub };
    } else if (parent instanceof Y.ID) {
      const owner = find(parent);
      const struct = owner && ("stored" in owner ? owner.stored : owner.sent);
      if (struct instanceof Y.GC) found = { place: { kind: "gone" }, key: item.parentSub };
      else if (struct)
        found = {
          place: struct.content instanceof Y.ContentType ? placeOfType(struct.content.type, struct) : { kind: "other" },
          key: item.parentSub,
        };
    } else if (item.origin || item.rightOrigin) {
      // Placed next to another item: its parent and key are that item's.
      const neighbour = find((item.origin ?? item.rightOrigin)!);
      if (neighbour && "sent" in neighbour) found = placeOf(neighbour.sent, depth + 1);
      else if (neighbour && neighbour.stored instanceof Y.Item && neighbour.stored.parent instanceof Y.AbstractType)
        found = { place: placeOfType(neighbour.stored.parent), key: neighbour.stored.parentSub };
      else if (neighbour) found = { place: { kind: "gone" }, key: null };
    }
    places.set(item, found);
    return found;
  };
  const { children, attributes, marks } = draftRules();
  for (const item of fresh.values()) {
    for (const struct of item) {
      // Already in the document (a client sending its state again): Yjs skips it.
      if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
      const located = placeOf(struct);
      if (!located) return false;
      const { place, key } = located;
      const content = struct.content;
      if (place.kind === "gone" || content instanceof Y.ContentDeleted) continue;
      if (key !== null) {
        // An attribute: only on an element, one the schema gives that element, with a plain value.
        if (place.kind !== "element" || !attributes.get(place.name)?.has(key)) return false;
        if (
          !(content instanceof Y.ContentAny) ||
          content.arr.length !== 1 ||
          !attributeFits(place.name, key, content.arr[0])
        )
          return false;
        continue;
      }
      if (place.kind === "root" || place.kind === "element") {
        if (place.kind === "root" && place.name !== TEXT_FRAGMENT) return false;
        const allowed = children.get(place.kind === "root" ? "doc" : place.name);
        if (!(content instanceof Y.ContentType) || !allowed) return false;
        const type = content.type;
        if (type instanceof Y.XmlElement) {
          if (!allowed.has(type.nodeName)) return false;
        } else if (!(type instanceof Y.XmlText) || !allowed.has("text")) {
          return false;
        }
      } else if (place.kind === "text") {
        if (content instanceof Y.ContentString) continue;
        if (!(content instanceof Y.ContentFormat) || !formatFits(marks, content.key, content.value)) return false;
      } else {
        return false;
      }
    }
  }
  return true;
}

/** `item`: the item that holds the type, for one sent in the update (not in a document yet). */
function placeOfType(type: Y.AbstractType<unknown>, item: Y.Item | null = type._item): Place {
  if (item === null) return { kind: "root", name: Y.findRootTypeKey(type) };
  if (type instanceof Y.XmlElement) return { kind: "element", name: type.nodeName };
  if (type instanceof Y.XmlText) return { kind: "text" };
  return { kind: "other" };
}

function attributeFits(element: string, key: string, value: unknown): boolean {
  if (element === "heading" && key === "level") return (HEADING_LEVELS as readonly unknown[]).includes(value);
  // A list pasted from another page keeps its numbering (`<ol start="-1" type="a">`); the renderers escape it.
  if (element === "orderedList" && key === "start") return Number.isSafeInteger(value);
  if (element === "orderedList" && key === "type")
    return value === null || (typeof value === "string" && value.length <= 16);
  return (
    value === null ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    (typeof value === "string" && value.length <= MAX_ATTRIBUTE_LENGTH)
  );
}

/** A mark as y-prosemirror stores it: its attributes (null removes it); a link only to the web or mail. */
function formatFits(marks: Rules["marks"], key: string, value: unknown): boolean {
  const name = MARK_KEY.exec(key)?.[1];
  const known = name ? marks.get(name) : undefined;
  if (!name || !known) return false;
  if (value === null) return true;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  const attrs = value as Record<string, unknown>;
  for (const [attr, attrValue] of Object.entries(attrs)) {
    if (!known.has(attr)) return false;
    if (attrValue !== null && (typeof attrValue !== "string" || attrValue.length > MAX_ATTRIBUTE_LENGTH)) return false;
  }
  return name !== "link" || (typeof attrs.href === "string" && isAllowedLink(attrs.href));
}

// The size limit at the co-editing socket (docs/decisions/0031). A raw client added a million
// characters to a draft in seconds, and a text past the limit could not be rendered or downloaded.
// Counting the whole document on every keystroke would cost as much as the text is long, so each
// document's size is counted once and then kept up to date from each transaction; a change is
// measured from the update itself (what it inserts, and what of the document it deletes) before
// it is applied.

interface TextSize {
  characters: number;
  blocks: number;
}

const TEXT_BLOCKS = new Set(["paragraph", "heading"]);
const sizes = new WeakMap<Y.Doc, TextSize>();

/** What one item holds of a text's size: its characters, or one block. */
function sizeOfItem(item: Y.Item, from = 0, to = item.length): TextSize {
  const content = item.content;
  if (content instanceof Y.ContentString) return { characters: to - from, blocks: 0 };
  if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement && from === 0)
    return { characters: 0, blocks: TEXT_BLOCKS.has(content.type.nodeName) ? 1 : 0 };
  return { characters: 0, blocks: 0 };
}

/** The size of the document's text (its fragment only: the schema check refuses anything else). */
function trackedSize(doc: Y.Doc): TextSize {
  const known = sizes.get(doc);
  if (known) return known;
  const size: TextSize = { characters: 0, blocks: 0 };
  for (const structs of doc.store.clients.values())
    for (const struct of structs)
      if (struct instanceof Y.Item && !struct.deleted) {
        const { characters, blocks } = sizeOfItem(struct);
        size.characters += characters;
        size.blocks += blocks;
      }
  sizes.set(doc, size);
  doc.on("afterTransaction", (transaction: Y.Transaction) => {
    // Everything inserted in the transaction counts (deleted or not), then everything it deleted
    // is taken off: an item both inserted and deleted in it nets to nothing.
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = doc.store.clients.get(client) ?? [];
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i];
        if (!(struct instanceof Y.Item)) continue;
        const { characters, blocks } = sizeOfItem(struct);
        size.characters += characters;
        size.blocks += blocks;
      }
    }
    Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item)) return;
      const { characters, blocks } = sizeOfItem(struct);
      size.characters -= characters;
      size.blocks -= blocks;
    });
  });
  return size;
}

/**
 * Whether applying `update` keeps the draft within POLICY_TEXT_LIMITS. A change that makes the
 * text no larger is always taken (a text stored before the limit can still be shortened).
 */
export function draftChangeFitsLimits(doc: Y.Doc, update: Uint8Array): boolean {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return false;
  }
  const added: TextSize = { characters: 0, blocks: 0 };
  const removed: TextSize = { characters: 0, blocks: 0 };
  const fresh = new Map<number, Y.Item[]>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const known = Y.getState(doc.store, struct.id.client);
    if (struct.id.clock + struct.length <= known) continue;
    const { characters, blocks } = sizeOfItem(struct, Math.max(0, known - struct.id.clock));
    added.characters += characters;
    added.blocks += blocks;
    const list = fresh.get(struct.id.client) ?? [];
    list.push(struct);
    fresh.set(struct.id.client, list);
  }
  // What the update deletes: of the document's items still there, and of its own.
  const deletions = (decoded.ds as unknown as { clients: Map<number, Array<{ clock: number; len: number }>> }).clients;
  for (const [client, ranges] of deletions) {
    const stored = doc.store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      const end = clock + len;
      const overlap = (item: Y.Item) => {
        const from = Math.max(clock, item.id.clock) - item.id.clock;
        const to = Math.min(end, item.id.clock + item.length) - item.id.clock;
        if (to <= from) return;
        const { characters, blocks } = sizeOfItem(item, from, to);
        removed.characters += characters;
        removed.blocks += blocks;
      };
      if (stored.length > 0 && clock < Y.getState(doc.store, client))
        for (let i = Y.findIndexSS(stored, clock); i < stored.length && stored[i].id.clock < end; i++) {
          const struct = stored[i];
          if (struct instanceof Y.Item && !struct.deleted) overlap(struct);
        }
      for (const item of fresh.get(client) ?? []) overlap(item);
    }
  }
  const now = trackedSize(doc);
  const characters = now.characters + added.characters - removed.characters;
  const blocks = now.blocks + added.blocks - removed.blocks;
  const grows = characters > now.characters || blocks > now.blocks;
  return !grows || (characters <= POLICY_TEXT_LIMITS.characters && blocks <= POLICY_TEXT_LIMITS.blocks);
}
