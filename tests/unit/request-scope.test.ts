// A signed-in page's loaders share one session lookup per request (app/http/request-scope.server.ts).
// The scope travels in the load context server.ts makes for each request: nothing in it may
// outlive its request, and form posts and anonymous pages share nothing.
import type { Request as ExpressRequest } from "express";
import { describe, expect, it } from "vitest";
import { newRequestScope } from "~/http/request-scope.server";

const signedIn = { cookie: "forum_session=s1" };
const request = (headers: Record<string, string> = {}, method = "GET") => ({ method, headers }) as ExpressRequest;

describe("the request scope", () => {
  it("computes a lookup once per signed-in page, however many loaders ask, and afresh for the next request", async () => {
    let lookups = 0;
    const scope = newRequestScope(request(signedIn));
    const lookUp = () => scope.once("session:s1", async () => ++lookups);
    expect(await Promise.all([lookUp(), lookUp()])).toEqual([1, 1]);
    expect(await lookUp()).toBe(1);
    expect(await newRequestScope(request(signedIn)).once("session:s1", async () => ++lookups)).toBe(2);
  });

  it("shares nothing in a form post or an anonymous page", async () => {
    for (const each of [request(signedIn, "POST"), request()]) {
      let lookups = 0;
      const scope = newRequestScope(each);
      await scope.once("session:s1", async () => ++lookups);
      expect(await scope.once("session:s1", async () => ++lookups)).toBe(2);
    }
  });
});
