import { PassThrough, Writable } from "node:stream";
import {
  createReadableStreamFromReadable,
  type ActionFunctionArgs,
  type AppLoadContext,
  type EntryContext,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  keepSharedRender,
  NONCE_PLACEHOLDER,
  sharedRender,
  sharedRenderKey,
  withNonce,
} from "./http/shared-render.server";
import { isOverload, OVERLOAD_ERROR, RETRY_AFTER_SECONDS } from "./http/overload.server";
import { wholeResponse } from "./http/whole-response.server";
import { detectLanguage, i18nextFor } from "./i18n/i18next.server";
import { NonceProvider } from "./ui/nonce";

// server.ts takes the services around the app from the build, so that each is loaded once.
export * as services from "./services.server";

const ABORT_DELAY = 5_000;

/**
 * Remix calls this for every error a loader or action throws. An overloaded database (a
 * transaction that waited too long) is marked on the request, which then answers 503 with
 * Retry-After (http/overload.server.ts), and logs one line instead of a stack trace: under
 * overload there may be hundreds. Anything else is logged as Remix would.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (isOverload(error)) {
    context.overload.seen = true;
    const message = error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error);
    console.error(`overload: ${request.method} ${new URL(request.url).pathname} answered 503: ${message}`);
    return;
  }
  if (!request.signal.aborted) console.error(error);
}

/** The state handed to the browser, with every route error replaced by the overload's 503. */
function withOverloadErrors(handoff: string | undefined): string | undefined {
  if (!handoff) return handoff;
  // Remix escapes <, >, & and the line separators as \uXXXX, which JSON reads back.
  const parsed = JSON.parse(handoff) as { state?: { errors?: Record<string, unknown> | null } };
  const errors = parsed.state?.errors;
  if (errors)
    for (const routeId of Object.keys(errors)) errors[routeId] = { ...OVERLOAD_ERROR, __type: "RouteErrorResponse" };
  return JSON.stringify(parsed).replace(
    /[&<>\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  if (loadContext.overload.seen && responseStatusCode >= 500) {
    // The error boundary says "busy, try again" instead of "something went wrong", on the
    // server and after hydration alike (the same errors travel to the browser in the handoff).
    const errors = remixContext.staticHandlerContext.errors ?? {};
    for (const routeId of Object.keys(errors)) errors[routeId] = OVERLOAD_ERROR;
    remixContext.serverHandoffString = withOverloadErrors(remixContext.serverHandoffString);
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", String(RETRY_AFTER_SECONDS));
  }
  const language = await detectLanguage(request);
  const instance = i18nextFor(language);
  const requestNonce = loadContext.nonce;
  // A page that a visitor without an account would share with others (http/shared-render.server.ts).
  const sharedKey = sharedRenderKey(request, responseStatusCode, remixContext, language);
  const ready = sharedKey ? sharedRender(sharedKey, requestNonce) : null;
  if (ready !== null) {
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    return wholeResponse(ready, { headers: responseHeaders, status: responseStatusCode });
  }
  const nonce = sharedKey ? NONCE_PLACEHOLDER : requestNonce;
  // Crawlers and no-JS readers get the whole page at once; browsers get it streamed. A shared
  // page is always rendered whole: it is kept, and its nonce is put in afterwards.
  const waitForAll = !!sharedKey || isbot(request.headers.get("user-agent") ?? "");

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let allReady = false;
    let streaming = false;
    const pageInit = () => {
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      return { headers: responseHeaders, status: responseStatusCode };
    };
    const respondWhole = (html: Uint8Array<ArrayBuffer> | string) => resolve(wholeResponse(html, pageInit()));
    // A page still waiting for data is streamed, its shell first.
    const stream = () => {
      streaming = true;
      const body = new PassThrough();
      resolve(new Response(createReadableStreamFromReadable(body), pageInit()));
      pipe(body);
    };
    // A page with nothing left to wait for is sent whole, in one piece. Streamed, its five or six
    // chunks each went through a Node stream, a web stream and a read of their own, and the
    // stream's closing made React build an error object (ERR_STREAM_ALREADY_FINISHED) for
    // every page (docs/decisions/0006). The HTML is the same.
    const sendWhole = () => {
      const chunks: Uint8Array[] = [];
      // emitClose: false, since React aborts its finished render on "close" (see above).
      const collect = new Writable({
        emitClose: false,
        write(chunk: Uint8Array, _encoding, done) {
          chunks.push(chunk);
          done();
        },
        final(done) {
          const html = Buffer.concat(chunks);
          if (!sharedKey) respondWhole(html);
          // A render that failed (onError set the status) is not kept for others.
          else if (responseStatusCode === 200)
            respondWhole(keepSharedRender(sharedKey, html.toString("utf8"), requestNonce));
          else respondWhole(withNonce(html.toString("utf8"), requestNonce));
          done();
        },
      });
      pipe(collect);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
          // React calls onAllReady straight after this when the whole page is rendered already.
          if (!waitForAll) queueMicrotask(() => allReady || stream());
        },
        onAllReady() {
          allReady = true;
          // Nothing is left to render, so nothing is left for the timer to abort. Left running,
          // each timer kept its whole render alive for 5 s: thousands of them under load, and
          // a tenth of the CPU in garbage collection (docs/decisions/0006).
          clearTimeout(abortTimer);
          if (!streaming) sendWhole();
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    // React starts rendering on a later tick, so the timer is set before any callback runs.
    const abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}
