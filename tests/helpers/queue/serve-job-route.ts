import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import {
  handleJobRequest,
  type HandleJobRequestInput,
  type JobResponse,
} from "@/server/infra/queue/handle-job-request";
import { jobUrl } from "@/server/infra/queue/qstash-queue";

/**
 * A tiny node:http server standing in for the Next.js route /api/jobs/[job]: raw body in,
 * handleJobRequest, response out. `appUrl` is what QStash publishes to.
 */
export async function serveJobRoute(
  deps: Pick<HandleJobRequestInput, "registry" | "receiver" | "hooks" | "log">,
): Promise<{ appUrl: string; responses: JobResponse[]; close(): Promise<void> }> {
  const responses: JobResponse[] = [];
  let appUrl = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const name = /^\/api\/jobs\/([^/?]+)/.exec(req.url ?? "")?.[1] ?? "";
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(key, value);
      }
      handleJobRequest({
        ...deps,
        name,
        rawBody: Buffer.concat(chunks).toString("utf8"),
        signature: headers.get("upstash-signature"),
        url: jobUrl(appUrl, name),
        headers,
      })
        .then((response) => {
          responses.push(response);
          res.writeHead(response.status, { "Content-Type": "application/json", ...response.headers });
          res.end(JSON.stringify(response.body));
        })
        .catch((err: unknown) => {
          res.writeHead(500).end(String(err));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    appUrl,
    responses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
