import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A Next.js App Router handler: `(request, { params })`. */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type RouteTable = Array<{
  /** e.g. "/api/webhooks/:platform"; ":name" matches one path segment. */
  pattern: string;
  methods: Partial<Record<"GET" | "POST", unknown>>;
}>;

export type RouteServer = {
  url: string;
  /** Requests whose handler threw instead of answering (a crash: Next would answer a bare 500). */
  readonly thrown: number;
  /** Answers by status class, e.g. { "2xx": 10, "4xx": 3 }. */
  readonly answers: Record<string, number>;
  close(): Promise<void>;
};

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const seg = got[i] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A real node:http server in front of the app's route handlers, as `next start` puts one in
 * front of them: raw bytes in, the handler's Response out.
 */
export async function serveRouteHandlers(routes: RouteTable): Promise<RouteServer> {
  let thrown = 0;
  const answers: Record<string, number> = {};
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const method = (req.method ?? "GET") as "GET" | "POST";
      let params: Record<string, string> | null = null;
      const route = routes.find((r) => (params = match(r.pattern, url.pathname)) !== null);
      const handler = route?.methods[method] as Handler | undefined;
      if (!route || !handler || !params) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(key, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      }
      try {
        const body = method === "GET" ? undefined : new Uint8Array(await readBody(req));
        const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method, headers, body }), { params: Promise.resolve(params) });
        const text = Buffer.from(await response.arrayBuffer());
        const key = `${String(response.status)[0]}xx`;
        answers[key] = (answers[key] ?? 0) + 1;
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(text);
      } catch {
        thrown += 1;
        answers["5xx"] = (answers["5xx"] ?? 0) + 1;
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get thrown() {
      return thrown;
    },
    get answers() {
      return answers;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
