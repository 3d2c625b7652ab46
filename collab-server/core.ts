// The collaboration core: Yjs documents, the y-websocket sync and awareness protocol, and
// hooks named for their moment (as in Hocuspocus). It knows nothing of sockets or HTTP: a
// transport hands it a Connection and feeds it messages.
//
// Durability: a change a client sends is applied to the document in memory, handed to
// onStoreUpdates, and only once that has resolved relayed to the other clients (and answered,
// for a sync request). Changes to one document are applied and stored in arrival order, by one
// queue per document; what arrives while a store is running is stored together in the next one.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { formatDocumentName, parseDocumentName, type DocumentAccess, type DocumentName } from "../app/shared/collab";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

export interface Connection {
  send(message: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface AuthenticateContext {
  documentName: DocumentName;
  headers: Record<string, string | string[] | undefined>;
}

/** A change to a document as it is stored: the Yjs update, who sent it and when it was accepted. */
export interface AcceptedChange<Context> {
  update: Uint8Array;
  context: Context;
  at: Date;
}

export interface CollabHooks<Context> {
  /** Decide who is connecting and what they may do; return null to refuse. */
  onAuthenticate(context: AuthenticateContext): Promise<{ context: Context; access: DocumentAccess } | null>;
  /**
   * Decide again, for connections already open, what each may still do: a session can end
   * (logout, sign-out everywhere, account deletion, expiry) or a right be withdrawn while a
   * socket stays open. One call for many connections, so that the hook can ask the database once.
   */
  onCheckAccess?(
    connections: ReadonlyArray<{ context: Context; documentName: DocumentName }>,
  ): Promise<DocumentAccess[]>;
  /**
   * What others see of a connection's presence (name, caret colour): the hook stamps the
   * identity from the session, so that no client can show itself under another person's name.
   */
  onChangeAwareness?(
    context: Context,
    state: Record<string, unknown>,
    connection: { readOnly: boolean },
  ): Record<string, unknown>;
  /**
   * Whether a change fits the document (the feature's schema), asked before it is applied, with
   * the document as the changes before it left it. One that does not fit is neither stored nor
   * relayed, and its connection is closed (1007) as for an update Yjs cannot read: a Yjs update
   * can hold anything, and what is stored is rendered by every page and editor after it.
   * "tooLarge": it fits, but would make the document larger than the feature serves; it is
   * refused the same way with its own close code (4413), for the editor to say so.
   */
  onCheckChange?(name: DocumentName, doc: Y.Doc, update: Uint8Array): boolean | "tooLarge";
  /** Fill a document when it is opened: the first time, and again after it has been unloaded. */
  onLoadDocument?(name: DocumentName, doc: Y.Doc): Promise<void>;
  /**
   * Persist accepted changes, in the order they were applied, before any other client sees
   * them. Each call must store all of them or none (one commit). When it fails, every
   * connection to the document is closed (1011) and the document is reloaded on reconnection:
   * the clients still hold their changes and send them again.
   */
  onStoreUpdates?(name: DocumentName, changes: ReadonlyArray<AcceptedChange<Context>>): Promise<void>;
  /**
   * Who is behind a connection (the person), for limits that apply per person across their
   * connections and documents. Without it, each connection counts as its own person.
   */
  identify?(context: Context): string | undefined;
  /** The last person has left: the document is about to leave memory (its changes are all stored). */
  onStoreDocument?(name: DocumentName, doc: Y.Doc): Promise<void>;
  /**
   * Take the document for this server before it is loaded (a lease, when several instances
   * serve the forum); false: another instance serves it, and the connection is closed with
   * `heldElsewhere` for the client to come back. Each true is matched by one onRelease.
   */
  onAcquire?(name: DocumentName): Promise<boolean>;
  /** The document has left memory, its changes all stored: another instance may take it. */
  onRelease?(name: DocumentName): Promise<void>;
}

/** Close codes the core uses: the standard ones, and 4000–4999 for the application's own. */
export const CLOSE_CODES = {
  /** A message that is not the y-websocket protocol, an update Yjs cannot read, or a change outside the document's schema. */
  malformed: 1007,
  /** A message larger than the transport accepts. */
  tooLarge: 1009,
  /** The document could not be stored; reconnecting reloads it. */
  unavailable: 1011,
  sessionEnded: 4401,
  accessWithdrawn: 4403,
  /** A change that would make the document larger than its feature allows (mirrors HTTP 413). */
  documentTooLarge: 4413,
  /** More messages or bytes than a person editing sends (mirrors HTTP 429). */
  tooManyMessages: 4429,
  /**
   * Another instance serves the document (it holds its lease), or this one just gave it up:
   * "Try Again Later". The client reconnects by itself, normally to the instance that serves it.
   */
  heldElsewhere: 1013,
} as const;

/** An awareness state is a name, a colour and a caret: a few hundred bytes. */
const MAX_AWARENESS_STATE = 4096;
/** A y-websocket client presents one awareness id; a few allow for a reconnecting tab. */
const MAX_CLIENT_IDS_PER_CONNECTION = 4;
/**
 * A person's awareness id stays theirs for a while after their connection drops (a network
 * blip), so that nobody who saw it in the broadcasts can take it over before they reconnect.
 */
const RELEASED_ID_RESERVED_MS = 60_000;
/** Open connections one person may hold across all documents (tabs, devices). */
const MAX_CONNECTIONS_PER_PERSON = 20;

interface ConnectionState<Context> {
  context: Context;
  readOnly: boolean;
  /** The awareness client ids this connection introduced; it may speak for these only. */
  clientIds: Set<number>;
}

/** A sync message waiting in its document's queue. */
type Inbound<Context> =
  | { kind: "request"; connection: Connection; stateVector: Uint8Array }
  | {
      kind: "change";
      connection: Connection;
      state: ConnectionState<Context>;
      update: Uint8Array;
      /** For a change made on the server (applyChange): told once it is stored and relayed. */
      settled?: (error?: unknown) => void;
      /** Already stored (by another instance): applied and relayed, not stored again. */
      stored?: boolean;
    };

interface OpenDocument<Context> {
  key: string;
  name: DocumentName;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  connections: Map<Connection, ConnectionState<Context>>;
  /** Changes made on the server that are still being applied; they keep the document open too. */
  holds: number;
  /** Which connection introduced each awareness client id. */
  owners: Map<number, Connection>;
  /** Awareness ids whose connection left lately, kept for the person who had them. */
  released: Map<number, { person: unknown; until: number }>;
  ready: Promise<void>;
  /** Sync messages not yet applied, in arrival order. */
  inbox: Inbound<Context>[];
  /** The queue's run while it has work; unloading waits for it. */
  draining: Promise<void> | null;
  /** What the document emitted while the queue applied a change (see drain). */
  emitted: Uint8Array[];
  /** Failed to load or to store: never stored again, and unloaded without onStoreDocument. */
  failed: boolean;
}

/** The message is not the protocol: the connection that sent it is closed with 1007. */
class MalformedMessage extends Error {}

export class CollabServer<Context = unknown> {
  private readonly documents = new Map<string, OpenDocument<Context>>();
  /** Open connections per person (see identify), across all documents. */
  private readonly connectionsPerPerson = new Map<unknown, number>();
  /** Documents on their way out of memory; opening one waits for this, then loads it afresh. */
  private readonly unloading = new Map<string, Promise<void>>();
  /** Documents whose lease is being taken; opening one waits for this (null: held elsewhere). */
  private readonly acquiring = new Map<string, Promise<OpenDocument<Context> | null>>();

  constructor(private readonly hooks: CollabHooks<Context>) {}

  get openDocumentCount() {
    return this.documents.size;
  }

  /**
   * Parses the name and asks onAuthenticate. The transport refuses the connection when the
   * answer is "unknown" (no such document), null (no session) or access "none".
   */
  async authenticate(rawName: string, headers: AuthenticateContext["headers"]) {
    const documentName = parseDocumentName(rawName);
    if (!documentName) return "unknown" as const;
    const result = await this.hooks.onAuthenticate({ documentName, headers });
    if (!result) return null;
    return { documentName, ...result };
  }

  /** Registers an authenticated connection and returns the handlers the transport calls. */
  async connect(connection: Connection, name: DocumentName, access: DocumentAccess, context: Context) {
    const person = this.personOf(context, connection);
    const held = this.connectionsPerPerson.get(person) ?? 0;
    if (held >= MAX_CONNECTIONS_PER_PERSON) {
      // Each open connection may hold a large message half-sent: one person may not hold hundreds.
      connection.close(CLOSE_CODES.tooManyMessages, "Too many connections");
      return { message: () => {}, close: async () => {} };
    }
    this.connectionsPerPerson.set(person, held + 1);
    const state: ConnectionState<Context> = { context, readOnly: access !== "write", clientIds: new Set<number>() };
    const open = await this.open(name, (opened) => opened.connections.set(connection, state)).catch(
      (error: unknown) => {
        this.releasePerson(person);
        throw error;
      },
    );
    if (!open) {
      this.releasePerson(person);
      connection.close(CLOSE_CODES.heldElsewhere, "Served by another instance");
      return { message: () => {}, close: async () => {} };
    }
    try {
      await open.ready;
    } catch (error) {
      open.connections.delete(connection);
      this.releasePerson(person);
      throw error;
    }

    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, open.doc);
    connection.send(encoding.toUint8Array(step1));
    const states = open.awareness.getStates();
    if (states.size > 0) {
      connection.send(awarenessMessage(open.awareness, [...states.keys()]));
    }

    return {
      message: (data: Uint8Array) => this.receive(open, connection, state, data),
      close: () => this.disconnect(open, connection),
    };
  }

  /**
   * Asks onCheckAccess about every open connection (or those `only` picks): those that may no longer read are closed,
   * and those that may no longer write become read-only (their updates are dropped from then on).
   */
  async checkAccess(only: (context: Context, documentName: DocumentName) => boolean = () => true): Promise<void> {
    if (!this.hooks.onCheckAccess) return;
    const entries = [...this.documents.values()].flatMap((open) =>
      [...open.connections]
        .filter(([, state]) => only(state.context, open.name))
        .map(([connection, state]) => ({ connection, state, documentName: open.name })),
    );
    if (entries.length === 0) return;
    const access = await this.hooks.onCheckAccess(
      entries.map(({ state, documentName }) => ({ context: state.context, documentName })),
    );
    entries.forEach(({ connection, state }, i) => {
      state.readOnly = access[i] !== "write";
      if (access[i] === "none") connection.close(CLOSE_CODES.sessionEnded, "Session ended");
    });
  }

  /** Resolves once no document is being unloaded (for shutting down, and for tests). */
  async settled(): Promise<void> {
    while (this.unloading.size > 0) await Promise.all(this.unloading.values());
  }

  /**
   * The open document for a name, with the connection registered on it in the same step, so
   * that it cannot be unloaded in between. A document still being unloaded is waited for and
   * then loaded afresh: its last changes are stored by then, and it is never open twice.
   */
  private async open(
    name: DocumentName,
    enter: (open: OpenDocument<Context>) => void,
  ): Promise<OpenDocument<Context> | null> {
    const key = formatDocumentName(name);
    for (;;) {
      const existing = this.documents.get(key);
      if (existing) {
        enter(existing);
        return existing;
      }
      const acquiring = this.acquiring.get(key);
      if (acquiring) {
        // Whoever takes the lease opens the document; this caller then finds it (or not).
        if (!(await acquiring)) return null;
        continue;
      }
      const unloading = this.unloading.get(key);
      if (!unloading) break;
      await unloading;
    }
    if (!this.hooks.onAcquire) return this.create(key, name, enter);
    const acquired = this.hooks.onAcquire(name).then((held) => (held ? this.create(key, name, enter) : null));
    this.acquiring.set(key, acquired);
    try {
      return await acquired;
    } finally {
      this.acquiring.delete(key);
    }
  }

  /** A new open document, registered with its first user in the same step (see open). */
  private create(key: string, name: DocumentName, enter: (open: OpenDocument<Context>) => void): OpenDocument<Context> {
    const doc = new Y.Doc({ gc: true });
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const open: OpenDocument<Context> = {
      key,
      name,
      doc,
      awareness,
      connections: new Map(),
      holds: 0,
      owners: new Map(),
      released: new Map(),
      ready: Promise.resolve(),
      inbox: [],
      draining: null,
      emitted: [],
      failed: false,
    };
    // A document that failed to load is forgotten, so the next connection tries again.
    // (A hook that throws before its first await rejects this promise too, rather than the caller.)
    open.ready = new Promise<void>((resolve) => resolve(this.hooks.onLoadDocument?.(name, doc))).then(
      () => {
        // Listening only after the load: what the load applied is stored already.
        doc.on("update", (update: Uint8Array) => open.emitted.push(update));
      },
      (error: unknown) => {
        open.failed = true;
        if (this.documents.get(key) === open) {
          this.documents.delete(key);
          void this.hooks.onRelease?.(name).catch(() => {});
        }
        throw error;
      },
    );
    awareness.on("update", ({ added, updated, removed }: Record<string, number[]>) => {
      const changed = [...added, ...updated, ...removed];
      const message = awarenessMessage(awareness, changed);
      for (const connection of open.connections.keys()) connection.send(message);
    });
    this.documents.set(key, open);
    enter(open);
    return open;
  }

  /**
   * Applies a change made on the server (restoring a revision, a draft's first text) as if a
   * connection had sent it: stored with its author, then relayed to everyone on the document.
   * Resolves once it is stored; a document nobody has open is loaded for it and unloaded after.
   * Resolves false, having done nothing, when another instance serves the document: the caller
   * stores the change and tells that instance (relayStoredChange there).
   */
  async applyChange(name: DocumentName, update: Uint8Array, context: Context): Promise<boolean> {
    const open = await this.open(name, (opened) => opened.holds++);
    if (!open) return false;
    try {
      await this.applyServerChange(open, update, context, false);
    } finally {
      open.holds--;
      // The change is stored by now; a failing onStoreDocument is the unload's concern, not its.
      await this.unloadIfUnused(open).catch((error: unknown) =>
        console.error(`collab: unloading ${open.key} failed`, error),
      );
    }
    return true;
  }

  /** A change from the server itself, queued like a connection's; `stored` when it is already in the store. */
  private async applyServerChange(open: OpenDocument<Context>, update: Uint8Array, context: Context, stored: boolean) {
    await open.ready;
    const server: Connection = { send() {}, close() {} };
    const state: ConnectionState<Context> = { context, readOnly: false, clientIds: new Set() };
    await new Promise<void>((resolve, reject) =>
      this.enqueue(open, {
        kind: "change",
        connection: server,
        state,
        update,
        stored,
        settled: (error) => (error ? reject(error) : resolve()),
      }),
    );
  }

  /**
   * A change another instance made and stored (a moderator's restore there): applied to the
   * document if it is open here, and relayed to its connections, but not stored again. A
   * document not open here loads it from the store when it is next opened. Resolves whether
   * the document was open here.
   */
  async relayStoredChange(name: DocumentName, update: Uint8Array, context: Context): Promise<boolean> {
    const open = this.documents.get(formatDocumentName(name));
    if (!open) return false;
    open.holds++;
    try {
      await this.applyServerChange(open, update, context, true);
    } finally {
      open.holds--;
      await this.unloadIfUnused(open).catch((error: unknown) =>
        console.error(`collab: unloading ${open.key} failed`, error),
      );
    }
    return true;
  }

  /**
   * This server no longer holds the document (its lease was lost): every connection is closed
   * with `heldElsewhere`, and the clients reconnect to whichever instance serves it now. What
   * they sent is stored already or still in their clients; the document leaves memory once the
   * last connection has gone, as always.
   */
  giveUp(name: DocumentName) {
    const open = this.documents.get(formatDocumentName(name));
    if (!open) return;
    for (const connection of [...open.connections.keys()])
      connection.close(CLOSE_CODES.heldElsewhere, "Served by another instance");
    // Out of the map at once: a client that comes straight back here waits for the unload,
    // then finds the lease taken (and is sent away) or takes it and loads what is stored.
    this.unload(open).catch((error: unknown) => console.error(`collab: unloading ${open.key} failed`, error));
  }

  /**
   * Reads one message. Sync messages go to the document's queue; presence is handled at once
   * (it is not stored). A message that is not the protocol closes its connection with 1007.
   */
  private receive(
    open: OpenDocument<Context>,
    connection: Connection,
    state: ConnectionState<Context>,
    data: Uint8Array,
  ) {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          this.enqueue(open, { kind: "request", connection, stateVector: payload });
        } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          // A read-only connection may ask for the document, but its changes are dropped here.
          if (!state.readOnly) this.enqueue(open, { kind: "change", connection, state, update: payload });
        } else {
          throw new MalformedMessage(`unknown sync message ${syncType}`);
        }
      } else if (type === MESSAGE_AWARENESS) {
        const update = this.ownAwareness(open, connection, state, decoding.readVarUint8Array(decoder));
        if (update) awarenessProtocol.applyAwarenessUpdate(open.awareness, update, connection);
      } else if (type === MESSAGE_QUERY_AWARENESS) {
        connection.send(awarenessMessage(open.awareness, [...open.awareness.getStates().keys()]));
      } else {
        throw new MalformedMessage(`unknown message type ${type}`);
      }
    } catch {
      // lib0 throws on a truncated message, JSON.parse on a broken presence state: either way
      // the sender is not speaking the protocol. Only its own connection is closed.
      connection.close(CLOSE_CODES.malformed, "Malformed message");
    }
  }

  private enqueue(open: OpenDocument<Context>, message: Inbound<Context>) {
    if (open.failed) {
      if (message.kind === "change") message.settled?.(new Error("document unavailable"));
      return;
    }
    open.inbox.push(message);
    open.draining ??= this.drain(open);
  }

  /**
   * The document's queue: takes everything that has arrived, applies it in order, stores what
   * changed in one call, then relays and answers. Never rejects; a failure closes connections.
   */
  private async drain(open: OpenDocument<Context>): Promise<void> {
    let batch: Inbound<Context>[] = [];
    try {
      // A document that failed to load has closed its connections already (see connect).
      if (
        !(await open.ready.then(
          () => true,
          () => false,
        ))
      )
        return;
      while (open.inbox.length > 0 && !open.failed) {
        batch = open.inbox.splice(0);
        await this.applyAndStore(open, batch);
      }
    } catch (error) {
      console.error(`collab: storing ${open.key} failed; its connections are closed and it will be reloaded`, error);
      for (const message of [...batch, ...open.inbox]) if (message.kind === "change") message.settled?.(error);
      this.fail(open);
    } finally {
      // In the same step as the last look at the inbox, so that nothing enqueued is left behind.
      open.draining = null;
    }
  }

  private async applyAndStore(open: OpenDocument<Context>, batch: Inbound<Context>[]) {
    const accepted: Array<AcceptedChange<Context> & { origin: Connection; stored?: boolean }> = [];
    const answers: Array<{ connection: Connection; message: Uint8Array }> = [];
    const at = new Date();
    for (const message of batch) {
      if (message.kind === "request") {
        // Answered with the document as it will be once the changes before it are stored.
        try {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeSyncStep2(encoder, open.doc, message.stateVector);
          answers.push({ connection: message.connection, message: encoding.toUint8Array(encoder) });
        } catch {
          message.connection.close(CLOSE_CODES.malformed, "Malformed message");
        }
        continue;
      }
      // Access may have been withdrawn since the message arrived.
      if (message.state.readOnly) continue;
      const fits = this.hooks.onCheckChange ? this.hooks.onCheckChange(open.name, open.doc, message.update) : true;
      if (fits !== true) {
        // Nothing of it is applied; what the same connection sent after it is dropped too.
        message.state.readOnly = true;
        const [code, reason] =
          fits === "tooLarge"
            ? [CLOSE_CODES.documentTooLarge, "Change makes the document too large"]
            : [CLOSE_CODES.malformed, "Change outside the document's schema"];
        message.connection.close(code, reason);
        message.settled?.(new Error(reason));
        continue;
      }
      try {
        Y.applyUpdate(open.doc, message.update, message.connection);
      } catch (error) {
        message.connection.close(CLOSE_CODES.malformed, "Malformed message");
        message.settled?.(error);
      }
      // What the document emitted is what was new (nothing for a repeat, and also what Yjs did
      // integrate before an error): that is what is stored and relayed.
      for (const update of open.emitted.splice(0))
        accepted.push({
          update,
          context: message.state.context,
          at,
          origin: message.connection,
          stored: message.stored,
        });
    }
    const toStore = accepted.filter((change) => !change.stored);
    if (toStore.length > 0 && this.hooks.onStoreUpdates) {
      await this.hooks.onStoreUpdates(
        open.name,
        toStore.map(({ update, context }) => ({ update, context, at })),
      );
    }
    for (const { update, origin } of accepted) {
      const message = updateMessage(update);
      for (const connection of open.connections.keys()) if (connection !== origin) connection.send(message);
    }
    for (const { connection, message } of answers) connection.send(message);
    for (const message of batch) if (message.kind === "change") message.settled?.();
  }

  /**
   * The document in memory holds changes that may not be stored: nobody may see it again.
   * Everyone is disconnected; on reconnection the document is loaded from the store and the
   * clients send what it lacks.
   */
  private fail(open: OpenDocument<Context>) {
    open.failed = true;
    open.inbox.length = 0;
    for (const connection of [...open.connections.keys()])
      connection.close(CLOSE_CODES.unavailable, "Document unavailable");
    if (this.documents.get(open.key) === open)
      this.unload(open).catch((error: unknown) => console.error(`collab: unloading ${open.key} failed`, error));
  }

  /**
   * Keeps from an awareness update only what this connection may say: states for the client
   * ids it introduced itself (a client id another connection already uses is not its to
   * change), small enough, with the identity stamped by onChangeAwareness.
   */
  private ownAwareness(
    open: OpenDocument<Context>,
    connection: Connection,
    state: ConnectionState<Context>,
    update: Uint8Array,
  ): Uint8Array | null {
    const decoder = decoding.createDecoder(update);
    const kept: Array<{ clientId: number; clock: number; json: string }> = [];
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      const owner = open.owners.get(clientId);
      if ((owner && owner !== connection) || json.length > MAX_AWARENESS_STATE) continue;
      if (!owner && !this.mayClaim(open, connection, state, clientId)) continue;
      const parsed: unknown = JSON.parse(json);
      if (parsed === null) {
        state.clientIds.delete(clientId);
        open.owners.delete(clientId);
        kept.push({ clientId, clock, json });
      } else if (typeof parsed === "object" && !Array.isArray(parsed)) {
        state.clientIds.add(clientId);
        open.owners.set(clientId, connection);
        const stamped =
          this.hooks.onChangeAwareness?.(state.context, parsed as Record<string, unknown>, {
            readOnly: state.readOnly,
          }) ?? parsed;
        kept.push({ clientId, clock, json: JSON.stringify(stamped) });
      }
    }
    if (kept.length === 0) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const { clientId, clock, json } of kept) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, json);
    }
    return encoding.toUint8Array(encoder);
  }

  /** A new awareness id: within this connection's few, and not one reserved for someone else. */
  private mayClaim(
    open: OpenDocument<Context>,
    connection: Connection,
    state: ConnectionState<Context>,
    clientId: number,
  ): boolean {
    if (state.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) return false;
    const reserved = open.released.get(clientId);
    if (!reserved || reserved.until < Date.now()) return true;
    return reserved.person === this.personOf(state.context, connection);
  }

  /** Without identify, each connection counts as a person of its own. */
  private personOf(context: Context, connection: Connection): unknown {
    return this.hooks.identify?.(context) ?? connection;
  }

  private releasePerson(person: unknown) {
    const left = (this.connectionsPerPerson.get(person) ?? 1) - 1;
    if (left > 0) this.connectionsPerPerson.set(person, left);
    else this.connectionsPerPerson.delete(person);
  }

  private async disconnect(open: OpenDocument<Context>, connection: Connection) {
    const state = open.connections.get(connection);
    if (!state) return;
    open.connections.delete(connection);
    const person = this.personOf(state.context, connection);
    this.releasePerson(person);
    const now = Date.now();
    for (const [id, reserved] of open.released) if (reserved.until < now) open.released.delete(id);
    for (const id of state.clientIds) {
      open.owners.delete(id);
      open.released.set(id, { person, until: now + RELEASED_ID_RESERVED_MS });
    }
    awarenessProtocol.removeAwarenessStates(open.awareness, [...state.clientIds], null);
    await this.unloadIfUnused(open);
  }

  /** Unload once the last person leaves, so memory does not grow with every document ever opened. */
  private async unloadIfUnused(open: OpenDocument<Context>) {
    if (open.connections.size === 0 && open.holds === 0 && this.documents.get(open.key) === open)
      await this.unload(open);
  }

  /**
   * Takes the document out of the map at once, and keeps its unloading in `unloading` until
   * its queued changes are stored and onStoreDocument has run: a connection that opens it in
   * the meantime waits, then loads what was stored.
   */
  private unload(open: OpenDocument<Context>): Promise<void> {
    this.documents.delete(open.key);
    const unloaded = (async () => {
      try {
        await open.draining;
        if (!open.failed) await this.hooks.onStoreDocument?.(open.name, open.doc);
      } finally {
        open.awareness.destroy();
        open.doc.destroy();
        // Only once its changes are stored may another instance load the document.
        await this.hooks
          .onRelease?.(open.name)
          .catch((error: unknown) => console.error(`collab: releasing ${open.key} failed`, error));
        this.unloading.delete(open.key);
      }
    })();
    // Waiters must not see the hook's error: they load whatever the store holds.
    this.unloading.set(
      open.key,
      unloaded.catch(() => {}),
    );
    return unloaded;
  }
}

function updateMessage(update: Uint8Array) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
