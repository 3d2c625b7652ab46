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
 * moment, for example a community draft once its consultation has closed. `editorDepartmentId`:
 * a protected page, which only officials of that department may change. `blockedUserIds`:
 * people a moderator has blocked from editing it (they still read it).
 */
export interface DocumentState {
  readOnly: boolean;
  editorDepartmentId?: string | null;
  /** Why only that department's officials change it: a protected page, or suggestions only. */
  editorReason?: "protected" | "suggestionsOnly";
  blockedUserIds?: readonly string[];
}

/** Until the policy wiki looks its drafts up, every well-formed document is open for editing. */
export const EDITABLE: DocumentState = { readOnly: false };

/** Why someone who may read a document may not change it, for the editor's status line. */
export type ReadOnlyReason = "signedOut" | "closed" | "protected" | "suggestionsOnly" | "blocked";

/** Null when the person may edit (or nobody may open the document: state null). */
export function readOnlyReason(actor: Actor | null, state: DocumentState | null): ReadOnlyReason | null {
  if (!state) return null;
  if (!actor) return "signedOut";
  if (state.readOnly) return "closed";
  if (state.blockedUserIds?.includes(actor.id)) return "blocked";
  if (state.editorDepartmentId && !actor.departmentIds.includes(state.editorDepartmentId))
    return state.editorReason ?? "protected";
  return null;
}

/**
 * Everyone may read a document its feature knows, visitors without a session too (the policy
 * wiki's drafts are public); a signed-in person may change it unless it is read-only now, they
 * are blocked from it, or it is protected and they are not an official of its department. A
 * document its feature does not know (state null) is closed to everyone.
 */
export function documentAccess(
  actor: Actor | null,
  _document: DocumentName,
  state: DocumentState | null = EDITABLE,
): DocumentAccess {
  if (!state) return "none";
  return readOnlyReason(actor, state) ? "read" : "write";
}

/**
 * An editor who stops typing this long has finished an edit: the policy wiki records a revision
 * after such a pause, and compaction never merges stored updates across one (decision 0009).
 */
export const EDITING_PAUSE_MS = 30_000;
