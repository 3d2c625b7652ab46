// The forum's collaboration server: the core with the forum's own hooks.
import { setTimeout as sleep } from "node:timers/promises";
import * as Y from "yjs";
import { activeSessionUsers, sessionFromCookieHeader } from "../app/features/accounts/auth.server";
import { compactDocuments, loadUpdate, storeUpdates } from "../app/features/collab/store.server";
import { live, TOPICS } from "../app/features/live/live.server";
import { DRAFT_ACCESS_TOPIC, forumDocumentState } from "../app/features/policies/draft-access.server";
import { checkDraftChange, draftChangeFitsLimits } from "../app/features/policies/draft-changes";
import { documentLeasesFromEnv, type DocumentLeases } from "../app/features/collab/leases.server";
import { registerServerChanges } from "../app/features/collab/server-changes.server";
import { recordMissedRevisions, scheduleRevision } from "../app/features/policies/revisions.server";
import { upgradeStoredTexts } from "../app/features/policies/text-upgrade.server";
import { runInOneInstance } from "../app/shared/once-across-instances.server";
import {
  documentAccess,
  formatDocumentName,
  parseDocumentName,
  type DocumentName,
  type DocumentState,
} from "../app/shared/collab";
import { CollabServer, type CollabHooks } from "./core";

/** Who is connected; a visitor without a session (sessionId and userId null) may only read. */
export interface ForumContext {
  sessionId: string | null;
  userId: string | null;
  displayName: string;
}

export interface ForumCollabOptions {
  /**
   * What the feature owning a document says about it now (null: no such document). By default
   * the policy wiki's drafts (app/features/policies/draft-access.server.ts).
   */
  documentState?: (name: DocumentName) => Promise<DocumentState | null>;
  /** How often stored updates older than this are compacted; 0 never (decision 0009). */
  compactionMs?: number;
  /**
   * Which instance serves each document (docs/decisions/0038). By default leases in Redis when
   * REDIS_URL is set, and none without it (one process holds every document).
   */
  leases?: DocumentLeases | null;
}

/** The forum's collaboration server, with the leases of the documents it serves. */
export class ForumCollabServer extends CollabServer<ForumContext> {
  constructor(
    hooks: CollabHooks<ForumContext>,
    readonly leases: DocumentLeases | null,
  ) {
    super(hooks);
  }

  /**
   * For a stop, once its sockets are closing: waits until every document has left memory (its
   * queued changes stored), then gives back every lease, so that the instance the editors
   * reconnect to takes each document at once instead of waiting for the lease to expire.
   */
  async close() {
    while (this.openDocumentCount > 0) await sleep(10);
    await this.settled();
    await this.leases?.close();
  }
}

/** Documents live in DocumentUpdate rows (app/features/collab/store.server.ts). */
export const storeHooks = {
  async onLoadDocument(name, doc) {
    const update = await loadUpdate(formatDocumentName(name));
    if (update) Y.applyUpdate(doc, update);
  },

  // Each change keeps the person who made it: revisions and their authors come from here.
  async onStoreUpdates(name, changes) {
    await storeUpdates(
      formatDocumentName(name),
      changes.map(({ update, context, at }) => {
        // The core drops changes from read-only connections, and a visitor's is always read-only.
        if (!context.userId) throw new Error("collab: a change without an author cannot be stored");
        return { update, authorId: context.userId, at };
      }),
    );
    // A draft's revision is recorded once its editors pause (the timer restarts with each change).
    if (name.kind === "policy-draft") scheduleRevision(name.id);
  },
} satisfies Partial<CollabHooks<Pick<ForumContext, "userId">>>;

const CARET_COLOUR = /^#[0-9a-fA-F]{6}$/;

type PositionJSON = {
  type?: { client: number; clock: number } | null;
  tname?: string | null;
  item?: { client: number; clock: number } | null;
  assoc?: number;
};

/** A Yjs id as JSON: two non-negative integers. */
function idOf(value: unknown): { client: number; clock: number } | null {
  if (typeof value !== "object" || value === null) return null;
  const { client, clock } = value as Record<string, unknown>;
  return Number.isSafeInteger(client) &&
    Number.isSafeInteger(clock) &&
    (client as number) >= 0 &&
    (clock as number) >= 0
    ? { client: client as number, clock: clock as number }
    : null;
}

