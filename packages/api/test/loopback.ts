/**
 * Test-only: a stand-in for the Oris execution server, on 127.0.0.1 with
 * Node's `http` module (the Rust server cannot be built here). Each test
 * sets how it answers; it records every request it gets.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Loopback {
  readonly url: string;
  readonly requests: { method: string; url: string; headers: IncomingMessage["headers"] }[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startLoopback(): Promise<Loopback> {
  let handler: Handler = (_req, res) => {
    res.statusCode = 500;
    res.end("no handler");
  };
  const requests: Loopback["requests"] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with the status. */
export const json =
  (status: number, body: unknown, contentType = "application/json"): Handler =>
  (_req, res) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
