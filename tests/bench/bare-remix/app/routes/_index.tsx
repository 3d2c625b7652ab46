import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Bare Remix" }];

export function loader() {
  return json({ greeting: "Hello", servedAt: new Date().toISOString() });
}

export default function Index() {
  const { greeting, servedAt } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>{greeting}</h1>
      <p>{servedAt}</p>
    </main>
  );
}
