// @remix-run/server-runtime is patched (patches/, decision 0006) so that a loader or action whose
// URL has no query string receives the request itself: Remix 2 otherwise copies it twice per
// loader only to strip its own `index`, `_data` and `_routes` parameters. What a loader sees
// must not change: the same URL, headers, method and body, and still none of Remix's parameters.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
interface CallArgs {
  request: Request;
  params: Record<string, string>;
  loadContext: unknown;
  routeId: string;
  singleFetch: boolean;
}
const data = require("@remix-run/server-runtime/dist/data.js") as {
  callRouteLoader(args: CallArgs & { loader: (args: { request: Request }) => unknown }): Promise<unknown>;
  callRouteAction(args: CallArgs & { action: (args: { request: Request }) => unknown }): Promise<unknown>;
};

async function requestSeenByLoader(request: Request, singleFetch = false): Promise<Request> {
  let seen: Request | undefined;
  await data.callRouteLoader({
    request,
    params: {},
    loadContext: {},
    routeId: "routes/page",
    singleFetch,
    loader: ({ request: given }) => {
      seen = given;
      return null;
    },
  });
  if (!seen) throw new Error("the loader did not run");
  return seen;
}

describe("the request a loader receives", () => {
  it("is the page's own request when the URL has no query string", async () => {
    const request = new Request("http://forum.test/interviews", { headers: { cookie: "lng=en" } });
    expect(await requestSeenByLoader(request)).toBe(request);
  });

  it("still loses Remix's own parameters and keeps the page's", async () => {
    const request = new Request("http://forum.test/interviews?index&_data=routes%2Finterviews&page=2", {
      headers: { cookie: "lng=zh-CN" },
    });
    const seen = await requestSeenByLoader(request);
    expect(seen.url).toBe("http://forum.test/interviews?page=2");
    expect(seen.headers.get("cookie")).toBe("lng=zh-CN");
  });

  it("keeps a named index value and drops _routes under single fetch", async () => {
    const seen = await requestSeenByLoader(
      new Request("http://forum.test/a?index=kept&_routes=root&q=%E5%B8%82"),
      true,
    );
    expect(seen.url).toBe("http://forum.test/a?q=%E5%B8%82&index=kept");
  });

  it("gives an action the posted form, with or without a query string", async () => {
    for (const url of ["http://forum.test/interviews/new", "http://forum.test/interviews/new?index&_data=x"]) {
      let body = "";
      let seenUrl = "";
      await data.callRouteAction({
        request: new Request(url, {
          method: "POST",
          body: "title=%E5%B8%82",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
        params: {},
        loadContext: {},
        routeId: "routes/interviews.new",
        singleFetch: false,
        action: async ({ request }) => {
          seenUrl = request.url;
          body = String((await request.formData()).get("title"));
          return null;
        },
      });
      expect(seenUrl).toBe("http://forum.test/interviews/new");
      expect(body).toBe("市");
    }
  });
});
