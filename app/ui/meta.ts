import type { MetaFunction } from "@remix-run/node";

export const titleFromLoader: MetaFunction = ({ data }) => [
  { title: (data as { title?: string } | undefined)?.title ?? "" },
];
