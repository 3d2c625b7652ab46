// Bounds on open sockets, so that one visitor (or two holding ten thousand connections each)
// cannot use up the process's file descriptors and keep everyone else out.
import type { Server } from "node:http";
import type { RequestHandler } from "express";
import type { Socket } from "node:net";

export interface ConnectionLimits {
  /** Open sockets for the whole server, pages, live updates and co-editing together. */
  total: number;
  /** Open sockets from one address. */
  perAddress: number;
  /**
   * Addresses not limited per address: the trusted reverse proxy, through which every visitor
   * arrives (there, limit per visitor at the proxy). The total still applies.
   */
  isProxy: (address: string) => boolean;
}

export function connectionLimitsFromEnv(isProxy: ConnectionLimits["isProxy"]): ConnectionLimits {
  return {
    total: Number(process.env.MAX_CONNECTIONS ?? 8000),
    perAddress: Number(process.env.MAX_CONNECTIONS_PER_ADDRESS ?? 200),
    isProxy,
  };
}

export function limitConnections(server: Server, limits: ConnectionLimits) {
  // Node closes connections beyond this at once, before reading anything from them.
  server.maxConnections = limits.total;
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    if (limits.isProxy(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/**
 * Browsers never pipeline, but Node answers pipelined requests one after another without
 * waiting for the visitor to read: 3,000 of them on one connection (240 KB sent) made the
 * process render 3,000 pages at once. A connection with too many answers still owed is closed.
 */
const MAX_PENDING_PER_CONNECTION = 8;
const pending = new WeakMap<object, number>();

export const limitPipelining: RequestHandler = (req, res, next) => {
  const socket = req.socket;
  const count = (pending.get(socket) ?? 0) + 1;
  if (count > MAX_PENDING_PER_CONNECTION) {
    socket.destroy();
    return;
  }
  pending.set(socket, count);
  res.once("close", () => pending.set(socket, (pending.get(socket) ?? 1) - 1));
  next();
};

/**
 * How long a visitor may take to send a request: a connection that sends its headers byte by
 * byte, or never, is closed instead of holding its descriptor for ever.
 */
export function requestTimeoutsFromEnv() {
  const headersTimeout = Number(process.env.HEADERS_TIMEOUT_MS ?? 15_000);
  return {
    headersTimeout,
    requestTimeout: Math.max(headersTimeout, Number(process.env.REQUEST_TIMEOUT_MS ?? 30_000)),
    keepAliveTimeout: 5_000,
    // How often Node looks for connections past those timeouts.
    connectionsCheckingInterval: Math.min(2_000, headersTimeout),
  };
}
