// Where collaborative documents live: every accepted Yjs update is a DocumentUpdate row with its
// author and time, written before the collaboration server relays it (collab-server/forum.ts).
// The policy wiki reads revisions and authorship from the same rows. Decision 0009 says why the
// rows are kept this way and how compaction keeps the history.
import * as Y from "yjs";
import { db } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import { EDITING_PAUSE_MS } from "~/shared/collab";

export interface AcceptedUpdate {
  update: Uint8Array;
  authorId: string;
  at: Date;
}

/** Rows per INSERT: 5 parameters each, far below SQLite's limit of 32,766 per statement. */
const ROWS_PER_INSERT = 1_000;

/**
 * Writes updates in one commit: a batch is stored whole or not at all. This is on the path of
 * every keystroke, before it is relayed, so it is one plain multi-row INSERT: Prisma's
 * createMany took 4–6 ms a call here where the same INSERT through $executeRaw took 0.5 ms.
 * The SQL is the same on SQLite and PostgreSQL, and the values are stored exactly as Prisma
 * stores them (the persistence tests read them back through the model).
 */
export async function storeUpdates(documentName: string, updates: readonly AcceptedUpdate[]): Promise<void> {
  const inserts = [];
  for (let i = 0; i < updates.length; i += ROWS_PER_INSERT) {
    const rows = updates
      .slice(i, i + ROWS_PER_INSERT)
      .map(({ update, authorId, at }) => Prisma.sql`(${documentName}, ${bytes(update)}, ${authorId}, ${at}, ${at})`);
    inserts.push(
      db.$executeRaw`INSERT INTO "DocumentUpdate" ("documentName", "update", "authorId", "createdAt", "lastAt") VALUES ${Prisma.join(rows)}`,
    );
  }
  if (inserts.length === 1) await inserts[0];
  else if (inserts.length > 1) await db.$transaction(inserts);
}

/** The stored document as one Yjs update, or null when nothing was ever stored. */
export async function loadUpdate(documentName: string): Promise<Uint8Array | null> {
  const rows = await db.documentUpdate.findMany({
    where: { documentName },
    orderBy: { id: "asc" },
    select: { update: true },
  });
  if (rows.length === 0) return null;
  if (rows.length === 1) return rows[0].update;
  // Applied one by one to a document in one transaction and encoded, thousands of small rows
  // load several times faster than through Y.mergeUpdates (a 300,000-character regulation in
  // 3,000 changes: about 50 ms instead of 300), into the same update. gc: false keeps deleted
  // content, as merging does: revisions read the document as it was.
  const doc = new Y.Doc({ gc: false });
  Y.transact(doc, () => {
    for (const row of rows) Y.applyUpdate(doc, row.update);
  });
  return Y.encodeStateAsUpdate(doc);
}

/** Rows read per compaction pass, so that one pass over a busy document stays small in memory. */
const ROWS_PER_PASS = 5_000;

interface StoredRow {
  id: number;
  authorId: string;
  createdAt: Date;
  lastAt: Date;
  changes: number;
  update: Uint8Array;
}

/**
 * Merges the stored updates older than `before`: within each editing period (updates with no
 * pause of EDITING_PAUSE_MS between them) each author's rows become one row, kept at the id of
 * that author's last row in the period. The document at the end of every period, who changed
 * what (Yjs items keep their ids) and when each run of changes began and ended all survive.
 * Returns how many rows were removed.
 */
export async function compactDocument(documentName: string, before: Date): Promise<number> {
  const rows: StoredRow[] = await db.documentUpdate.findMany({
    where: { documentName, createdAt: { lt: before } },
    orderBy: { id: "asc" },
    take: ROWS_PER_PASS,
    select: { id: true, authorId: true, createdAt: true, lastAt: true, changes: true, update: true },
  });
  const merges = editingPeriods(rows).flatMap((period) =>
    [...groupBy(period, (row) => row.authorId).values()].filter((runs) => runs.length > 1),
  );
  if (merges.length === 0) return 0;
  let removed = 0;
  await db.$transaction(async (tx) => {
    for (const runs of merges) {
      const kept = runs[runs.length - 1];
      const others = runs.slice(0, -1).map((row) => row.id);
      // Another process compacting the same rows at once: whoever comes second finds rows gone
      // (update throws, or fewer are deleted) and rolls back, instead of overwriting a merge.
      await tx.documentUpdate.update({
        where: { id: kept.id },
        data: {
          update: bytes(Y.mergeUpdates(runs.map((row) => row.update))),
          createdAt: new Date(Math.min(...runs.map((row) => row.createdAt.getTime()))),
          lastAt: new Date(Math.max(...runs.map((row) => row.lastAt.getTime()))),
          changes: runs.reduce((sum, row) => sum + row.changes, 0),
        },
      });
      const { count } = await tx.documentUpdate.deleteMany({ where: { documentName, id: { in: others } } });
      if (count !== others.length)
        throw new Error(`compaction of ${documentName} raced another compaction; it will be retried`);
      removed += count;
    }
  });
  return removed;
}

/**
 * Compacts every document with more than `minRows` rows older than `before`. `underLease`, with
 * several instances, runs a document's compaction only where its lease is held (null: skipped).
 */
export async function compactDocuments(
  before: Date,
  minRows = 50,
  underLease: (document: string, work: () => Promise<number>) => Promise<number | null> = (_document, work) => work(),
): Promise<{ documents: number; removed: number }> {
  const counts = await db.documentUpdate.groupBy({
    by: ["documentName"],
    where: { createdAt: { lt: before } },
    _count: { _all: true },
  });
  let documents = 0;
  let removed = 0;
  for (const { documentName, _count } of counts) {
    if (_count._all <= minRows) continue;
    const count = await underLease(documentName, () => compactDocument(documentName, before));
    if (count === null) continue;
    documents++;
    removed += count;
  }
  return { documents, removed };
}

/** Splits rows (in id order) where nobody changed anything for EDITING_PAUSE_MS. */
function editingPeriods<T extends { createdAt: Date; lastAt: Date }>(rows: readonly T[]): T[][] {
  const periods: T[][] = [];
  let end = -Infinity;
  for (const row of rows) {
    if (periods.length === 0 || row.createdAt.getTime() - end >= EDITING_PAUSE_MS) {
      periods.push([]);
      end = -Infinity;
    }
    periods[periods.length - 1].push(row);
    end = Math.max(end, row.lastAt.getTime());
  }
  return periods;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? [];
    group.push(item);
    groups.set(key(item), group);
  }
  return groups;
}

/** Prisma's Bytes wants a Uint8Array over a plain ArrayBuffer. */
function bytes(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return update.buffer instanceof ArrayBuffer ? (update as Uint8Array<ArrayBuffer>) : new Uint8Array(update);
}
