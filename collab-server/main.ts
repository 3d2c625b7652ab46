// Runs the collaboration server as its own process (npm run collab), for deployments that
// scale it apart from the app. It reads the same database, so sessions are shared.
import { createServer } from "node:http";
import { createForumCollabServer } from "./forum";
import { attachCollabServer } from "./websocket";

const port = Number(process.env.COLLAB_PORT ?? 3001);
const server = createServer((_request, response) => {
  response.writeHead(426, { "Content-Type": "text/plain" }).end("WebSocket only: connect to /collab/<document>\n");
});
const collab = createForumCollabServer();
const { wss } = attachCollabServer(server, collab);
server.listen(port, () => console.log(`Collaboration server on ws://localhost:${port}/collab`));

// A stop (SIGTERM, Ctrl-C) closes every socket and waits until each document's queued changes
// are stored, then exits. Changes already relayed are stored anyway; this ends the rest cleanly.
async function stop() {
  for (const ws of wss.clients) ws.terminate();
  server.close();
  await collab.close();
  process.exit(0);
}
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
