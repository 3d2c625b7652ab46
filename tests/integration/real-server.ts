import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { startServer } from "../../server";

/**
 * Starts the real server (Express, the Remix build, the collaboration WebSocket) on a free port
 * before this file's tests, hands over its base URL, and stops it after them.
 */
export function withRealServer(onListening: (base: string) => void) {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(0);
    onListening(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
}
