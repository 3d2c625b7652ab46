// The collaboration core: Yjs documents, the y-websocket sync and awareness protocol, and
// hooks named for their moment (as in Hocuspocus). It knows nothing of sockets or HTTP: a
// transport hands it a Connection and feeds it messages.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { parseDocumentName, type DocumentAccess, type DocumentName } from "../app/shared/collab";

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

export interface CollabHooks<Context> {
  /** Decide who is connecting and what they may do; return null to refuse. */
  onAuthenticate(context: AuthenticateContext): Promise<{ context: Context; access: DocumentAccess } | null>;
  /**
   * Decide again, for connections already open, what each may still do: a session can end
   * (logout, sign-out everywhere, account deletion, expiry) or a right be withdrawn while a
   * socket stays open. One call for many connections, so that the hook can ask the database once.
   */
  onCheckAccess?(connections: ReadonlyArray<{ context: Context; documentName: DocumentName }>): Promise<DocumentAccess[]>;
  /**
   * What others see of a connection's presence (name, caret colour): the hook stamps the
   * identity from the session, so that no client can show itself under another person's name.
   */
  onChangeAwareness?(context: Context, state: Record<string, unknown>): Record<string, unknown>;
  /** Fill a document the first time anyone opens it. */
  onLoadDocument?(name: DocumentName, doc: Y.Doc): Promise<void>;
  /** Persist a document after changes, and when the last person leaves. */
  onStoreDocument?(name: DocumentName, doc: Y.Doc): Promise<void>;
}

/** Close codes the core uses besides the standard ones (4000–4999 are the application's). */
export const CLOSE_CODES = { sessionEnded: 4401, accessWithdrawn: 4403 } as const;

/** An awareness state is a name, a colour and a caret: a few hundred bytes. */
const MAX_AWARENESS_STATE = 4096;

interface ConnectionState<Context> {
  context: Context;
  readOnly: boolean;
  /** The awareness client ids this connection introduced; it may speak for these only. */
  clientIds: Set<number>;
}

interface OpenDocument<Context> {
  name: DocumentName;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  connections: Map<Connection, ConnectionState<Context>>;
  /** Which connection introduced each awareness client id. */
  owners: Map<number, Connection>;
  ready: Promise<void>;
}

export class CollabServer<Context = unknown> {
  private readonly documents = new Map<string, OpenDocument<Context>>();

  constructor(private readonly hooks: CollabHooks<Context>) {}

  get openDocumentCount() {
    return this.documents.size;
  }

  /** Parses the name and asks onAuthenticate; the transport refuses the connection on null. */
  async authenticate(rawName: string, headers: AuthenticateContext["headers"]) {
    const documentName = parseDocumentName(rawName);
    if (!documentName) return null;
    const result = await this.hooks.onAuthenticate({ documentName, headers });
    if (!result || result.access === "none") return null;
    return { documentName, ...result };
  }

