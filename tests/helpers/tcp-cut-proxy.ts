import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";

export type CutProxy = {
  /** 127.0.0.1:<port> stands in for the target. */
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Cuts every open connection and refuses new ones at once, as a stopped database would. */
  cut(): void;
  restore(): void;
  readonly isCut: boolean;
  /** Connections refused while cut (the app tried and failed). */
  readonly refused: number;
  close(): Promise<void>;
};

/**
 * A TCP proxy in front of a server (PostgreSQL here) that can simulate its outage inside the
 * test's own process, without touching the real server other tests share.
 */
export async function startCutProxy(target: { host: string; port: number }): Promise<CutProxy> {
  const open = new Set<Socket>();
  let cut = false;
  let refused = 0;

  const server = createServer((client) => {
    if (cut) {
      refused += 1;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on("error", close);
      socket.on("close", close);
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;

  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    get isCut() {
      return cut;
    },
    get refused() {
      return refused;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
