// React 18.3.1's Node renderer is patched (patches/react-dom+18.3.1.patch, docs/decisions/0006): its
// HTML must be the text it was asked to render, whole, with no NUL bytes between the chunks of
// Chinese text (react/react#31134, fixed upstream in React 19). Both builds are checked: the
// server loads the production one, tests and `remix dev` the development one.
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
