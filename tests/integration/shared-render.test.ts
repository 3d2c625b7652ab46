// Pages for visitors without an account are rendered once and reused while nothing they show has
// changed (app/http/shared-render.server.ts, app/features/interviews/public-view.server.ts;
// docs/decisions/0006). What a visitor must still see: their own CSP nonce, never anyone's
// personal page, and a change (a new question in a live session) on the very next load. And they
// must really be shared: one render for the visitors who would get the same page.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { newResident } from "./helpers";
import { logInOverHttp, post, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const unique = () => randomBytes(4).toString("hex");
const anonymous = (path: string) => fetch(`${base}${path}`, { headers: { "Accept-Language": "en" } });

/** The nonce the CSP header allows, and every nonce attribute in the page. */
async function nonces(response: Response) {
  const header = response.headers.get("content-security-policy") ?? "";
  const allowed = /'nonce-([^']+)'/.exec(header)?.[1];
  const html = await response.text();
  return { allowed, inPage: [...html.matchAll(/nonce="([^"]*)"/g)].map((match) => match[1]), html };
}

/**
 * Counts the renders of the root route's component in the build the test server runs (the same
 * module instance: both import the one build file), while `during` runs.
 */
async function countingRootRenders(during: (renders: () => number) => Promise<void>) {
  const build = (await import(
    pathToFileURL(join(import.meta.dirname, "..", "..", "build", "index.js")).href
  )) as ServerBuild;
  const root = build.routes.root;
  const rootModule = root.module;
  const Root = rootModule.default as (props: object) => unknown;
  let count = 0;
  // Remix takes each page's route modules from the build's routes as it renders the page.
  root.module = {
    ...rootModule,
    default: (props: object) => {
      count += 1;
      return Root(props);
    },
  } as typeof rootModule;
  try {
    await during(() => count);
  } finally {
    root.module = rootModule;
  }
}

describe("pages shared between visitors without an account", () => {
  it("are rendered once for the visitors who would get the same page", async () => {
    await countingRootRenders(async (renders) => {
      // A signed-in page is always rendered for its reader, so each one counts: this shows the
      // count sees the server's renders at all.
      const resident = await newResident();
      const { cookie } = await logInOverHttp(base, resident.email, resident.password);
      const signedIn = () => fetch(`${base}/`, { headers: { "Accept-Language": "en", Cookie: cookie } });
      const before = renders();
      await (await signedIn()).text();
      await (await signedIn()).text();
      expect(renders() - before).toBe(2);

      // A render is kept for a second of the clock (shared-render.server.ts); the clock stands
      // still here, so that a slow machine cannot make the second visitor's page a fresh one.
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
      try {
        const path = `/?visit=${unique()}`;
        const first = renders();
        const pages = [];
        for (let visitor = 0; visitor < 3; visitor++) pages.push(await (await anonymous(path)).text());
        expect(renders() - first).toBe(1);
        expect(pages[2]).toContain('id="home-title"');
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it("carry each request's own nonce, and are otherwise the same page", async () => {
    const first = await nonces(await anonymous("/"));
    const second = await nonces(await anonymous("/"));
    for (const page of [first, second]) {
      expect(page.allowed).toBeTruthy();
      expect(page.inPage.length).toBeGreaterThan(0);
      expect(new Set(page.inPage)).toEqual(new Set([page.allowed]));
    }
    expect(first.allowed).not.toBe(second.allowed);
    expect(second.html.replaceAll(second.allowed!, "N")).toBe(first.html.replaceAll(first.allowed!, "N"));
  });

  it("never give a signed-in resident's page to anyone else, nor a shared page to a resident", async () => {
    const name = `Resident ${unique()}`;
    const resident = await newResident({ displayName: name });
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const signedIn = () => fetch(`${base}/`, { headers: { "Accept-Language": "en", Cookie: cookie } });

    expect(await (await anonymous("/")).text()).not.toContain(name);
    expect(await (await signedIn()).text()).toContain(name);
    expect(await (await anonymous("/")).text()).not.toContain(name);
    expect(await (await signedIn()).text()).toContain(name);
  });

  it("show a question published in a live session on the next load", async () => {
    const department = await db.department.create({
      data: { slug: `d-${unique()}`, nameZh: `住房局${unique()}`, nameEn: `Housing ${unique()}` },
    });
    const official = await newResident({ displayName: `Official ${unique()}` });
    const created = await db.interviewSession.create({
      data: {
        titleZh: `访谈 ${unique()}`,
        titleEn: `Interview ${unique()}`,
        topic: "Housing",
        premoderated: false,
        allowAnonymous: true,
        createdById: official.userId,
        startsAt: new Date(Date.now() - 30 * 60_000),
        endsAt: new Date(Date.now() + 90 * 60_000),
        hosts: { create: [{ departmentId: department.id }] },
      },
    });
    const path = `/interviews/${created.id}`;
    const before = await (await anonymous(path)).text();
    expect(before).toContain("Interview ");

    // Asked through the page's form: the server's own bus carries the event that renews the page.
    const asker = await newResident();
    const { cookie } = await logInOverHttp(base, asker.email, asker.password);
    const text = `Will the lift in block ${unique()} be fixed this week?`;
    const asked = await post(
      base,
      path,
      { intent: "ask", type: "consultation", text, submissionKey: randomBytes(18).toString("base64url") },
      { cookie },
    );
    expect(asked.status).toBe(302);

    expect(await (await anonymous(path)).text()).toContain(text);
  });
});

// A signed-in page is rendered for its reader, header and footer included. What each reader must
// see is their own, however the pages before were rendered.
describe("signed-in pages", () => {
  const page = async (cookie: string, path: string, language = "en") =>
    (await fetch(`${base}${path}`, { headers: { "Accept-Language": language, Cookie: cookie } })).text();
  const pressedTextSize = (html: string) => /aria-pressed="true" class="size-([a-z]+)"/.exec(html)?.[1];
  const returnAddresses = (html: string) =>
    [...html.matchAll(/name="redirectTo" value="([^"]*)"/g)].map((match) => match[1].replaceAll("&amp;", "&"));
  const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, "");

  it("show each reader their own name, text size, language and address", async () => {
    const [first, second] = [`Reader ${unique()}`, `Reader ${unique()}`];
    const a = await newResident({ displayName: first });
    const b = await newResident({ displayName: second });
    await db.user.update({ where: { id: b.userId }, data: { textSize: "large" } });
    const { cookie: cookieA } = await logInOverHttp(base, a.email, a.password);
    const { cookie: cookieB } = await logInOverHttp(base, b.email, b.password);

    const a1 = await page(cookieA, "/account");
    const b1 = await page(cookieB, "/account");
    const a2 = await page(cookieA, "/account");
    expect(a1).toContain(first);
    expect(a1).not.toContain(second);
    expect(b1).toContain(second);
    expect(b1).not.toContain(first);
    expect(pressedTextSize(a1)).toBe("normal");
    expect(pressedTextSize(b1)).toBe("large");
    expect(withoutNonce(a2)).toBe(withoutNonce(a1));

    const search = `/policies?q=${unique()}`;
    expect(returnAddresses(a1)).toEqual(["/account", "/account"]);
    expect(returnAddresses(await page(cookieA, search))).toEqual([search, search]);
    expect(returnAddresses(await page(cookieA, "/account"))).toEqual(["/account", "/account"]);

    const inChinese = await page(cookieA, "/account", "zh-CN");
    expect(inChinese).toContain(">首页</a>");
    expect(await page(cookieA, "/account")).toContain(">Home</a>");
  });
});
