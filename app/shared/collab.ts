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
 * A signed-in resident may open and edit a community draft; without a session there is no access yet. Protected pages and
 * read-only official versions arrive with the policy wiki.
 */
export function documentAccess(actor: Actor | null, _document: DocumentName): DocumentAccess {
  return actor ? "write" : "none";
}
