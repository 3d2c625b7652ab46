// The forum for `npm run bench:live`: the forum as `npm start` runs it (forum-server.ts), plus
// two things for the benchmark only, in this child process only:
// - it tells the parent (IPC) when each event was published, so that delays can be counted from
//   the server's publish as well as from the official's submit;
// - for `--driver synthetic`, a topic family of the benchmark's own, published on the parent's
//   command: the push channel alone, with no action or database write before the publish.
// The forum itself declares no such topic.
import { performance } from "node:perf_hooks";
import { buildIfNeeded, builtServices } from "../../../server";

// The running server's bus and topics are the build's (docs/decisions/0028), not app/ source's.
buildIfNeeded();
const { declareLiveTopics, live } = await builtServices();

const bench = declareLiveTopics<{ answer: unknown }>({
  name: "bench.session",
  authorise: () => "allow",
  countViewers: true,
});

process.on("message", (message: { publish?: { key: string; data: unknown } }) => {
  if (message.publish) bench.publish(message.publish.key, "answer", message.publish.data);
});

const publish = live.publish.bind(live);
live.publish = async (topic, data, options) => {
  const at = performance.timeOrigin + performance.now();
  const event = await publish(topic, data, options);
  process.send?.({ published: { id: event.id, at } });
  return event;
};

await import("./forum-server");
