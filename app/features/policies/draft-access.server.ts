// Who may change a policy's community draft now: what the collaboration server's hooks ask on
// every handshake and on every periodic re-check (collab-server/forum.ts), and what the editor
// page shows in its status line. The rule itself is documentAccess in app/shared/collab.ts.
import { db } from "~/db.server";
import { live } from "~/features/live/live.server";
import { declareLiveTopics } from "~/features/live/topics.server";
import {
  documentAccess,
  formatDocumentName,
  readOnlyReason,
  type DocumentAccess,
  type DocumentName,
  type DocumentState,
} from "~/shared/collab";
import type { Actor } from "~/shared/roles";
import { isRecordId } from "~/validation";

/** Server-internal topic: a draft's editing rights changed, so its open sockets are checked again now. */
export const DRAFT_ACCESS_TOPIC = "policies.draft-access-changed";

export type DraftEventType = "access" | "suggestions";

// The editor page is public; it listens for changes to who may edit, to show its status again,
// and for suggestions made or decided, to draw them again as tracked changes in the text.
const draftTopics = declareLiveTopics<Record<DraftEventType, object>>({
  name: "policies.draft",
  authorise: async (policyId) =>
    isRecordId(policyId) && (await db.policy.count({ where: { id: policyId } })) === 1 ? "allow" : "unknown",
});

export const draftTopic = (policyId: string) => draftTopics.topic(policyId);

export const draftDocumentName = (policyId: string) => formatDocumentName({ kind: "policy-draft", id: policyId });

/**
 * The draft's state for the collab hooks, or null when there is no such policy. Only an open
 * consultation may be edited: a draft before it opens, once it has closed or after adoption
 * is read-only.
 */
export async function policyDocumentState(policyId: string): Promise<DocumentState | null> {
  const policy = await db.policy.findUnique({
    where: { id: policyId },
    select: {
      status: true,
      protected: true,
      changeMode: true,
      departmentId: true,
      blocks: { select: { userId: true } },
    },
  });
  if (!policy) return null;
  // In "suggestions only", residents change the draft through suggestions that its officials
  // accept (decision 0042): like a protected page, only the department's officials write.
  const departmentOnly = policy.protected || policy.changeMode === "suggestions";
  return {
    readOnly: policy.status !== "open",
    editorDepartmentId: departmentOnly ? policy.departmentId : null,
    editorReason: policy.protected ? "protected" : "suggestionsOnly",
    blockedUserIds: policy.blocks.map((block) => block.userId),
  };
}

/** The documentState hook of the forum's collaboration server: policy drafts, and nothing else. */
export async function forumDocumentState(name: DocumentName): Promise<DocumentState | null> {
  return name.kind === "policy-draft" ? policyDocumentState(name.id) : null;
}

export interface DraftAccess {
  access: DocumentAccess;
  /** Why this person only reads, or null when they may edit. */
  reason: ReturnType<typeof readOnlyReason>;
}

export async function draftAccessFor(actor: Actor | null, policyId: string): Promise<DraftAccess> {
  const state = await policyDocumentState(policyId);
  return {
    access: documentAccess(actor, { kind: "policy-draft", id: policyId }, state),
    reason: readOnlyReason(actor, state),
  };
}

/**
 * Called after a change to who may edit a draft has committed (protect, block, a consultation
 * opening or closing): the collaboration server re-checks that draft's sockets at once instead
 * of at its next periodic check, and the editor pages read their status again.
 */
export async function announceDraftAccessChanged(policyId: string) {
  await Promise.all([
    live.publish(DRAFT_ACCESS_TOPIC, { policyId }),
    draftTopics.publish(policyId, "access", { type: "access" }),
  ]);
}

/** A suggestion was made, decided or hidden: the editor pages read the draft's open suggestions again. */
export async function announceSuggestionsChanged(policyId: string) {
  await draftTopics.publish(policyId, "suggestions", { type: "suggestions" });
}
