// A page that is rendered whole goes from the renderer to the socket as the bytes it is. Handed
// over as a Response body, every page went through a web stream on its way out (created, read
// chunk by chunk, written): about a tenth of a signed-in page's CPU (docs/decisions/0006).
// The Response carries no body of its own; the bytes ride along under a key that the forum's
// HTTP layer (remix-handler.server.ts) knows. server.ts and the Remix build load this module
// separately, hence a registered symbol rather than a module-local one.
const WHOLE_BODY = Symbol.for("civic-forum.whole-body");

type WholeBody = Uint8Array<ArrayBuffer> | string;

export function wholeResponse(body: WholeBody, init: ResponseInit): Response {
  const response = new Response(null, init);
  Object.defineProperty(response, WHOLE_BODY, { value: body });
  return response;
}

/** The bytes of a page made by wholeResponse, or undefined for any other response. */
export function wholeBodyOf(response: Response): WholeBody | undefined {
  return (response as Response & { [WHOLE_BODY]?: WholeBody })[WHOLE_BODY];
}

/** The same answer with another status, its bytes as an ordinary body (for the rare error pages). */
export function withStatus(response: Response, status: number): Response {
  return new Response(wholeBodyOf(response) ?? response.body, { status, headers: response.headers });
}
