import { openDataFormatSchema, openDataResponse } from "~/features/open-data/response.server";
import { questionsDataset, statisticsDataset, statisticsFigures } from "./open-data";
import type { PublishedQuestionRecord } from "./records.server";
import { computeStatistics } from "./statistics";

/** "questions.csv", "statistics.json" …: the file names the statistics pages link to. */
export function parseDownloadName(name: string | undefined) {
  const match = /^(questions|statistics)\.([a-z]+)$/.exec(name ?? "");
  const format = openDataFormatSchema.safeParse(match?.[2]);
  if (!match || !format.success) throw new Response("Not Found", { status: 404 });
  return { dataset: match[1] as "questions" | "statistics", format: format.data };
}

/** The questions, or the figures computed from exactly those questions, as a download. */
export function interviewDownload(records: PublishedQuestionRecord[], name: string | undefined, filename: string) {
  const { dataset, format } = parseDownloadName(name);
  if (dataset === "questions")
    return openDataResponse(questionsDataset, records, { format, filename: `${filename}-questions` });
  return openDataResponse(statisticsDataset, statisticsFigures(computeStatistics(records, new Date())), {
    format,
    filename: `${filename}-statistics`,
  });
}
