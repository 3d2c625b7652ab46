import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { AreaComingSoon } from "~/ui/area-coming-soon";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: await pageTitle(request, "priorities.title") });
}

export default function Priorities() {
  return <AreaComingSoon area="priorities" />;
}
