// What npm run db:backup and db:restore share.

/**
 * The database address as pg_dump and pg_restore (libpq) read it: the app's address may carry
 * parameters of node-postgres or Prisma that libpq refuses, so only those libpq knows are kept.
 */
export function libpqUrl(url: string): string {
  const parsed = new URL(url);
  const kept = new URLSearchParams();
  for (const [name, value] of parsed.searchParams)
    if (/^(sslmode|sslcert|sslkey|sslrootcert|application_name|connect_timeout)$/.test(name)) kept.set(name, value);
  parsed.search = kept.toString();
  return parsed.toString();
}
