import type { LoaderFunctionArgs } from "@remix-run/node";
import { interviewDownload } from "~/features/interviews/downloads.server";
import { listQuestionRecords } from "~/features/interviews/records.server";
import { requireInterviewSession } from "~/features/interviews/route-helpers.server";

/** /interviews/<id>/questions.csv, …/statistics.json: a session's open data. */
export async function loader({ params }: LoaderFunctionArgs) {
  const session = await requireInterviewSession(params.sessionId);
  return interviewDownload(
    await listQuestionRecords({ sessionId: session.id }),
    params.download,
    `interview-${session.id}`,
  );
}
