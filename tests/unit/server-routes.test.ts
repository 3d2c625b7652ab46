// @remix-run/react and react-router-dom are patched (patches/, applied by npm install through
// patch-package) so that a server render reuses the route objects of the build instead of making
// them anew for every page (docs/decisions/0006). The server loads both packages' CommonJS builds, which are
// the ones patched.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type * as ReactRouterDomServer from "react-router-dom/server";

const require = createRequire(import.meta.url);
const { createStaticHandler, createStaticRouter, StaticRouterProvider } =
  require("react-router-dom/server") as typeof ReactRouterDomServer;

const Page = ({ name }: { name: string }) => createElement("h1", null, name);
const routes = [
  {
    id: "root",
    path: "/",
    children: [
      { id: "home", index: true, Component: () => createElement(Page, { name: "home" }) },
      { id: "user", path: "users/:userId", loader: () => null, Component: () => createElement(Page, { name: "user" }) },
    ],
  },
];

// One handler, as a server has one build: its routes array is what the router is made from.
const handler = createStaticHandler(routes);

async function render(path: string) {
  const context = await handler.query(new Request(`http://localhost${path}`));
  if (context instanceof Response) throw new Error("unexpected response");
  const router = createStaticRouter(handler.dataRoutes, context);
  return { router, html: renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false })) };
}

describe("server route objects made once per build", () => {
  it("runs the patched builds", () => {
    expect(readFileSync(require.resolve("@remix-run/react/dist/server.js"), "utf8")).toContain(
      "function serverRoutesFor(",
    );
    expect(readFileSync(require.resolve("react-router-dom/server"), "utf8")).toContain(
      "const dataRoutesCache = new WeakMap()",
    );
  });

  it("renders each page with its own matches and params while sharing the routes", async () => {
    const home = await render("/");
    const user = await render("/users/42");
    const again = await render("/");
    expect(home.html).toContain("<h1>home</h1>");
    expect(user.html).toContain("<h1>user</h1>");
    expect(again.html).toBe(home.html);
    expect(user.router.state.matches.at(-1)?.params).toEqual({ userId: "42" });
    expect(home.router.state.matches.map((match) => match.route.id)).toEqual(["root", "home"]);
    expect(user.router.routes).toBe(home.router.routes);
  });
});
