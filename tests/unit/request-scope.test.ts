// A signed-in page's loaders share one session lookup per request (app/http/request-scope.server.ts).
// The scope is found through a header the forum sets; a visitor who sends that header themselves
// must not reach anyone's scope, and nothing may outlive its request.
import { describe, expect, it } from "vitest";
import { oncePerRequest, withRequestScope } from "~/http/request-scope.server";

const SCOPE_HEADER = "x-forum-request-scope";
const page = (headers: Record<string, string> = {}, method = "GET") =>
  new Request("http://forum.test/account", { method, headers });

describe("the request scope", () => {
  it("computes a lookup once per signed-in page, however many loaders ask", async () => {
    const request = page();
    let lookups = 0;
    const lookUp = () => oncePerRequest(request, "session:s1", async () => ++lookups);
    const copy = () => new Request(request.url, { headers: request.headers });
    await withRequestScope(request, true, async () => {
      expect(await lookUp()).toBe(1);
      expect(await lookUp()).toBe(1);
      expect(await oncePerRequest(copy(), "session:s1", async () => ++lookups)).toBe(1);
    });
    expect(await lookUp()).toBe(2);
  });

  it("ignores a scope named by the visitor, and keeps form posts and anonymous pages out", async () => {
    let lookups = 0;
    const victim = page();
    await withRequestScope(victim, true, async () => {
      await oncePerRequest(victim, "session:victim", async () => "victim's user");
      const forged = page({ [SCOPE_HEADER]: victim.headers.get(SCOPE_HEADER)! });
      await withRequestScope(forged, true, async () => {
        expect(forged.headers.get(SCOPE_HEADER)).not.toBe(victim.headers.get(SCOPE_HEADER));
        expect(await oncePerRequest(forged, "session:victim", async () => `fresh ${++lookups}`)).toBe("fresh 1");
      });
      for (const [request, signedIn] of [
        [page({ [SCOPE_HEADER]: victim.headers.get(SCOPE_HEADER)! }), false],
        [page({ [SCOPE_HEADER]: victim.headers.get(SCOPE_HEADER)! }, "POST"), true],
      ] as const) {
        await withRequestScope(request, signedIn, async () => {
          expect(request.headers.has(SCOPE_HEADER)).toBe(false);
          expect(await oncePerRequest(request, "session:victim", async () => `fresh ${++lookups}`)).not.toBe(
            "victim's user",
          );
        });
      }
    });
    expect(lookups).toBe(3);
  });
});
