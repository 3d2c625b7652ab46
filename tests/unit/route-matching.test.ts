// @remix-run/router is patched (patches/, applied by npm install through patch-package) so that
// the server ranks its route branches and compiles path patterns once instead of on every match,
// and remembers the matches of the paths it has seen (docs/decisions/0006). The server loads the package's
// CommonJS build, which is the one patched.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type * as Router from "@remix-run/router";

const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as typeof Router;

const routes: Router.AgnosticRouteObject[] = [
  {
    id: "root",
    path: "/",
    children: [
      { id: "home", index: true },
      {
        id: "account",
        path: "account",
        children: [
          { id: "profile", index: true },
          { id: "sessions", path: "sessions" },
        ],
      },
      { id: "user", path: "admin/users/:userId" },
      { id: "optional", path: "docs/:lang?/intro" },
      { id: "splat", path: "*" },
    ],
  },
];
const ids = (path: string) => router.matchRoutes(routes, path)?.map((match) => match.route.id);

describe("route matching with remembered branches", () => {
  it("runs the patched build", () => {
    const source = readFileSync(require.resolve("@remix-run/router"), "utf8");
    expect(source).toContain("function rankedBranchesOf(");
    expect(source).toContain("function rememberedMatchesOf(");
  });

  it("gives the same matches and params on every call", () => {
    for (let call = 0; call < 3; call++) {
      expect(ids("/")).toEqual(["root", "home"]);
      expect(ids("/account")).toEqual(["root", "account", "profile"]);
      expect(ids("/ACCOUNT/sessions/")).toEqual(["root", "account", "sessions"]);
      expect(router.matchRoutes(routes, "/admin/users/42")?.at(-1)?.params).toEqual({ userId: "42" });
      expect(ids("/docs/intro")).toEqual(["root", "optional"]);
      expect(router.matchRoutes(routes, "/docs/en/intro")?.at(-1)?.params).toEqual({ lang: "en" });
      expect(router.matchRoutes(routes, "/no/such/page")?.at(-1)).toMatchObject({
        route: { id: "splat" },
        params: { "*": "no/such/page" },
      });
    }
  });

  it("gives every caller matches of its own", () => {
    const first = router.matchRoutes(routes, "/admin/users/42")!;
    expect(first.map((match) => match.params)).toEqual([{ userId: "42" }, { userId: "42" }]);
    (first[1].params as Record<string, string>).userId = "changed";
    first[0].pathname = "/changed";
    first.pop();
    const second = router.matchRoutes(routes, "/admin/users/42")!;
    expect(second.map((match) => [match.route.id, match.pathname, match.params])).toEqual([
      ["root", "/", { userId: "42" }],
      ["user", "/admin/users/42", { userId: "42" }],
    ]);
    // As matchRouteBranch builds them, a result's matches share one params object.
    expect(second[0].params).toBe(second[1].params);
  });

  it("sees routes that lazy route discovery adds in place", () => {
    const history = router.createMemoryHistory();
    const app = router.createRouter({
      routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }],
      history,
    });
    const before = app.routes;
    expect(router.matchRoutes(before, "/late")).toBeNull();
    app.patchRoutes("root", [{ id: "late", path: "late" }]);
    // The new route is pushed into the root route's own children, which the old array holds too.
    for (const routesNow of [before, app.routes]) {
      expect(router.matchRoutes(routesNow, "/late")?.map((match) => match.route.id)).toEqual(["root", "late"]);
    }
    app.dispose();
  });
});
