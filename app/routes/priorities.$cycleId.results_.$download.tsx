import type { LoaderFunctionArgs } from "@remix-run/node";
import { cycleDownload } from "~/features/priorities/downloads.server";
import { findResultsCycle } from "~/features/priorities/results.server";
import { translatorFor } from "~/i18n/i18next.server";

/** /priorities/<id>/results/results.csv, …/ballots.json: a cycle's open data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const cycle = await findResultsCycle(params.cycleId ?? "");
  if (!cycle) throw new Response("Not Found", { status: 404 });
  const { locale } = await translatorFor(request);
  return cycleDownload(cycle, params.download, locale.startsWith("zh") ? "zh-CN" : "en");
}
