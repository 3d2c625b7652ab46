import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardRecords } from "~/features/interviews/dashboard.server";
import { interviewDownload } from "~/features/interviews/downloads.server";
import { readPreferences } from "~/features/preferences/preferences.server";

/** The dashboard's records and figures, for the same department and period, as open data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { timeZone } = await readPreferences(request);
  const { records } = await dashboardRecords(new URL(request.url), timeZone);
  return interviewDownload(records, params.download, "interviews");
}
