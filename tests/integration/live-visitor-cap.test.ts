// One visitor cannot hold every live slot: past LIVE_MAX_STREAMS_PER_VISITOR streams from one
// client address, the next is refused (503, Retry-After) while other visitors still connect,
// and a closed stream frees its slot.
import { afterAll, describe, expect, it } from "vitest";
import { openEventStream, type OpenStream } from "../event-stream-client";
import { builtServices } from "../../server";
import * as http from "./http";

// The topics of the server this file starts: the build's registry, not app/ source's.
const { declareLiveTopics, withdrawLiveTopics } = await builtServices();

process.env.LIVE_MAX_STREAMS_PER_VISITOR = "3";
declareLiveTopics({ name: "test.capped", authorise: () => "allow" });
afterAll(() => withdrawLiveTopics("test.capped"));

let base: string;
http.withRealServer((url) => (base = url));
const streams: OpenStream[] = [];
afterAll(() => streams.forEach((stream) => stream.close()));

const watch = async (visitor: string) => {
  const stream = await openEventStream(`${base}/live?topic=test.capped.one`, {
    headers: { "X-Forwarded-For": visitor },
  });
  streams.push(stream);
  return stream;
};

describe("live streams per visitor", () => {
  it("refuses a visitor's stream past the limit, not another visitor's, and frees the slot on close", async () => {
    const first = await watch("203.0.113.7");
    for (let index = 0; index < 2; index++) expect((await watch("203.0.113.7")).status).toBe(200);
    const refused = await watch("203.0.113.7");
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBeTruthy();
    expect((await watch("198.51.100.9")).status).toBe(200);
    first.close();
    await expect.poll(async () => (await watch("203.0.113.7")).status).toBe(200);
  });
});
