// The baseline for `npm run bench:live`: Server-Sent Events from a bare Node HTTP server, with no
// app, no database, no authentication, no middleware and no Express. GET /events subscribes; POST /publish
// with a JSON body {type, data} writes one frame, built once, to every subscriber. It is what a
// push channel costs at the least on this machine, for the forum's figures to be divided by.
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";

const subscribers = new Set<Socket>();
let nextId = 1;

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url?.startsWith("/events")) {
    // The forum's wire format (a body that ends with the connection, frames written to the
    // socket), so that the two differ by what the app adds and not by the framing; with chunked
    // `res.write` this server used about as much CPU, and its viewers more.
    res.useChunkedEncodingByDefault = false;
    res.shouldKeepAlive = false;
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store" });
    res.flushHeaders();
    const socket = res.socket!;
    socket.write("retry: 2000\n\n");
    subscribers.add(socket);
    res.on("close", () => subscribers.delete(socket));
    return;
  }
  if (req.method === "POST" && req.url === "/publish") {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const { type, data } = JSON.parse(Buffer.concat(chunks).toString()) as { type: string; data: string };
      const at = performance.timeOrigin + performance.now();
      const id = nextId++;
      const frame = Buffer.from(`id: ${id}\nevent: ${type}\ndata: ${data}\n\n`);
      for (const subscriber of subscribers) subscriber.write(frame);
      // Under the benchmark, the parent learns when each event was published.
      process.send?.({ published: { id, at } });
      res.writeHead(204).end();
    });
    return;
  }
  if (req.url === "/count") return res.end(String(subscribers.size));
  res.writeHead(404).end();
});
server.maxConnections = 20_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`bare broadcast running at http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
