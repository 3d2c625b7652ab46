// What each participation feature holds about a person, for their data download. Features
// register their part; accounts imports none of them (ARCHITECTURE.md: capabilities depend on
// accounts, never the reverse). The server build is one bundle, so every feature module has
// registered by the time a person asks for their data.

export interface PersonalDataPart {
  /** A short summary for the My data page: translation key and its count. */
  summary: (data: unknown) => { key: string; count: number };
  collect: (userId: string) => Promise<unknown>;
}

const holder = globalThis as typeof globalThis & { __forumPersonalData?: Map<string, PersonalDataPart> };
const parts = (holder.__forumPersonalData ??= new Map());

export function registerPersonalData(name: string, part: PersonalDataPart) {
  parts.set(name, part);
}

/** Every registered feature's data about the person, keyed by feature. */
export async function collectPersonalData(userId: string): Promise<Record<string, unknown>> {
  const entries = await Promise.all([...parts].map(async ([name, part]) => [name, await part.collect(userId)] as const));
  return Object.fromEntries(entries);
}

export function summarisePersonalData(data: Record<string, unknown>) {
  return [...parts].filter(([name]) => name in data).map(([name, part]) => ({ name, ...part.summary(data[name]) }));
}
