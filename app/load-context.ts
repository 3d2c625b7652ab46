import "@remix-run/node";
import type { OverloadMark } from "./http/overload.server";
import type { RequestScope } from "./http/request-scope.server";

// Declared once for the whole app: server.ts's getLoadContext makes one per request, and every
// loader and action of that request receives the same object.
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The Content-Security-Policy nonce for this response's scripts. */
    nonce: string;
    /** The visitor's address, as Express sees it through trusted proxies; used for rate limits. */
    clientIp: string;
    /** Work done once per request however many loaders ask, such as reading the session. */
    requestScope: RequestScope;
    /** Whether a loader or action failed because the database was overloaded (answered 503). */
    overload: OverloadMark;
  }
}
