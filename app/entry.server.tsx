import { PassThrough, Writable } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { detectLanguage, i18nextFor } from "./i18n/i18next.server";
import { NonceProvider } from "./ui/nonce";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = i18nextFor(await detectLanguage(request));
  const nonce = loadContext.nonce;
  // Crawlers and no-JS readers get the whole page at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let allReady = false;
    let streaming = false;
    const respond = (body: BodyInit) => {
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
    };
    // A page still waiting for data is streamed, its shell first.
    const stream = () => {
      streaming = true;
      const body = new PassThrough();
      respond(createReadableStreamFromReadable(body));
      pipe(body);
    };
    // A page with nothing left to wait for is sent whole, in one piece. Streamed, its five or six
    // chunks each went through a Node stream, a web stream and a read of their own, and the
    // stream's closing made React build an error object (ERR_STREAM_ALREADY_FINISHED) for
    // every page (issue 9). The HTML is the same.
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
          respond(Buffer.concat(chunks) as Uint8Array<ArrayBuffer>);
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
          // a tenth of the CPU in garbage collection (issue 9).
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
