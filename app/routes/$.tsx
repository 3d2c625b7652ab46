// Any address that matches no page: a 404 in the reader's language.
export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
