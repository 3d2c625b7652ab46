import contentDisposition from "content-disposition";
import { db } from "~/db.server";
import { openDataFormatSchema, openDataResponse } from "~/features/open-data/response.server";
import { policiesDataset, versionsDataset, type VersionRecord } from "./open-data";
import { markdownLine } from "./markdown";
import { renderText } from "./render.server";
import { streamedBody } from "~/http/streamed-body.server";
import type { VersionView } from "./versions.server";

/** "policies.csv", "versions.json" …: the file names the pages link to. */
function parseDownloadName(name: string | undefined) {
  const match = /^(policies|versions)\.([a-z]+)$/.exec(name ?? "");
  const format = openDataFormatSchema.safeParse(match?.[2]);
  if (!match || !format.success) throw new Response("Not Found", { status: 404 });
  return { dataset: match[1] as "policies" | "versions", format: format.data };
}

// A page holds this many versions' texts at once (a few megabytes for the longest texts).
const VERSIONS_PER_PAGE = 10;

/**
 * A stored version's Markdown. A text that cannot be rendered (none should: each door checks it)
 * leaves this one cell empty and is logged; it must never end the download of every other
 * version, of this policy or another (docs/decisions/0031).
 */
function markdownOrNothing(row: { policyId: string; number: number; content: string }): string {
  try {
    return renderText(JSON.parse(row.content)).markdown;
  } catch (error) {
    console.error(`policies: version ${row.number} of ${row.policyId} cannot be rendered`, error);
    return "";
  }
}

/** Versions a page of rows at a time: a regulation's versions are long texts. */
async function* versionRecords(policyId: string | undefined): AsyncIterable<VersionRecord> {
  let skip = 0;
  for (;;) {
    const rows = await db.policyVersion.findMany({
      where: policyId ? { policyId } : {},
      orderBy: [{ policyId: "asc" }, { number: "asc" }],
      select: {
        policyId: true,
        number: true,
        changeNote: true,
        content: true,
        html: true,
        text: true,
        createdAt: true,
      },
      skip,
      take: VERSIONS_PER_PAGE,
    });
    for (const row of rows) yield { ...row, markdown: markdownOrNothing(row) };
    if (rows.length < VERSIONS_PER_PAGE) return;
    skip += VERSIONS_PER_PAGE;
  }
}

/** Every policy, or the versions (of one policy, or all), as CSV or JSON. */
export async function policiesDownload(name: string | undefined, policyId: string | undefined) {
  const { dataset, format } = parseDownloadName(name);
  if (dataset === "policies") {
    const rows = await db.policy.findMany({
      where: policyId ? { id: policyId } : {},
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        title: true,
        summary: true,
        status: true,
        departmentId: true,
        opensAt: true,
        closesAt: true,
        createdAt: true,
        department: { select: { nameZh: true, nameEn: true } },
        _count: { select: { versions: true } },
      },
    });
    return openDataResponse(policiesDataset, rows, { format, filename: "policies" });
  }
  return openDataResponse(versionsDataset, versionRecords(policyId), {
    format,
    filename: policyId ? `policy-${policyId}-versions` : "policy-versions",
  });
}

export const VERSION_FILE_FORMATS = ["html", "md", "json"] as const;
type VersionFileFormat = (typeof VERSION_FILE_FORMATS)[number];

/** One version's text as a file: a standalone HTML page, Markdown, or the JSON with its metadata. */
export function versionFile(
  policy: { id: string; title: string },
  version: VersionView,
  format: string | undefined,
): Response {
  if (!(VERSION_FILE_FORMATS as readonly string[]).includes(format ?? ""))
    throw new Response("Not Found", { status: 404 });
  const kind = format as VersionFileFormat;
  const rendered = renderText(JSON.parse(version.content));
  const base = `${policy.title}-v${version.number}`;
  const fallback = `policy-${policy.id}-v${version.number}`;
  const headers = (type: string, extension: string) => ({
    "Content-Type": type,
    "Content-Disposition": contentDisposition(`${base}.${extension}`, { fallback: `${fallback}.${extension}` }),
  });
  // Streamed in slices as the reader reads (./stream.server.ts), never as one more copy of the text.
  if (kind === "md")
    return new Response(streamedBody([`# ${markdownLine(policy.title)} (v${version.number})\n\n`, rendered.markdown]), {
      headers: headers("text/markdown; charset=utf-8", "md"),
    });
  if (kind === "json") {
    const field = (name: string, value: unknown) => `,\n  ${JSON.stringify(name)}: ${JSON.stringify(value)}`;
    const parts = function* () {
      yield `{\n  "policy": ${JSON.stringify({ id: policy.id, title: policy.title })}`;
      yield field("number", version.number);
      yield field("changeNote", version.changeNote);
      yield field("publishedAt", version.createdAt.toISOString());
      // The stored JSON is the schema's own output (render.server.ts), written as it is.
      yield `,\n  "content": ${version.content}`;
      yield field("text", rendered.text);
      yield field("html", rendered.html);
      yield field("markdown", rendered.markdown);
      yield "\n}\n";
    };
    return new Response(streamedBody(parts()), { headers: headers("application/json; charset=utf-8", "json") });
  }
  const escape = (text: string) =>
    text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  const title = escape(`${policy.title} (v${version.number})`);
  const page = [
    `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>\n`,
    rendered.html,
    "\n</body></html>\n",
  ];
  return new Response(streamedBody(page), {
    headers: { ...headers("text/html; charset=utf-8", "html"), "Content-Security-Policy": "default-src 'none'" },
  });
}
