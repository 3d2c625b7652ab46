// Downloads as streams: the body is handed to the socket a slice at a time, and
// the next slice is made only when the socket has taken the last (a ReadableStream's pull), so a
// slow reader holds one slice in memory, not the file, and the process's one thread goes back
// to other visitors (and the co-editing socket) between slices (docs/decisions/0031). Every
// streamed download uses it: the policy texts and revisions, and the open data (docs/decisions/0013).

/** Characters per slice: small enough to interleave with other work, large enough to be cheap. */
const SLICE = 64 * 1024;

/** A body made of strings (made lazily, one after another), sent in slices as the reader reads. */
export function streamedBody(parts: Iterable<string> | AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const source = (async function* () {
    for await (const part of parts) for (let at = 0; at < part.length; at += SLICE) yield part.slice(at, at + SLICE);
  })();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}
