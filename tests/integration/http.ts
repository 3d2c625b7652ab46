// The real server (Express + Remix build + collaboration WebSocket) on a free port, and the
// ways a browser, a y-websocket client or an attacker speaks to it.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { startServer } from "../../server";
import { COLLAB_PATH } from "~/shared/collab";
import { i18nextFor } from "~/i18n/i18next.server";
import { draftTextOf } from "../protocol";

export interface TestServer {
  server: Server;
  base: string;
  port: number;
}

export async function startTestServer(): Promise<TestServer> {
  const server = await startServer(0);
  const port = (server.address() as AddressInfo).port;
  return { server, port, base: `http://127.0.0.1:${port}` };
}

export const stopTestServer = ({ server }: TestServer) => new Promise<void>((done) => server.close(() => done()));

/** Starts the real server before this file's tests, hands over its base URL, and stops it after them. */
export function withRealServer(onListening: (base: string) => void) {
  let running: TestServer;
  beforeAll(async () => {
    running = await startTestServer();
    onListening(running.base);
  });
  afterAll(() => stopTestServer(running));
}

export function post(base: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...headers },
    body: new URLSearchParams(fields),
  });
}

export async function logInOverHttp(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const response = await post(base, "/login", { email, password }, headers);
  expect(response.status).toBe(302);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("forum_session="))!;
  return { setCookie, cookie: setCookie.split(";")[0], response };
}

export const collabUrl = (base: string) => `${base.replace("http", "ws")}${COLLAB_PATH}`;

/** A y-websocket editor, as the policy wiki's browser client connects. */
export function openEditor(base: string, documentName: string, cookie: string) {
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(base), documentName, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => provider.once("sync", (isSynced: boolean) => isSynced && resolve()));
  return { doc, provider, synced };
}

/** Resolves with the text once the editor's document holds it. */
export function textArrives(editor: { doc: Y.Doc }, expected: string) {
  const fragment = editor.doc.getXmlFragment("default");
  return new Promise<void>((resolve) => {
    const check = () => {
      if (draftTextOf(editor.doc).includes(expected)) {
        fragment.unobserveDeep(check);
        resolve();
      }
    };
    fragment.observeDeep(check);
    check();
  });
}

/** A raw WebSocket on a document, for sending what no well-behaved client would. */
export function openSocket(base: string, documentName: string, cookie: string) {
  const socket = new WebSocket(`${collabUrl(base)}/${documentName}`, { headers: { cookie } });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_request, response) =>
      reject(new Error(`refused with ${response.statusCode}`)),
    );
  });
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  socket.on("error", () => {});
  return { socket, opened, closed };
}

/** Text as React writes it into HTML. */
export const asHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
const HAS_CHINESE = /[\u4e00-\u9fff]/;

/**
 * A refused form: the status (400 unless given), and the message shown on the page in the
 * reader's language, which must exist in that language (Chinese text for zh-CN, none for en).
 */
export async function expectRefusalIn(
  response: Response,
  language: "en" | "zh-CN",
  key: string,
  options?: Record<string, unknown>,
  status = 400,
) {
  const page = await response.text();
  expect(response.status, `${key} in ${language}`).toBe(status);
  const message = i18nextFor(language).t(key, options);
  expect(message, `${key} has no ${language} text`).not.toBe(key);
  if (language === "zh-CN") expect(message).toMatch(HAS_CHINESE);
  else expect(message).not.toMatch(HAS_CHINESE);
  expect(page, `${key} in ${language}`).toContain(asHtml(message));
}

/**
 * Pages and forms as people in a browser: each person logs in over HTTP once (their cookie is
 * kept), a visitor (null) has none; forms carry the forum's Origin, and a field may repeat.
 * `base` is read at each request: the server's address is known only once it listens.
 */
export function peopleOverHttp(base: () => string) {
  const cookies = new Map<string, string>();
  async function cookieOf(person: { userId: string; email: string; password: string }) {
    if (!cookies.has(person.userId))
      cookies.set(person.userId, (await logInOverHttp(base(), person.email, person.password)).cookie);
    return cookies.get(person.userId)!;
  }
  async function open(person: Parameters<typeof cookieOf>[0] | null, path: string, language = "en") {
    const headers: Record<string, string> = { "Accept-Language": language };
    if (person) headers.Cookie = await cookieOf(person);
    return fetch(`${base()}${path}`, { redirect: "manual", headers });
  }
  async function submit(
    person: Parameters<typeof cookieOf>[0],
    path: string,
    fields: Record<string, string | string[]>,
    language = "en",
  ) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
    return fetch(`${base()}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: base(),
        "Accept-Language": language,
        Cookie: await cookieOf(person),
      },
      body,
    });
  }
  return { cookieOf, open, submit };
}
