import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { AreaComingSoon } from "~/ui/area-coming-soon";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";

export const meta = titleFromLoader;

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: await pageTitle(request, "interviews.title") });
}

export default function Interviews() {
  return <AreaComingSoon area="interviews" />;
}
