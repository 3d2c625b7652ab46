import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportMarkdown } from "~/features/policies/adoption.server";
import { reportFilename, requireVersionReport } from "~/features/policies/report-route.server";
import { readPreferences } from "~/features/preferences/preferences.server";
import { translatorFor } from "~/i18n/i18next.server";

/** /policies/<id>/versions/<n>/report.md: the response report as Markdown, in the reader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = await requireVersionReport(params.policyId, params.number);
  if (!version.report) throw new Response("Not Found", { status: 404 });
  const [{ t, locale }, { timeZone }] = await Promise.all([translatorFor(request), readPreferences(request)]);
  return new Response(reportMarkdown(version.report, t, { locale, timeZone }), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportFilename(version.policy.id, version.number, "md")}"`,
    },
  });
}