/** Y.relativePositionToJSON's shape, rebuilt: an item, a type or a root type's name, at least one. */
function positionOf(value: unknown): PositionJSON | null {
  if (typeof value !== "object" || value === null) return null;
  const raw = value as Record<string, unknown>;
  const item = idOf(raw.item);
  const type = idOf(raw.type);
  const tname = typeof raw.tname === "string" && raw.tname.length <= 64 ? raw.tname : null;
  if (!item && !type && tname === null) return null;
  const position: PositionJSON = { assoc: Number.isSafeInteger(raw.assoc) ? (raw.assoc as number) : 0 };
  if (item) position.item = item;
  if (type) position.type = type;
  if (tname !== null) position.tname = tname;
  return position;
}

/** The caret y-tiptap publishes ({ anchor, head }), or null when either end is not a position. */
function caretOf(value: unknown): { anchor: PositionJSON; head: PositionJSON } | null {
  if (typeof value !== "object" || value === null) return null;
  const anchor = positionOf((value as Record<string, unknown>).anchor);
  const head = positionOf((value as Record<string, unknown>).head);
  return anchor && head ? { anchor, head } : null;
}

export function createForumCollabServer(options: ForumCollabOptions = {}) {
  const documentState = options.documentState ?? forumDocumentState;
  const leases = options.leases === undefined ? documentLeasesFromEnv() : options.leases;
  const collab = new ForumCollabServer(
    {
      async onAuthenticate({ documentName, headers }) {
        const cookie = Array.isArray(headers.cookie) ? headers.cookie.join("; ") : (headers.cookie ?? null);
        const [current, state] = await Promise.all([sessionFromCookieHeader(cookie), documentState(documentName)]);
        // Without a (valid) session, a visitor: documentAccess lets them read a public document.
        if (!current)
          return {
            context: { sessionId: null, userId: null, displayName: "" },
            access: documentAccess(null, documentName, state),
          };
        const { user, session } = current;
        return {
          context: { sessionId: session.id, userId: user.id, displayName: user.displayName },
          access: documentAccess(user, documentName, state),
        };
      },

      async onCheckAccess(connections) {
        const names = new Map(connections.map(({ documentName }) => [formatDocumentName(documentName), documentName]));
        const [users, states] = await Promise.all([
          activeSessionUsers([
            ...new Set(connections.flatMap(({ context }) => (context.sessionId ? [context.sessionId] : []))),
          ]),
          Promise.all([...names].map(async ([key, name]) => [key, await documentState(name)] as const)).then(
            (entries) => new Map(entries),
          ),
        ]);
        return connections.map(({ context, documentName }) => {
          const state = states.get(formatDocumentName(documentName)) ?? null;
          if (!context.sessionId) return documentAccess(null, documentName, state);
          // A session that has ended closes its sockets, even where a visitor could read.
          const user = users.get(context.sessionId);
          return user ? documentAccess(user, documentName, state) : "none";
        });
      },

      // Presence shows the name the forum knows, never one the client typed ("Director Wang"), and
      // whether the person may edit: someone who may only read is no editor, and shows no caret.
      onChangeAwareness(context, state, { readOnly }) {
        // A visitor is present only as a reader: no name, no caret for others to see.
        if (!context.userId) return {};
        const claimed =
          typeof state.user === "object" && state.user !== null ? (state.user as Record<string, unknown>) : {};
        const color = typeof claimed.color === "string" && CARET_COLOUR.test(claimed.color) ? claimed.color : undefined;
        // Only what the editor's caret plugin reads: other fields would reach every reader's page,
        // and a caret that names no position makes Yjs throw in every editor that draws it.
        const cursor = readOnly ? null : caretOf(state.cursor);
        return { user: { name: context.displayName, color }, editing: !readOnly, ...(cursor ? { cursor } : {}) };
      },

      // A draft holds a policy text: nothing the shared extension list has no place for (an unknown
      // element, text outside a paragraph, a javascript: link) is stored, relayed or rendered.
      // Nor a change that would make it longer than the forum serves (POLICY_TEXT_LIMITS).
      onCheckChange: (name, doc, update) =>
        name.kind !== "policy-draft" ||
        (checkDraftChange(doc, update) && (draftChangeFitsLimits(doc, update) || "tooLarge")),

      // Limits per person (open connections, reserved presence ids) count the person, not the tab.
      // A visitor's connection counts on its own; server.ts bounds the connections of one address.
      identify: (context) => context.userId ?? undefined,

      ...storeHooks,

      // With several instances, a document is served by the one holding its lease; the others
      // send its sockets away (1013) until the lease is free: then it is loaded from the rows.
      ...(leases && {
        onAcquire: (name: DocumentName) => leases.acquire(formatDocumentName(name)),
        onRelease: (name: DocumentName) => leases.release(formatDocumentName(name)),
      }),
    },
    leases,
  );
  leases?.onLost((document) => {
    const name = parseDocumentName(document);
    if (name) collab.giveUp(name);
  });

  // An ended session closes its sockets at once, not only at the next periodic check. Only that
  // person's connections are checked: a logout must not cost a look at every open socket.
  live.subscribe<{ userId: string }>(
    TOPICS.sessionsEnded,
    ({ data }) =>
      void collab
        .checkAccess((context) => context.userId === data.userId)
        .catch((error: unknown) => console.error("collab: checking access failed", error)),
  );
  // A draft closed, protected, or someone blocked from it: that draft's sockets are checked now.
  live.subscribe<{ policyId: string }>(
    DRAFT_ACCESS_TOPIC,
    ({ data }) =>
      void collab
        .checkAccess(
          (_context, documentName) => documentName.kind === "policy-draft" && documentName.id === data.policyId,
        )
        .catch((error: unknown) => console.error("collab: checking access failed", error)),
  );
  // Changes the forum makes itself (a moderator restoring a revision) reach the open document.
  // Where another instance serves the document, the change is stored here and that instance
  // relays it (server-changes.server.ts publishes it): the holder also restarts the draft's
  // revision timer, which runs only where the document is served.
  registerServerChanges(
    async (name, update, author) => {
      const context = { sessionId: null, userId: author.id, displayName: author.displayName };
      if (await collab.applyChange(name, update, context)) return;
      await storeUpdates(formatDocumentName(name), [{ update, authorId: author.id, at: new Date() }]);
    },
    async (name, update, author) => {
      const context = { sessionId: null, userId: author.id, displayName: author.displayName };
      if ((await collab.relayStoredChange(name, update, context)) && name.kind === "policy-draft")
        scheduleRevision(name.id);
    },
  );

  const compactionMs = options.compactionMs ?? Number(process.env.COLLAB_COMPACTION_MINUTES ?? 10) * 60_000;
  // Pauses that ended while no server was running still make their revisions.
  // With several instances, one of them records them (app/shared/once-across-instances.server.ts):
  // two instances recording the same pause at once would each make a revision of it.
  const recordMissed = () =>
    void runInOneInstance("collab-missed-revisions", recordMissedRevisions).catch((error: unknown) =>
      console.error("collab: recording missed revisions failed", error),
    );
  if (compactionMs > 0) {
    // Texts stored before the canonical plain text form are rewritten once (docs/decisions/0031).
    // Here, because this is where every forum process (the app, or `npm run collab`) starts its
    // upkeep; tests (compactionMs 0) call it themselves.
    void upgradeStoredTexts()
      .then(({ versions, revisions }) => {
        if (versions + revisions > 0)
          console.log(`policies: ${versions} version(s) and ${revisions} revision(s) now keep the canonical text`);
      })
      .catch((error: unknown) =>
        console.error("policies: upgrading stored texts failed; the next start retries", error),
      );
    recordMissed();
    let running = false; // a slow round is not joined by the next one
    // Compactions of the same rows in two instances would race, the second failing and redoing
    // the work (store.server.ts). With leases, every instance compacts the documents it serves
    // and those nobody serves, each under its lease (taken for the compaction): never one that
    // another instance serves. Without leases (one process, or instances without Redis), each
    // round runs in one instance only.
    const compact = () => {
      const before = new Date(Date.now() - compactionMs);
      return leases
        ? compactDocuments(before, 50, (document, work) => leases.whileHeld(document, work))
        : runInOneInstance("collab-compaction", () => compactDocuments(before));
    };
    const compaction = setInterval(() => {
      if (running) return;
      running = true;
      recordMissed();
      compact()
        .catch((error: unknown) => console.error("collab: compaction failed; the next round retries", error))
        .finally(() => (running = false));
    }, compactionMs);
    compaction.unref();
  }
  return collab;
}
