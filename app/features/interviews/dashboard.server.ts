import { listQuestionRecords } from "./records.server";
import { dashboardQuerySchema } from "./schemas";
import { dayRange } from "~/shared/wall-time";

/** The records of one department (or all) and one period, days counted in the reader's zone. */
export async function dashboardRecords(url: URL, timeZone: string) {
  const query = dashboardQuerySchema.parse(Object.fromEntries(url.searchParams));
  const { from, to } = dayRange(query.from, query.to, timeZone);
  return { query, records: await listQuestionRecords({ departmentId: query.department, from, to }) };
}
