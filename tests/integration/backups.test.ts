// npm run db:backup of a live forum (the server running, writes landing while the copy is made),
// then npm run db:restore into a new database: every question, ballot and draft revision that
// existed when the backup began is there, and nothing that was never written.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { databaseProvider } from "~/database.server";
import { createDb, db } from "~/db.server";
import { seedDemoCity } from "../../prisma/seed";
import { newPublicId } from "./priorities-fixtures";
import { ROOT } from "../processes";
import { onPostgresServer, postgresDatabaseUrl } from "./database-template";
import { withRealServer } from "./http";

const provider = databaseProvider(process.env.DATABASE_URL!);
const dir = mkdtempSync(join(tmpdir(), "forum-backup-"));
const restoredName = `forum_restored_${randomBytes(6).toString("hex")}`;
const restoredUrl = provider === "sqlite" ? `file:${join(dir, "restored.db")}` : postgresDatabaseUrl(restoredName);

withRealServer(() => {});
afterAll(async () => {
  if (provider === "postgresql") await onPostgresServer(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run <script> -- <args>` as its own process; resolves with its exit code and output. */
function runScript(script: string, args: string[], env: Record<string, string>) {
  const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ code: number | null; output: string }>((done) =>
    child.once("exit", (code) => done({ code, output })),
  );
}

const idsOf = async (client: typeof db) => ({
  questions: (await client.question.findMany({ select: { id: true } })).map((row) => row.id).sort(),
  ballots: (await client.ballot.findMany({ select: { id: true } })).map((row) => row.id).sort(),
  revisions: (await client.revision.findMany({ select: { id: true } })).map((row) => row.id).sort(),
});

describe(`npm run db:backup and db:restore (${provider})`, () => {
  it("copy a forum that is being written to, and the copy holds every question, ballot and draft revision", async () => {
    expect(await seedDemoCity(db)).toBe(true);
    const before = await idsOf(db);
    for (const rows of Object.values(before)) expect(rows.length).toBeGreaterThan(0);

    // Residents keep asking and voting while the backup runs.
    const question = await db.question.findFirstOrThrow();
    const cycle = await db.cycle.findFirstOrThrow();
    let writing = true;
    let written = 0;
    const writes = (async () => {
      while (writing) {
        const { id: _id, ...copy } = question;
        await db.question.create({ data: { ...copy, text: `Asked during the backup ${written}` } });
        await db.ballot.create({
          data: { publicId: newPublicId(), cycleId: cycle.id, channel: "paper", choices: "1", castOn: "2026-12-06" },
        });
        written++;
        // SQLite's driver answers without waiting on I/O: without this turn, the loop would keep
        // the event loop from ever seeing the backup process end.
        await nextTurn();
      }
    })();
    const file = join(dir, provider === "sqlite" ? "forum.db" : "forum.dump");
    const backup = await runScript("db:backup", [file], {});
    writing = false;
    await writes;
    expect(backup.output).toContain("Backed up");
    expect(backup.code).toBe(0);
    expect(written).toBeGreaterThan(0);

    if (provider === "postgresql") await onPostgresServer(`CREATE DATABASE ${restoredName}`);
    const restore = await runScript("db:restore", [file], { DATABASE_URL: restoredUrl });
    expect(restore.output).toContain("Restored");
    expect(restore.code).toBe(0);

    const after = await idsOf(db);
    const restored = createDb(restoredUrl);
    try {
      const found = await idsOf(restored);
      for (const kind of ["questions", "ballots", "revisions"] as const) {
        expect(found[kind]).toEqual(expect.arrayContaining(before[kind]));
        expect(after[kind]).toEqual(expect.arrayContaining(found[kind]));
      }
      // The draft revisions' contents came across whole, not only their rows.
      const newest = await db.revision.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      expect(await restored.revision.findUniqueOrThrow({ where: { id: newest.id } })).toEqual(newest);
    } finally {
      await restored.$disconnect();
    }

    // A second restore into the now-used database is refused and changes nothing.
    const again = await runScript("db:restore", [file], { DATABASE_URL: restoredUrl });
    expect(again.code).toBe(1);
    expect(again.output).toContain("Not restoring");
  }, 120_000);
});
