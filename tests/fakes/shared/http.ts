/**
 * Plain node:http plumbing shared by the Meta and X fakes (the X fake imports it from here):
 * body and parameter reading the way these APIs accept them, JSON/HTML/redirect answers,
 * and a server on 127.0.0.1 whose close() also ends delayed ("timeout") answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Params = Record<string, string>;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Query string, then form or JSON body fields (Graph takes parameters in either place). JSON
 * object values stay JSON text, as they arrive in a form (`recipient={"id":"1"}`).
 */
export function readParams(req: IncomingMessage, body: Buffer): Params {
  const url = new URL(req.url ?? "/", "http://fake");
  const params: Params = Object.fromEntries(url.searchParams);
  const type = req.headers["content-type"] ?? "";
  const text = body.toString("utf8");
  if (!text) return params;
  if (type.includes("application/json")) {
    const json = parseJsonObject(text);
    for (const [key, value] of Object.entries(json ?? {})) {
      params[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  } else {
    for (const [key, value] of new URLSearchParams(text)) params[key] = value;
  }
  return params;
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers }).end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location }).end();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `target` with `params` added to its query string (keeping what it already has). */
export function withQuery(target: string, params: Record<string, string | undefined>): string {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export interface RunningServer {
  url: string;
  /** Waits `ms`, cut short (resolving false) when the server closes. */
  sleep(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port = 0,
): Promise<RunningServer> {
  const shutdown = new AbortController();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: err instanceof Error ? err.message : String(err) } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    sleep: (ms) =>
      new Promise<boolean>((resolve) => {
        if (shutdown.signal.aborted) return resolve(false);
        const done = (completed: boolean) => {
          clearTimeout(timer);
          shutdown.signal.removeEventListener("abort", onAbort);
          resolve(completed);
        };
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(true), ms);
        shutdown.signal.addEventListener("abort", onAbort, { once: true });
      }),
    async close() {
      shutdown.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
