// What each participation feature holds about a person, for their data download. Features
// register their part; accounts imports none of them (docs/architecture.md: capabilities depend on
// accounts, never the reverse). The server build is one bundle, so every feature module has
// registered by the time a person asks for their data.

import type { Db } from "~/db.server";

/** The transaction an account's deletion runs in: a part's erasure is part of it, or none of it happens. */
export type DeletionTransaction = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface PersonalDataPart {
  /** A short summary for the My data page: translation key and its count. */
  summary: (data: unknown) => { key: string; count: number };
  collect: (userId: string) => Promise<unknown>;
  /** What deleting the account must also remove or unlink in this feature, in the deletion's transaction. */
  erase?: (tx: DeletionTransaction, userId: string) => Promise<void>;
}

const parts = new Map<string, PersonalDataPart>();

export function registerPersonalData(name: string, part: PersonalDataPart) {
  parts.set(name, part);
}

/** Every registered feature's data about the person, keyed by feature. */
export async function collectPersonalData(userId: string): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    [...parts].map(async ([name, part]) => [name, await part.collect(userId)] as const),
  );
  return Object.fromEntries(entries);
}

export function summarisePersonalData(data: Record<string, unknown>) {
  return [...parts].filter(([name]) => name in data).map(([name, part]) => ({ name, ...part.summary(data[name]) }));
}

/** Runs every feature's erasure for a deleted account, inside the deletion's transaction. */
export async function erasePersonalData(tx: DeletionTransaction, userId: string): Promise<void> {
  for (const part of parts.values()) await part.erase?.(tx, userId);
}
