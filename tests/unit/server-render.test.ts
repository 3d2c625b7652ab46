// The server's page rendering leans on patched packages (patches/, decision 0006). What they must
// keep true: React's HTML is the same text it was asked to render, whole (no NUL bytes between
// the chunks of Chinese text: react/react#31134), and links resolve to the same addresses with
// the resolved paths kept between renders (react-router, docs/decisions/0006).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { createElement as h, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
/** A file of an installed package that its "exports" do not list: the builds that are patched. */
const packageFile = (name: string, file: string) =>
  require(join(dirname(require.resolve(`${name}/package.json`)), file)) as unknown;
type PipeableRender = (
  element: ReactElement,
  options: { onAllReady(): void; onError(error: unknown): void },
) => { pipe(destination: Writable): void };
const builds: Array<[string, PipeableRender]> = [
  [
    "production",
    (
      packageFile("react-dom", "cjs/react-dom-server.node.production.min.js") as {
        renderToPipeableStream: PipeableRender;
      }
    ).renderToPipeableStream,
  ],
  [
    "development",
    (packageFile("react-dom", "cjs/react-dom-server.node.development.js") as { renderToPipeableStream: PipeableRender })
      .renderToPipeableStream,
  ],
];

function renderWhole(render: PipeableRender, element: ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const { pipe } = render(element, {
      onAllReady: () =>
        pipe(
          new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(Buffer.from(chunk));
              done();
            },
            final(done) {
              resolve(Buffer.concat(chunks));
              done();
            },
          }),
        ),
      onError: reject,
    });
  });
}

describe("React's server rendering of Chinese text", () => {
  // Paragraphs of many lengths, so that characters of three bytes fall across every position of
  // React's 2,048-byte chunks.
  const article = h(
    "article",
    null,
    Array.from({ length: 120 }, (_, index) => h("p", { key: index }, "第".repeat(1 + index) + "条 居民意见")),
  );

  for (const [build, render] of builds) {
    it(`gives the page as rendered, without NUL bytes (${build} build)`, async () => {
      const bytes = await renderWhole(render, article);
      expect(bytes.includes(0)).toBe(false);
      expect(bytes.toString("utf8")).toBe(renderToString(article));
    });
  }
});

describe("links resolved by react-router's production build", () => {
  const patched = packageFile(
    "react-router",
    "dist/umd/react-router.production.min.js",
  ) as typeof import("react-router");
  const upstream = packageFile("react-router", "dist/umd/react-router.development.js") as typeof import("react-router");
  const hrefs = (router: typeof import("react-router"), path: string) => {
    const Href = ({ to }: { to: string }) => h("a", { href: router.useHref(to) });
    const routes = [
      {
        path: "/policies/:policyId",
        element: h(
          "main",
          null,
          h(Href, { to: "history" }),
          h(Href, { to: ".." }),
          h(Href, { to: "/policies" }),
          h(router.Outlet),
        ),
        children: [
          {
            path: "versions/:number",
            element: h("section", null, h(Href, { to: "report" }), h(Href, { to: "../report?format=md" })),
          },
        ],
      },
    ];
    const memory = router.createMemoryRouter(routes, { initialEntries: [path] });
    const html = renderToString(h(router.RouterProvider, { router: memory }));
    return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1].replaceAll("&amp;", "&"));
  };

  it("are what upstream resolves, against each page's own address, however often pages are rendered", () => {
    const pages = ["/policies/a", "/policies/b", "/policies/a/versions/2", "/policies/b/versions/3"];
    const expected = pages.map((path) => hrefs(upstream, path));
    expect(expected[0]).toEqual(["/policies/a/history", "/", "/policies"]);
    expect(expected[3]).toEqual([
      "/policies/b/history",
      "/",
      "/policies",
      "/policies/b/versions/3/report",
      "/policies/b/report?format=md",
    ]);
    for (let round = 0; round < 3; round += 1) {
      expect(pages.map((path) => hrefs(patched, path))).toEqual(expected);
    }
  });
});
