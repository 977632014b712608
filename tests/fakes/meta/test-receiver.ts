/** A webhook receiver for tests: records raw bodies and headers, answers `status`. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  raw: Buffer;
}

export async function startReceiver(status = 200) {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers[key] = value;
      received.push({ method: req.method ?? "", url: req.url ?? "", headers, raw: Buffer.concat(chunks) });
      res.writeHead(status).end("EVENT_RECEIVED");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/meta`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
