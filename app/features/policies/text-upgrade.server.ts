// The one-time upgrade of stored policy texts to the canonical plain text form (docs/decisions/
// 0031). Before it, official versions published through the version form kept blocks apart with
// one line end, adopted versions with a blank line, and revisions without their trailing empty
// lines; reports and diffs then counted separators as changes. The canonical form needs the
// stored JSON read by the same code that writes it (./draft-text.ts), which SQL cannot do, so
// this runs when the forum starts, in the background: rows still marked with the old form
// (`textForm` 0) are rewritten a few at a time, each update conditional on the mark, so two
// instances starting at once, or a restart half-way, do each row once. New rows are written in
// the canonical form and never visited.
import type { JSONContent } from "@tiptap/core";
import { db } from "~/db.server";
import { summariseChanges } from "./change-summary";
import { CANONICAL_TEXT_FORM, characterCount, textBlocks } from "./draft-text";

const BATCH = 20;

// The response report's format (adoption.server.ts, REPORT_FORMAT), read here without importing
// the adoption feature's comments and notifications into every collaboration process's start.
const REPORT_FORMAT = "forum.policy-response-report/1";

function reportOf(stored: string | null): ({ previousVersion: number | null } & Record<string, unknown>) | null {
  if (!stored) return null;
  try {
    const report = JSON.parse(stored) as { format?: unknown; previousVersion?: unknown } & Record<string, unknown>;
    return report.format === REPORT_FORMAT
      ? { ...report, previousVersion: typeof report.previousVersion === "number" ? report.previousVersion : null }
      : null;
  } catch {
    return null;
  }
}

const blocksOf = (content: string | null | undefined): string[] => {
  if (!content) return [];
  try {
    return textBlocks(JSON.parse(content) as JSONContent);
  } catch {
    return [];
  }
};

/** Rewrites every stored text still in an older form; returns how many rows it changed. */
export async function upgradeStoredTexts(): Promise<{ versions: number; revisions: number }> {
  let versions = 0;
  for (;;) {
    const rows = await db.policyVersion.findMany({
      where: { textForm: { lt: CANONICAL_TEXT_FORM } },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, policyId: true, number: true, content: true, responseReport: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const blocks = blocksOf(row.content);
      let responseReport = row.responseReport;
      const report = reportOf(row.responseReport);
      if (report) {
        // The report's comments are its record and stay as published; its count of changes was
        // computed with mismatched separators and is recomputed from the two texts' structure.
        const previous =
          report.previousVersion === null
            ? null
            : await db.policyVersion.findUnique({
                where: { policyId_number: { policyId: row.policyId, number: report.previousVersion } },
                select: { content: true },
              });
        responseReport = JSON.stringify({ ...report, changes: summariseChanges(blocksOf(previous?.content), blocks) });
      }
      const { count } = await db.policyVersion.updateMany({
        where: { id: row.id, textForm: { lt: CANONICAL_TEXT_FORM } },
        data: { text: blocks.join("\n"), responseReport, textForm: CANONICAL_TEXT_FORM },
      });
      versions += count;
    }
  }
  let revisions = 0;
  for (;;) {
    const rows = await db.revision.findMany({
      where: { textForm: { lt: CANONICAL_TEXT_FORM } },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, policyId: true, number: true, content: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const previous =
        row.number > 1
          ? await db.revision.findUnique({
              where: { policyId_number: { policyId: row.policyId, number: row.number - 1 } },
              select: { content: true },
            })
          : null;
      const blocks = blocksOf(row.content);
      const before = blocksOf(previous?.content);
      const size = characterCount(blocks.join("\n"));
      const { count } = await db.revision.updateMany({
        where: { id: row.id, textForm: { lt: CANONICAL_TEXT_FORM } },
        data: {
          text: blocks.join("\n"),
          size,
          sizeChange: size - characterCount(before.join("\n")),
          change: JSON.stringify(summariseChanges(before, blocks)),
          textForm: CANONICAL_TEXT_FORM,
        },
      });
      revisions += count;
    }
  }
  return { versions, revisions };
}
