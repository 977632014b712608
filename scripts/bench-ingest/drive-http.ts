import http from "node:http";

export type LoadRequest = { path: string; body: string; headers: Record<string, string>; entries: number };

export type Outcome = { status: number | null; ms: number; stored: number; error?: string };

export type LoadResult = { seconds: number; outcomes: Outcome[] };

const REQUEST_TIMEOUT_MS = 10_000;

function send(agent: http.Agent, port: number, req: LoadRequest): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number | null, text: string, error?: string) => {
      let stored = 0;
      if (status === 200 && text.startsWith("{")) {
        try {
          const parsed = JSON.parse(text) as { stored?: unknown };
          // The webhook answers {received, stored, duplicates}; the baseline {ok}.
          stored = typeof parsed.stored === "number" ? parsed.stored : 0;
        } catch {
          error = "unparsable response";
        }
      }
      resolve({ status, ms: performance.now() - started, stored, error });
    };
    const r = http.request(
      { agent, host: "127.0.0.1", port, method: "POST", path: req.path, headers: { ...req.headers, "content-length": Buffer.byteLength(req.body) }, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (d: string) => (text += d)).on("end", () => done(res.statusCode ?? null, text, res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}: ${text.slice(0, 160)}`));
      },
    );
    r.on("timeout", () => r.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    r.on("error", (err) => done(null, "", `${err.name}: ${err.message}`));
    r.end(req.body);
  });
}

/**
 * Closed loop: `connections` keep-alive connections, each sending its next request as soon as
 * the previous one answered, until `seconds` have passed (requests in flight then still count).
 * Building and signing the next body happens in this process and is not timed.
 */
export async function driveHttp(opts: { port: number; connections: number; seconds: number; next: () => LoadRequest; stop?: () => boolean }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const outcomes: Outcome[] = [];
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: opts.connections }, async () => {
        while (performance.now() < deadline && !opts.stop?.()) outcomes.push(await send(agent, opts.port, opts.next()));
      }),
    );
  } finally {
    agent.destroy();
  }
  return { seconds: (performance.now() - started) / 1000, outcomes };
}
