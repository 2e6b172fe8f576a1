import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * The TCP peer of a request, for `next start`: Next.js does not put the socket address on the
 * NextRequest the proxy sees, so a subscriber to Node's `http.server.request.start` diagnostics channel
 * (published before the server's request handler runs) writes it into a request header whose name
 * is random per process. A client cannot send that header (it cannot guess the name), so the value
 * is always the one this process stamped. Installed once from instrumentation.ts.
 */
const shared = globalThis as unknown as { __lunaSocketAddressHeader?: string };

export function socketAddressHeaderName(): string | undefined {
  return shared.__lunaSocketAddressHeader;
}

interface RequestStart {
  request: IncomingMessage;
  socket: Socket;
}

export async function installSocketAddressStamp() {
  if (shared.__lunaSocketAddressHeader) return;
  const { subscribe } = await import("node:diagnostics_channel");
  const name = `x-luna-peer-${randomBytes(12).toString("hex")}`;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as RequestStart;
    const address = socket?.remoteAddress ?? request?.socket?.remoteAddress;
    if (request && address) request.headers[name] = address;
  });
  shared.__lunaSocketAddressHeader = name;
}
