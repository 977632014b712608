import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { startCutProxy } from "../helpers/tcp-cut-proxy";

export type OutageProxy = {
  /** Port the app connects to instead of PostgreSQL's. */
  port: number;
  /** POST <controlUrl>/down or /up switches the simulated outage (tests run in other processes). */
  controlUrl: string;
  close: () => Promise<void>;
};

/**
 * A TCP proxy in front of PostgreSQL that can simulate an outage (tests/helpers/tcp-cut-proxy.ts),
 * switched over HTTP because the browser tests drive it from another process than the app's.
 */
export async function startOutageProxy(target: { host: string; port: number }): Promise<OutageProxy> {
  const proxy = await startCutProxy(target);
  const control = createHttpServer((req, res) => {
    if (req.method === "POST" && (req.url === "/down" || req.url === "/up")) {
      if (req.url === "/down") proxy.cut();
      else proxy.restore();
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  control.listen(0, "127.0.0.1");
  await once(control, "listening");
  return {
    port: proxy.port,
    controlUrl: `http://127.0.0.1:${(control.address() as { port: number }).port}`,
    close: async () => {
      await Promise.all([proxy.close(), new Promise((r) => control.close(r))]);
    },
  };
}
