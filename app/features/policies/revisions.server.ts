// Revisions of a community draft, Wikipedia style, made from the DocumentUpdate rows the
// collaboration server stores (app/features/collab/store.server.ts): one is recorded when its
// editors pause for EDITING_PAUSE_MS, or when an editor saves with an edit summary. Each holds
// the document's Yjs state, its Tiptap JSON and plain text, its size and change, and the
// authors of the stored changes since the previous revision. Decision 0021.
import type { JSONContent } from "@tiptap/core";
import type { User } from "lucia";
import * as Y from "yjs";
import { db, type Db } from "~/db.server";
import { fail, type Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { applyServerChange } from "~/features/collab/server-changes.server";
import { loadUpdate } from "~/features/collab/store.server";
import { EDITING_PAUSE_MS } from "~/shared/collab";
import { draftAccessFor, draftDocumentName } from "./draft-access.server";
import { summariseChanges, type ChangeSummary } from "./change-summary";
import {
  CANONICAL_TEXT_FORM,
  characterCount,
  docFromState,
  jsonOfDoc,
  measureText,
  plainTextOf,
  textBlocks,
  updateTowards,
  withinTextLimits,
} from "./draft-text";
import type { RevisionRow } from "./editing-open-data";
import { canModerateDraft } from "./editing-permissions.server";
import { reattachPassageComments } from "./comments.server";

/** The community draft now: its Tiptap JSON, plain text and Yjs state (empty text if never written). */
export async function readDraft(policyId: string): Promise<{ json: JSONContent; text: string; state: Uint8Array }> {
  const state = (await loadUpdate(draftDocumentName(policyId))) ?? Y.encodeStateAsUpdate(new Y.Doc());
  const doc = docFromState(state);
  const json = jsonOfDoc(doc);
  doc.destroy();
  return { json, text: plainTextOf(json), state };
}

interface RecordOptions {
  summary?: string;
  /** A transaction to record in (the demo seed); the forum's database by default. */
  client?: Pick<Db, "policy" | "revision" | "documentUpdate">;
  restoredFromId?: string;
  /** Record even when no stored change is new (a restore always records). */
  always?: boolean;
}

/**
 * Records a revision of everything stored up to now, or returns null when nothing was stored
 * since the last one. Two processes recording at once (a pause and a save) take the same next
 * number: the unique (policyId, number) refuses the second, so no range gets two revisions.
 */
export async function recordRevision(policyId: string, options: RecordOptions = {}) {
  const client = options.client ?? db;
  const documentName = draftDocumentName(policyId);
  // A document named like a draft whose policy is gone (or never was) has no history to keep.
  if ((await client.policy.count({ where: { id: policyId } })) === 0) return null;
  const [last, newest] = await Promise.all([
    client.revision.findFirst({
      where: { policyId },
      orderBy: { number: "desc" },
      select: { number: true, size: true, lastUpdateId: true, content: true },
    }),
    client.documentUpdate.findFirst({ where: { documentName }, orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const fromId = last?.lastUpdateId ?? 0;
  const toId = newest?.id ?? 0;
  if (toId <= fromId && !options.always) return null;
  // The rows up to `toId` only: a change stored while this runs belongs to the next revision.
  const rows = await client.documentUpdate.findMany({
    where: { documentName, id: { lte: toId } },
    orderBy: { id: "asc" },
    select: { id: true, update: true, authorId: true },
  });
  const doc = docFromState(rows.length > 0 ? Y.mergeUpdates(rows.map((row) => row.update)) : null);
  const state = Y.encodeStateAsUpdate(doc);
  const json = jsonOfDoc(doc);
  doc.destroy();
  const text = plainTextOf(json);
  const size = characterCount(text);
  // The change from the previous revision, kept with the revision: the history downloads it
  // instead of every revision's full text (docs/decisions/0031).
  const change = revisionChange(last ? (JSON.parse(last.content) as JSONContent) : null, json);
  const authorIds = [...new Set(rows.filter((row) => row.id > fromId).map((row) => row.authorId))];
  try {
    return await client.revision.create({
      data: {
        policyId,
        number: (last?.number ?? 0) + 1,
        summary: options.summary ?? "",
        state: new Uint8Array(state),
        content: JSON.stringify(json),
        text,
        textForm: CANONICAL_TEXT_FORM,
        change,
        size,
        sizeChange: size - (last?.size ?? 0),
        lastUpdateId: toId,
        restoredFromId: options.restoredFromId ?? null,
        authors: { create: authorIds.map((userId) => ({ userId })) },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** A revision's change from the one before (none before the first), as stored JSON. */
export function revisionChange(previous: JSONContent | null, json: JSONContent): string {
  return JSON.stringify(summariseChanges(previous ? textBlocks(previous) : [], textBlocks(json)));
}

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Records a revision if the draft's editors have paused: nothing stored for EDITING_PAUSE_MS
 * before `now`, and something stored since the last revision. The collaboration server calls
 * it after each pause (scheduleRevision); `now` lets a test stand at the end of a pause.
 */
export async function recordRevisionAfterPause(policyId: string, now = new Date()) {
  const newest = await db.documentUpdate.findFirst({
    where: { documentName: draftDocumentName(policyId) },
    orderBy: { id: "desc" },
    select: { lastAt: true },
  });
  if (!newest || now.getTime() - newest.lastAt.getTime() < EDITING_PAUSE_MS) return null;
  const revision = await recordRevision(policyId);
  // An undo in the pause's edits may have brought back a commented passage.
  if (revision) await reattachPassageComments(policyId);
  return revision;
}

/**
 * Records the revisions a pause should have made while no timer was running (the collaboration
 * server restarted in between): every draft whose newest stored change is past its last revision
 * and older than a pause. Run when the server starts and with each compaction round.
 */
export async function recordMissedRevisions(now = new Date()) {
  const newest = await db.documentUpdate.groupBy({
    by: ["documentName"],
    where: { documentName: { startsWith: "policy-draft." } },
    _max: { id: true, lastAt: true },
  });
  const due = newest.filter(({ _max }) => _max.lastAt && now.getTime() - _max.lastAt.getTime() >= EDITING_PAUSE_MS);
  if (due.length === 0) return 0;
  const policyIds = due.map(({ documentName }) => documentName.slice("policy-draft.".length));
  const recorded = await db.revision.groupBy({
    by: ["policyId"],
    where: { policyId: { in: policyIds } },
    _max: { lastUpdateId: true },
  });
  const lastById = new Map(recorded.map(({ policyId, _max }) => [policyId, _max.lastUpdateId ?? 0]));
  let count = 0;
  for (const [index, { _max }] of due.entries()) {
    const policyId = policyIds[index];
    if ((_max.id ?? 0) > (lastById.get(policyId) ?? 0) && (await recordRevision(policyId))) count++;
  }
  return count;
}

// One timer per draft in the collaboration server's process, restarted by every stored change.
const pauseTimers = new Map<string, NodeJS.Timeout>();

/** After a stored change: a revision once nothing more is stored for EDITING_PAUSE_MS. */
export function scheduleRevision(policyId: string) {
  clearTimeout(pauseTimers.get(policyId));
  const timer = setTimeout(() => {
    pauseTimers.delete(policyId);
    recordRevisionAfterPause(policyId).catch((error: unknown) =>
      console.error(`policies: recording a revision of ${policyId} failed`, error),
    );
  }, EDITING_PAUSE_MS + 1_000);
  timer.unref();
  pauseTimers.set(policyId, timer);
}

/** An editor saves what has changed since the last revision, with an edit summary. */
export async function saveDraft(
  user: User,
  policyId: string,
  input: { summary: string },
): Promise<Outcome<{ number: number }>> {
  const { access } = await draftAccessFor(user, policyId);
  if (access !== "write") return fail("summary", "policies.editing.errors.mayNotEdit");
  const revision = await recordRevision(policyId, { summary: input.summary });
  if (revision) return { ok: true, value: { number: revision.number } };
  // Writing a summary takes a while: the pause may have recorded the person's changes already.
  // The summary then goes to that revision, if it has none yet and they are among its authors.
  const { count } = await db.revision.updateMany({
    where: {
      policyId,
      summary: "",
      restoredFromId: null,
      authors: { some: { userId: user.id } },
      number: await latestNumber(policyId),
    },
    data: { summary: input.summary },
  });
  if (count === 0) return fail("summary", "policies.editing.errors.nothingToSave");
  return { ok: true, value: { number: await latestNumber(policyId) } };
}

async function latestNumber(policyId: string) {
  return (
    (await db.revision.findFirst({ where: { policyId }, orderBy: { number: "desc" }, select: { number: true } }))
      ?.number ?? 0
  );
}

/**
 * A moderator restores an old revision: its text is applied to the live draft as a new change
 * authored by the moderator (so everyone editing sees it arrive), and recorded as a new
 * revision that says where it came from. Nothing is erased.
 */
export async function restoreRevision(
  user: User,
  policyId: string,
  input: { revision: number },
): Promise<Outcome<{ number: number }>> {
  if (!canModerateDraft(user)) return fail("form", "policies.editing.errors.notModerator");
  const old = await db.revision.findUnique({
    where: { policyId_number: { policyId, number: input.revision } },
    select: { id: true, number: true, content: true },
  });
  if (!old) return fail("revision", "validation.choose");
  // The same size limits as every other door: a revision recorded before them may be larger.
  if (!withinTextLimits(measureText(JSON.parse(old.content) as JSONContent)))
    return fail("revision", "policies.editing.errors.textTooLong");
  const documentName = draftDocumentName(policyId);
  const doc = docFromState(await loadUpdate(documentName));
  // Restoring the text the draft has now would only add an empty revision to the history.
  const same = JSON.stringify(jsonOfDoc(doc)) === old.content;
  const update = same ? null : updateTowards(doc, JSON.parse(old.content) as JSONContent);
  doc.destroy();
  if (!update) return fail("revision", "policies.editing.errors.sameText");
  await applyServerChange(documentName, update, { id: user.id, displayName: user.displayName });
  const revision = await recordRevision(policyId, { restoredFromId: old.id, always: true, summary: "" });
  if (!revision) return fail("form", "policies.editing.errors.tryAgain");
  await reattachPassageComments(policyId);
  await db.$transaction(async (tx) => {
    const policy = await tx.policy.findUniqueOrThrow({
      where: { id: policyId },
      select: { title: true, departmentId: true },
    });
    await recordAudit(tx, {
      actor: user,
      action: "revision.restore",
      targetType: "policy",
      targetId: policyId,
      detail: {
        title: policy.title,
        departmentId: policy.departmentId,
        restored: old.number,
        revision: revision.number,
      },
    });
  });
  return { ok: true, value: { number: revision.number } };
}

export const REVISIONS_PAGE_SIZE = 25;

/** The history page: newest first, with authors' public display names. */
export async function listRevisions(policyId: string, page: number) {
  const [total, rows] = await Promise.all([
    db.revision.count({ where: { policyId } }),
    db.revision.findMany({
      where: { policyId },
      orderBy: { number: "desc" },
      skip: (page - 1) * REVISIONS_PAGE_SIZE,
      take: REVISIONS_PAGE_SIZE,
      select: revisionListing,
    }),
  ]);
  const restoredIds = rows.flatMap((row) => (row.restoredFromId ? [row.restoredFromId] : []));
  const restored = new Map(
    (await db.revision.findMany({ where: { id: { in: restoredIds } }, select: { id: true, number: true } })).map(
      (row) => [row.id, row.number],
    ),
  );
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / REVISIONS_PAGE_SIZE)),
    revisions: rows.map(({ restoredFromId, authors, ...row }) => ({
      ...row,
      restoredFrom: restoredFromId ? (restored.get(restoredFromId) ?? null) : null,
      authors: authors.map(({ user }) => user.displayName).sort((a, b) => a.localeCompare(b)),
    })),
  };
}

const revisionListing = {
  number: true,
  summary: true,
  size: true,
  sizeChange: true,
  createdAt: true,
  restoredFromId: true,
  authors: { select: { user: { select: { displayName: true } } } },
} as const;

export async function getRevision(policyId: string, number: number) {
  return db.revision.findUnique({
    where: { policyId_number: { policyId, number } },
    select: { number: true, text: true, content: true, createdAt: true, summary: true },
  });
}

const REVISIONS_PER_READ = 100;

/**
 * Every revision as open data (./editing-open-data.ts), oldest first, read a page at a time:
 * metadata and the stored change, never the texts.
 */
export async function* revisionRows(policyId: string): AsyncIterable<RevisionRow> {
  const numberById = new Map<string, number>();
  for (let after = 0; ;) {
    const rows = await db.revision.findMany({
      where: { policyId, number: { gt: after } },
      orderBy: { number: "asc" },
      take: REVISIONS_PER_READ,
      select: { ...revisionListing, id: true, change: true },
    });
    for (const { id, restoredFromId, authors, change, ...row } of rows) {
      numberById.set(id, row.number);
      yield {
        ...row,
        change: parseChange(change),
        restoredFrom: restoredFromId ? (numberById.get(restoredFromId) ?? null) : null,
        authors: authors.map(({ user }) => user.displayName).sort((a, b) => a.localeCompare(b)),
      };
    }
    if (rows.length < REVISIONS_PER_READ) return;
    after = rows[rows.length - 1].number;
  }
}

function parseChange(stored: string): ChangeSummary | null {
  if (!stored) return null;
  try {
    return JSON.parse(stored) as ChangeSummary;
  } catch {
    return null;
  }
}

/** One revision in full (its text and Tiptap JSON), for its own download. */
export async function revisionInFull(policyId: string, number: number) {
  const row = await db.revision.findUnique({
    where: { policyId_number: { policyId, number } },
    select: { ...revisionListing, text: true, content: true, change: true },
  });
  if (!row) return null;
  const { authors, restoredFromId: _restored, change, ...rest } = row;
  return {
    ...rest,
    change: parseChange(change),
    authors: authors.map(({ user }) => user.displayName).sort((a, b) => a.localeCompare(b)),
  };
}
