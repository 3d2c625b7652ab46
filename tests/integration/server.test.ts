// The real server (Express + Remix build + collaboration WebSocket) on a free port, spoken to
// over HTTP and WebSocket as a browser or y-websocket client would.
import { beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { db } from "~/db.server";
import * as http from "./http";
import { newAdministrator, newResident, newWithRole } from "./helpers";
import { draftTextOf, typeInDraft } from "../protocol";
import { openEventStream } from "../event-stream-client";
import { builtServices } from "../../server";

let base: string;
http.withRealServer((url) => (base = url));

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  http.post(base, path, fields, headers);
const logInOverHttp = (email: string, password: string, headers: Record<string, string> = {}) =>
  http.logInOverHttp(base, email, password, headers);

describe("pages", () => {
  it("carry security headers, and every script carries this response's nonce", async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("answer in the visitor's language, and a missing page is a 404 in both languages", async () => {
    const zh = await fetch(`${base}/no-such-page`, { headers: { "Accept-Language": "zh-CN,zh;q=0.9" } });
    expect(zh.status).toBe(404);
    expect(await zh.text()).toContain("找不到页面");
    const en = await fetch(`${base}/no-such-page`, { headers: { "Accept-Language": "en-GB,en;q=0.8" } });
    expect(en.status).toBe(404);
    expect(await en.text()).toContain("Page not found");
  });
});

describe("forms", () => {
  it("answer bad input with 400 and messages next to the fields, in the visitor's language", async () => {
    const response = await post("/register", { email: "nonsense", password: "x" }, { "Accept-Language": "zh-CN" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("请输入有效的电子邮箱");
    expect(html).toMatch(
      /id="field-email"[^>]*aria-invalid="true"[^>]*aria-describedby="field-email-error"|aria-invalid="true"[^>]*id="field-email"/,
    );
    expect(html).toContain('value="nonsense"');
  });

  it("never turn a malformed body into a server error", async () => {
    const response = await fetch(`${base}/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: base },
      body: "{not json",
    });
    expect(response.status).toBe(400);
  });

  it("stop password guessing with a clear message and a Retry-After header", async () => {
    const resident = await newResident();
    for (let i = 0; i < 10; i++) await post("/login", { email: resident.email, password: `guess ${i}` });
    const blocked = await post(
      "/login",
      { email: resident.email, password: resident.password },
      { "Accept-Language": "en" },
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toMatch(/Too many attempts. Please wait \d+ minutes? and try again./);
  });

  it("refuse posts from another site", async () => {
    const resident = await newResident();
    const response = await post(
      "/login",
      { email: resident.email, password: resident.password },
      { Origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

describe("addresses and text from visitors", () => {
  it("send a visitor back to a page with Chinese in its address, instead of failing", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    const signedIn = await fetch(`${base}/login?redirectTo=/%E4%B8%AD`, { headers: { cookie }, redirect: "manual" });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/%E4%B8%AD");
    const settings = await post("/settings", { locale: "en", redirectTo: "/中文" });
    expect(settings.status).toBe(302);
    expect(settings.headers.get("location")).toBe("/%E4%B8%AD%E6%96%87");
    // A login with such an address sets the cookie along with the redirect.
    const login = await post("/login", {
      email: resident.email,
      password: resident.password,
      redirectTo: "/中文\u007f",
    });
    expect(login.status).toBe(302);
    expect(login.headers.getSetCookie().some((c) => c.startsWith("forum_session="))).toBe(true);
  });

  it("refuse NUL and other control characters with a message, on every database", async () => {
    const email = `nul-${Date.now()}@example.org`;
    const register = await post(
      "/register",
      { email, displayName: "a\u0000b", password: "long enough", passwordConfirmation: "long enough", consent: "on" },
      { "Accept-Language": "en" },
    );
    expect(register.status).toBe(400);
    expect(await register.text()).toContain("invisible");
    const admin = await newAdministrator();
    const { cookie } = await logInOverHttp(admin.email, admin.password);
    expect((await fetch(`${base}/admin/users?q=%00`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base}/admin/users/%00`, { headers: { cookie } })).status).toBe(404);
    expect(
      (await post("/admin/departments", { slug: "nul-test", nameZh: "水\u0000务", nameEn: "Water" }, { cookie }))
        .status,
    ).toBe(400);
    expect((await post("/admin/users/%00", { intent: "revokeSessions" }, { cookie })).status).toBeLessThan(500);
  });

  it("mark officials' and administrators' names as verified, so a copied name does not pass for theirs", async () => {
    const admin = await newAdministrator();
    const impostor = await newResident({ displayName: "Test Administrator" });
    const { cookie } = await logInOverHttp(admin.email, admin.password);
    const html = await (
      await fetch(`${base}/admin/users?q=Test%20Administrator`, { headers: { cookie, "Accept-Language": "en" } })
    ).text();
    const rowOf = (userId: string) =>
      html.slice(html.indexOf(`/admin/users/${userId}`), html.indexOf("</tr>", html.indexOf(`/admin/users/${userId}`)));
    expect(rowOf(admin.userId)).toContain("Verified Administrator");
    expect(rowOf(impostor.userId)).not.toContain("Verified");
  });
});

describe("the session cookie", () => {
  it("is HttpOnly and SameSite=Lax, and Secure when the visitor came over HTTPS", async () => {
    const resident = await newResident();
    const plain = await logInOverHttp(resident.email, resident.password);
    expect(plain.setCookie).toMatch(/HttpOnly/i);
    expect(plain.setCookie).toMatch(/SameSite=Lax/i);
    expect(plain.setCookie).not.toMatch(/Secure/i);
    const tls = await logInOverHttp(resident.email, resident.password, { "X-Forwarded-Proto": "https" });
    expect(tls.setCookie).toMatch(/; Secure/i);
  });

  it("stops working after logout", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    expect((await fetch(`${base}/account`, { headers: { cookie }, redirect: "manual" })).status).toBe(200);
    await post("/logout", {}, { cookie });
    expect((await fetch(`${base}/account`, { headers: { cookie }, redirect: "manual" })).status).toBe(302);
  });

  it("is asked for by every account page, each on its own (the account layout has no loader)", async () => {
    const pages = ["", "/password", "/security", "/sessions", "/data", "/delete"].map((page) => `/account${page}`);
    for (const path of pages) {
      const response = await fetch(`${base}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });
});

describe("caching", () => {
  it("is forbidden for pages seen while signed in, so Back after logout shows nothing private", async () => {
    const admin = await newAdministrator();
    const { cookie } = await logInOverHttp(admin.email, admin.password);
    const page = await fetch(`${base}/admin/users`, { headers: { cookie } });
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const data = await fetch(`${base}/admin/users?_data=routes%2Fadmin.users._index`, { headers: { cookie } });
    expect(data.headers.get("cache-control")).toBe("private, no-store");
    expect((await fetch(`${base}/`)).headers.get("cache-control")).toBeNull();
  });
});

describe("the content security policy", () => {
  it("lets pages open WebSockets to this forum only", async () => {
    const csp = (await fetch(`${base}/`)).headers.get("content-security-policy")!;
    const connect = csp.split(";").find((directive) => directive.startsWith("connect-src"))!;
    expect(connect.split(" ")).not.toContain("ws:");
    expect(connect.split(" ")).not.toContain("wss:");
    expect(connect).toContain(`ws://${new URL(base).host}`);
  });
});

describe("the counter desk", () => {
  it("is refused to residents on the server, also when they post straight to it", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    expect((await fetch(`${base}/counter/password-reset`, { headers: { cookie } })).status).toBe(403);
    expect(
      (await post("/counter/password-reset", { email: resident.email, identityChecked: "on" }, { cookie })).status,
    ).toBe(403);
  });

  it("gives a code that the person uses to set a new password, after which the old one fails", async () => {
    const admin = await newAdministrator();
    const resident = await newResident();
    const staff = await logInOverHttp(admin.email, admin.password);
    const issued = await post(
      "/counter/password-reset",
      { email: resident.email, identityChecked: "on" },
      { cookie: staff.cookie, "Accept-Language": "en" },
    );
    expect(issued.status).toBe(200);
    const code = /class="reset-code"[^>]*>([\d ]+)</.exec(await issued.text())![1];
    const reset = await post("/reset-password", {
      email: resident.email,
      code,
      newPassword: "a brand new passphrase",
      newPasswordConfirmation: "a brand new passphrase",
    });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("location")).toBe("/login");
    const flash = reset.headers
      .getSetCookie()
      .find((c) => c.startsWith("flash="))!
      .split(";")[0];
    const loginPage = await fetch(`${base}/login`, { headers: { cookie: flash, "Accept-Language": "en" } });
    expect(await loginPage.text()).toContain("Your new password is set");
    expect((await post("/login", { email: resident.email, password: resident.password })).status).toBe(400);
    await logInOverHttp(resident.email, "a brand new passphrase");
  });
});

describe("the admin area", () => {
  it("is refused to a resident with a 403 page, on the server", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    const page = await fetch(`${base}/admin`, { headers: { cookie, "Accept-Language": "en" } });
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("Not allowed");
    // Posting straight to an admin action, without the page, is refused too.
    const action = await post("/admin/departments", { slug: "sneaky", nameZh: "偷偷", nameEn: "Sneaky" }, { cookie });
    expect(action.status).toBe(403);
  });

  it("is open to an administrator", async () => {
    const admin = await newAdministrator();
    const { cookie } = await logInOverHttp(admin.email, admin.password);
    const page = await fetch(`${base}/admin/users`, { headers: { cookie, "Accept-Language": "zh-CN" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("人员与角色");
  });
});

describe("the collaboration endpoint", () => {
  const wsUrl = () => http.collabUrl(base);
  // The drafts below belong to policies in open consultation (the forum's hooks look them up).
  beforeAll(async () => {
    const department = await db.department.create({
      data: { slug: "collab-endpoint", nameZh: "测试局", nameEn: "Test Bureau" },
    });
    await db.policy.createMany({
      data: ["demo", "handshake"].map((id) => ({ id, title: id, departmentId: department.id, status: "open" })),
    });
  });

  function connect(documentName: string, cookie?: string, origin?: string) {
    return new Promise<number>((resolve) => {
      const socket = new WebSocket(`${wsUrl()}/${documentName}`, { headers: cookie ? { cookie } : {}, origin });
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("open", () => {
        socket.close();
        resolve(101);
      });
    });
  }

  it("lets a visitor without a session read, and refuses an unknown document name or a draft of no policy", async () => {
    expect(await connect("policy-draft.demo")).toBe(101);
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    expect(await connect("no-such-kind.demo", cookie)).toBe(404);
    expect(await connect("policy-draft.no-such-policy", cookie)).toBe(403);
    expect(await connect("policy-draft.demo", cookie)).toBe(101);
    expect(await connect("policy-draft.%E0%A4%A", cookie)).toBe(400);
  });

  it("refuses a page on another site that tries to connect with a resident's cookie", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    expect(await connect("policy-draft.demo", cookie, "https://evil.example")).toBe(403);
    expect(await connect("policy-draft.demo", cookie, base)).toBe(101);
  });

  it("completes a y-websocket handshake and relays edits between two signed-in clients", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    const alice = http.openEditor(base, "policy-draft.handshake", cookie);
    const bob = http.openEditor(base, "policy-draft.handshake", cookie);
    await Promise.all([alice.synced, bob.synced]);
    expect(draftTextOf(alice.doc)).toBe("");

    const arrived = http.textArrives(bob, "第一条 Article 1");
    typeInDraft(alice.doc, "第一条 Article 1");
    await arrived;
    expect(draftTextOf(bob.doc)).toBe("第一条 Article 1");
    alice.provider.destroy();
    bob.provider.destroy();
  });
});

// server.ts mounts the live stream handler and the routes run the features: if either were a
// copy of its own (server.ts importing app/ source beside the build), the logout's event would
// go out on one bus while the stream listened on another (docs/decisions/0028).
describe("the services of the process", () => {
  it("are one copy each: the logout a route handles ends the moderator's queue stream, which server.ts holds", async () => {
    const moderator = await newWithRole("moderator");
    const session = await db.interviewSession.create({
      data: {
        topic: "Housing",
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 3_600_000),
        createdById: moderator.userId,
      },
    });
    const { cookie } = await logInOverHttp(moderator.email, moderator.password);
    const stream = await openEventStream(`${base}/live?topic=interviews.queue.${session.id}`, { headers: { cookie } });
    expect(stream.status).toBe(200);
    expect((await post("/logout", {}, { cookie })).status).toBe(302);
    await stream.ended;
  });
});

describe("a signed-in page", () => {
  it("reads the session once, however many of its loaders ask (the request's scope in the load context)", async () => {
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    const { db: serverDb } = await builtServices();
    const queries = vi.spyOn(serverDb, "$queryRaw");
    try {
      // The root loader, the account layout's and the page's own each ask who is signed in.
      expect((await fetch(`${base}/account`, { headers: { cookie } })).status).toBe(200);
      const sessionLookups = queries.mock.calls.filter(([sql]) => String(sql).includes('FROM "Session" s'));
      expect(sessionLookups).toHaveLength(1);
    } finally {
      queries.mockRestore();
    }
  });
});
