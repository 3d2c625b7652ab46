import { db } from "~/db.server";
import { openDataFormatSchema, openDataResponse } from "~/features/open-data/response.server";
import { readChange } from "./history";
import { commitmentChangesDataset, commitmentsDataset, progressReportsDataset } from "./open-data";

/** "commitments.csv", "progress-reports.json", "changes.csv" …: the file names the pages link to. */
function parseDownloadName(name: string | undefined) {
  const match = /^(commitments|progress-reports|changes)\.([a-z]+)$/.exec(name ?? "");
  const format = openDataFormatSchema.safeParse(match?.[2]);
  if (!match || !format.success) throw new Response("Not Found", { status: 404 });
  return { dataset: match[1] as "commitments" | "progress-reports" | "changes", format: format.data };
}

/** The commitments (of one cycle, or all), their progress reports or their changes, as a download. */
export async function commitmentsDownload(name: string | undefined, cycleId: string | undefined) {
  const { dataset, format } = parseDownloadName(name);
  const where = cycleId ? { cycleId } : {};
  const filename = cycleId ? `commitments-${cycleId}` : "commitments";
  if (dataset === "commitments") {
    const rows = await db.commitment.findMany({
      where,
      orderBy: [{ targetDate: "asc" }, { id: "asc" }],
      include: {
        department: { select: { nameZh: true, nameEn: true } },
        milestones: { select: { title: true, dueDate: true, doneAt: true } },
        reports: { orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }], take: 1, select: { reportedOn: true } },
      },
    });
    return openDataResponse(commitmentsDataset, rows, { format, filename });
  }
  if (dataset === "changes") {
    const changes = await db.commitmentChange.findMany({
      where: cycleId ? { commitment: { cycleId } } : {},
      orderBy: [{ commitmentId: "asc" }, { changedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        commitmentId: true,
        changedAt: true,
        authorName: true,
        reason: true,
        before: true,
        after: true,
      },
    });
    const rows = changes.flatMap(({ before, after, ...change }) =>
      readChange(before, after).map((field) => ({ ...change, change: field })),
    );
    return openDataResponse(commitmentChangesDataset, rows, { format, filename: `${filename}-changes` });
  }
  const reports = await db.progressReport.findMany({
    where: cycleId ? { commitment: { cycleId } } : {},
    orderBy: [{ commitmentId: "asc" }, { reportedOn: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      commitmentId: true,
      status: true,
      percent: true,
      text: true,
      reportedOn: true,
      createdAt: true,
      authorName: true,
    },
  });
  return openDataResponse(progressReportsDataset, reports, { format, filename: `${filename}-progress-reports` });
}
