// Runs the collaboration server as its own process (npm run collab), for deployments that
// scale it apart from the app. It reads the same database, so sessions are shared.
import { createServer } from "node:http";
import { createForumCollabServer } from "./forum";
import { attachCollabServer } from "./websocket";

const port = Number(process.env.COLLAB_PORT ?? 3001);
const server = createServer((_request, response) => {
  response.writeHead(426, { "Content-Type": "text/plain" }).end("WebSocket only: connect to /collab/<document>\n");
});
attachCollabServer(server, createForumCollabServer());
server.listen(port, () => console.log(`Collaboration server on ws://localhost:${port}/collab`));
