// The real server (Express + Remix build + collaboration WebSocket) on a free port, spoken to
// over HTTP and WebSocket as a browser or y-websocket client would.
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { COLLAB_PATH } from "~/shared/collab";
import { newAdministrator, newResident } from "./helpers";
import { withRealServer } from "./real-server";

let base: string;
withRealServer((url) => (base = url));

const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...headers },
    body: new URLSearchParams(fields),
  });

async function logInOverHttp(email: string, password: string, headers: Record<string, string> = {}) {
  const response = await post("/login", { email, password }, headers);
  expect(response.status).toBe(302);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("forum_session="))!;
  return { setCookie, cookie: setCookie.split(";")[0] };
}

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
    expect(html).toMatch(/id="field-email"[^>]*aria-invalid="true"[^>]*aria-describedby="field-email-error"|aria-invalid="true"[^>]*id="field-email"/);
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
    const blocked = await post("/login", { email: resident.email, password: resident.password }, { "Accept-Language": "en" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toMatch(/Too many attempts. Please wait \d+ minutes? and try again./);
  });

  it("refuse posts from another site", async () => {
    const resident = await newResident();
    const response = await post("/login", { email: resident.email, password: resident.password }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
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
  const wsUrl = () => `${base.replace("http", "ws")}${COLLAB_PATH}`;

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

  it("refuses a connection without a session, and an unknown document name", async () => {
    expect(await connect("policy-draft.demo")).toBe(401);
    const resident = await newResident();
    const { cookie } = await logInOverHttp(resident.email, resident.password);
    expect(await connect("no-such-kind.demo", cookie)).toBe(401);
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
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const open = () => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(wsUrl(), "policy-draft.handshake", doc, {
        WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      const synced = new Promise<void>((resolve) => provider.once("sync", (isSynced: boolean) => isSynced && resolve()));
      return { doc, provider, synced };
    };
    const alice = open();
    const bob = open();
    await Promise.all([alice.synced, bob.synced]);
    expect(alice.doc.getText("body").toString()).toBe("");

    const arrived = new Promise<string>((resolve) => bob.doc.getText("body").observe(() => resolve(bob.doc.getText("body").toString())));
    alice.doc.getText("body").insert(0, "第一条 Article 1");
    expect(await arrived).toBe("第一条 Article 1");
    alice.provider.destroy();
    bob.provider.destroy();
  });
});
