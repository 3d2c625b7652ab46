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
  /** Fill a document the first time anyone opens it. */
  onLoadDocument?(name: DocumentName, doc: Y.Doc): Promise<void>;
  /** Persist a document after changes, and when the last person leaves. */
  onStoreDocument?(name: DocumentName, doc: Y.Doc): Promise<void>;
}

interface OpenDocument {
  name: DocumentName;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  connections: Map<Connection, { readOnly: boolean; clientIds: Set<number> }>;
  ready: Promise<void>;
}

export class CollabServer<Context = unknown> {
  private readonly documents = new Map<string, OpenDocument>();

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
  async connect(connection: Connection, name: DocumentName, access: DocumentAccess) {
    const open = this.open(name);
    const state = { readOnly: access !== "write", clientIds: new Set<number>() };
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

  private open(name: DocumentName): OpenDocument {
    const key = `${name.kind}.${name.id}`;
    const existing = this.documents.get(key);
    if (existing) return existing;
    const doc = new Y.Doc({ gc: true });
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const open: OpenDocument = {
      name,
      doc,
      awareness,
      connections: new Map(),
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
    awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const state = open.connections.get(origin as Connection);
      if (state) {
        for (const id of added) state.clientIds.add(id);
        for (const id of removed) state.clientIds.delete(id);
      }
      const message = awarenessMessage(awareness, changed);
      for (const connection of open.connections.keys()) connection.send(message);
    });
    this.documents.set(key, open);
    return open;
  }

  private receive(open: OpenDocument, connection: Connection, state: { readOnly: boolean }, data: Uint8Array) {
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
      awarenessProtocol.applyAwarenessUpdate(open.awareness, decoding.readVarUint8Array(decoder), connection);
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      connection.send(awarenessMessage(open.awareness, [...open.awareness.getStates().keys()]));
    }
  }

  private async disconnect(open: OpenDocument, connection: Connection) {
    const state = open.connections.get(connection);
    if (!state) return;
    open.connections.delete(connection);
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
