import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The Content-Security-Policy nonce for this response's scripts. */
    nonce: string;
    /** The visitor's address, as Express sees it through trusted proxies; used for rate limits. */
    clientIp: string;
  }
}
