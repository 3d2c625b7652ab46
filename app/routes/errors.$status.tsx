import type { LoaderFunctionArgs } from "@remix-run/node";
import { STATUS_PAGES } from "~/http/remix-handler.server";

// The page the server shows for a request it refused before any route saw it (a body that is
// too large, or one it cannot read), rendered by the root error boundary in the reader's language.
export async function loader({ params }: LoaderFunctionArgs) {
  const status = Number(params.status);
  throw new Response(null, { status: (STATUS_PAGES as readonly number[]).includes(status) ? status : 404 });
}

export default function StatusPage() {
  return null;
}
