/**
 * Plumbing shared by the OpenAI and Anthropic fakes: an HTTP server on 127.0.0.1:0, request
 * recording, a programmable behaviour queue and SSE writing. Each fake adds its wire format.
 * No test-runner imports: the demo and benchmarks use these fakes too.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeUsage {
  input: number;
  output: number;
}

export type FakeLlmBehaviour =
  /** Answer with `content` (JSON for structured calls: see replyJson). Streams split it into `chunks`. */
  | { type: "reply"; content: string; usage?: FakeUsage; delayMs?: number; chunks?: string[]; failAfterChunks?: number }
  /** Answer 200 with text that is not JSON. */
  | { type: "invalid-json"; usage?: FakeUsage }
  /** Answer `status` with the provider's error body (and Retry-After when given). */
  | { type: "error"; status: number; message?: string; retryAfterSeconds?: number }
  /** Never answer: the client's timeout has to fire. */
  | { type: "hang" };

export function replyJson(value: unknown, extra: Omit<Extract<FakeLlmBehaviour, { type: "reply" }>, "type" | "content"> = {}): FakeLlmBehaviour {
  return { type: "reply", content: JSON.stringify(value), ...extra };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined if the body was not JSON). */
  body: unknown;
}

export interface FakeLlmServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** `${url}/v1`, what the AI SDK providers take as baseURL. */
  baseURL: string;
  /** Every request received, in order, including rejected ones. */
  requests: RecordedRequest[];
  /** Behaviours for the next requests, first in first out. */
  enqueue(...behaviours: FakeLlmBehaviour[]): void;
  /** Used when the queue is empty (default: a 500 saying nothing was queued). */
  setResponder(responder: (request: RecordedRequest) => FakeLlmBehaviour): void;
  /** Behaviours still queued. */
  pending(): number;
  /** Forgets recorded requests and queued behaviours (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export interface ReplyContext {
  request: RecordedRequest;
  /** The body as an object ({} when it was not one). */
  body: Record<string, unknown>;
  res: ServerResponse;
}

export interface FakeWireFormat {
  /** Route keys like "POST /v1/chat/completions". */
  routes: ReadonlySet<string>;
  /** An error response to send instead of handling the request, or null when authorised. */
  authorise(request: RecordedRequest): { status: number; body: unknown } | null;
  errorBody(status: number, message: string): unknown;
  /** Writes a successful (or invalid-JSON) answer; may stream. */
  reply(ctx: ReplyContext, behaviour: Extract<FakeLlmBehaviour, { type: "reply" | "invalid-json" }>): Promise<void>;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** chars/4, like the product's estimate, so default usage numbers look plausible. */
export function fakeTokens(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return Math.max(1, Math.ceil(text.length / 4));
}

export function splitIntoChunks(content: string, chunks?: string[]): string[] {
  if (chunks) return chunks;
  const size = Math.max(1, Math.ceil(content.length / 3));
  const parts: string[] = [];
  for (let i = 0; i < content.length; i += size) parts.push(content.slice(i, i + size));
  return parts.length > 0 ? parts : [""];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function startSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
}

/** One SSE event; `event` adds the `event:` line (Anthropic and the Responses API use it). */
export function writeSse(res: ServerResponse, data: unknown, event?: string): void {
  const payload = typeof data === "string" ? data : JSON.stringify(data);
  res.write(`${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`);
}

/**
 * Simulates a connection lost mid-stream: lets what was written reach the client, then
 * destroys the socket without finishing the response.
 */
export async function dropConnection(res: ServerResponse): Promise<void> {
  await delay(20);
  res.socket?.destroy();
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString("utf8");
  try {
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export async function startFakeLlmServer(format: FakeWireFormat): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeLlmBehaviour[] = [];
  let responder = (_request: RecordedRequest): FakeLlmBehaviour => ({
    type: "error",
    status: 500,
    message: "fake: no behaviour queued for this request",
  });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const request: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, headers: req.headers, body: await readBody(req) };
      requests.push(request);
      if (!format.routes.has(`${request.method} ${request.path}`)) {
        sendJson(res, 404, format.errorBody(404, `fake: no route ${request.method} ${request.path}`));
        return;
      }
      const denied = format.authorise(request);
      if (denied) {
        sendJson(res, denied.status, denied.body);
        return;
      }
      const behaviour = queue.shift() ?? responder(request);
      if (behaviour.type === "hang") return; // the socket stays open until the client gives up or close()
      if (behaviour.type === "error") {
        const headers: Record<string, string> =
          behaviour.retryAfterSeconds === undefined ? {} : { "retry-after": String(behaviour.retryAfterSeconds) };
        sendJson(res, behaviour.status, format.errorBody(behaviour.status, behaviour.message ?? `fake error ${behaviour.status}`), headers);
        return;
      }
      if (behaviour.type === "reply" && behaviour.delayMs) await delay(behaviour.delayMs);
      await format.reply({ request, body: asRecord(request.body), res }, behaviour);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, format.errorBody(500, `fake crashed: ${String(error)}`));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    enqueue: (...behaviours) => void queue.push(...behaviours),
    setResponder: (next) => void (responder = next),
    pending: () => queue.length,
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // hanging requests included
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
