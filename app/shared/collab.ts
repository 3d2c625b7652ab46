// Shared by the app and collab-server/: how collaborative documents are named and who may
// open or change them. The policy wiki issue adds the Tiptap extension list here.
import type { Actor } from "./roles";

/** The WebSocket path, on the app's own port, where y-websocket clients connect. */
export const COLLAB_PATH = "/collab";

export const DOCUMENT_KINDS = ["policy-draft"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export interface DocumentName {
  kind: DocumentKind;
  id: string;
}

const NAME_PATTERN = /^([a-z-]+)\.([A-Za-z0-9_-]{1,64})$/;

export function formatDocumentName({ kind, id }: DocumentName): string {
  return `${kind}.${id}`;
}

export function parseDocumentName(name: string): DocumentName | null {
  const match = NAME_PATTERN.exec(name);
  if (!match) return null;
  const kind = DOCUMENT_KINDS.find((k) => k === match[1]);
  return kind ? { kind, id: match[2] } : null;
}

export type DocumentAccess = "none" | "read" | "write";

/**
 * What the feature owning a document says about it now. `readOnly`: nobody may change it at the
 * moment, for example a community draft once its consultation has closed.
 */
export interface DocumentState {
  readOnly: boolean;
}

/** Until the policy wiki looks its drafts up, every well-formed document is open for editing. */
export const EDITABLE: DocumentState = { readOnly: false };

/**
 * A signed-in person may edit an editable document and read a read-only one; without a session
 * there is no access yet, and a document its feature does not know (state null) is closed to
 * everyone. Protected pages and blocked editors arrive with the policy wiki.
 */
export function documentAccess(actor: Actor | null, _document: DocumentName, state: DocumentState | null = EDITABLE): DocumentAccess {
  if (!actor || !state) return "none";
  return state.readOnly ? "read" : "write";
}

/**
 * An editor who stops typing this long has finished an edit: the policy wiki records a revision
 * after such a pause, and compaction never merges stored updates across one (decision 0009).
 */
export const EDITING_PAUSE_MS = 30_000;
