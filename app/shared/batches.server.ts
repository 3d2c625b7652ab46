/** Rows a query reads at a time when it reads them all. */
export const BATCH_SIZE = 500;

/**
 * Every row of a query, read a batch at a time after the last row read (Prisma's cursor; the
 * query's order must end with the id). Prisma reads a relation (a question's answers) with one
 * list of the parents' ids, and SQLite takes at most 999 parameters in a query: one read of
 * more than 999 questions with their answers fails there (decision 0045).
 */
export async function readInBatches<T extends { id: string }>(
  read: (batch: { take: number; cursor?: { id: string }; skip?: number }) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (let after: string | undefined; ;) {
    const batch = await read({ take: BATCH_SIZE, ...(after ? { cursor: { id: after }, skip: 1 } : {}) });
    rows.push(...batch);
    if (batch.length < BATCH_SIZE) return rows;
    after = batch.at(-1)!.id;
  }
}