  /** Registers an authenticated connection and returns the handlers the transport calls. */
  async connect(connection: Connection, name: DocumentName, access: DocumentAccess, context: Context) {
    const open = this.open(name);
    const state: ConnectionState<Context> = { context, readOnly: access !== "write", clientIds: new Set<number>() };
    open.connections.set(connection, state);
    await open.ready;

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
   * Asks onCheckAccess about every open connection: those that may no longer read are closed,
   * and those that may no longer write become read-only (their updates are dropped from then on).
   */
  async checkAccess(): Promise<void> {
    if (!this.hooks.onCheckAccess) return;
    const entries = [...this.documents.values()].flatMap((open) =>
      [...open.connections].map(([connection, state]) => ({ connection, state, documentName: open.name })),
    );
    if (entries.length === 0) return;
    const access = await this.hooks.onCheckAccess(entries.map(({ state, documentName }) => ({ context: state.context, documentName })));
    entries.forEach(({ connection, state }, i) => {
      if (access[i] === "none") connection.close(CLOSE_CODES.sessionEnded, "Session ended");
      else state.readOnly = access[i] !== "write";
    });
  }

  private open(name: DocumentName): OpenDocument<Context> {
    const key = `${name.kind}.${name.id}`;
    const existing = this.documents.get(key);
    if (existing) return existing;
    const doc = new Y.Doc({ gc: true });
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const open: OpenDocument<Context> = {
      name,
      doc,
      awareness,
      connections: new Map(),
      owners: new Map(),
      ready: Promise.resolve(),
    };
    // A document that failed to load is forgotten, so the next connection tries again.
    open.ready = Promise.resolve(this.hooks.onLoadDocument?.(name, doc)).catch((error: unknown) => {
      this.documents.delete(key);
      throw error;
    });
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      for (const connection of open.connections.keys()) if (connection !== origin) connection.send(message);
    });
    awareness.on("update", ({ added, updated, removed }: Record<string, number[]>) => {
      const changed = [...added, ...updated, ...removed];
      const message = awarenessMessage(awareness, changed);
      for (const connection of open.connections.keys()) connection.send(message);
    });
    this.documents.set(key, open);
    return open;
  }

  private receive(open: OpenDocument<Context>, connection: Connection, state: ConnectionState<Context>, data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    const encoder = encoding.createEncoder();
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      // A read-only connection may ask for the document (step 1) but its changes are dropped.
      const syncType = decoding.peekVarUint(decoder);
      if (state.readOnly && syncType !== syncProtocol.messageYjsSyncStep1) return;
      syncProtocol.readSyncMessage(decoder, encoder, open.doc, connection);
      if (encoding.length(encoder) > 1) connection.send(encoding.toUint8Array(encoder));
    } else if (type === MESSAGE_AWARENESS) {
      const update = this.ownAwareness(open, connection, state, decoding.readVarUint8Array(decoder));
      if (update) awarenessProtocol.applyAwarenessUpdate(open.awareness, update, connection);
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      connection.send(awarenessMessage(open.awareness, [...open.awareness.getStates().keys()]));
    }
  }

  /**
   * Keeps from an awareness update only what this connection may say: states for the client
   * ids it introduced itself (a client id another connection already uses is not its to
   * change), small enough, with the identity stamped by onChangeAwareness.
   */
  private ownAwareness(open: OpenDocument<Context>, connection: Connection, state: ConnectionState<Context>, update: Uint8Array): Uint8Array | null {
    const decoder = decoding.createDecoder(update);
    const kept: Array<{ clientId: number; clock: number; json: string }> = [];
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      const owner = open.owners.get(clientId);
      if ((owner && owner !== connection) || json.length > MAX_AWARENESS_STATE) continue;
      const parsed: unknown = JSON.parse(json);
      if (parsed === null) {
        state.clientIds.delete(clientId);
        open.owners.delete(clientId);
        kept.push({ clientId, clock, json });
      } else if (typeof parsed === "object" && !Array.isArray(parsed)) {
        state.clientIds.add(clientId);
        open.owners.set(clientId, connection);
        const stamped = this.hooks.onChangeAwareness?.(state.context, parsed as Record<string, unknown>) ?? parsed;
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

  private async disconnect(open: OpenDocument<Context>, connection: Connection) {
    const state = open.connections.get(connection);
    if (!state) return;
    open.connections.delete(connection);
    for (const id of state.clientIds) open.owners.delete(id);
    awarenessProtocol.removeAwarenessStates(open.awareness, [...state.clientIds], null);
    if (open.connections.size === 0) {
      // Unload once the last person leaves, so memory does not grow with every document ever opened.
      this.documents.delete(`${open.name.kind}.${open.name.id}`);
      await this.hooks.onStoreDocument?.(open.name, open.doc);
      open.awareness.destroy();
      open.doc.destroy();
    }
  }
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
