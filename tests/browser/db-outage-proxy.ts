import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer, type Socket } from "node:net";

export type OutageProxy = {
  /** Port the app connects to instead of PostgreSQL's. */
  port: number;
  /** POST <controlUrl>/down or /up switches the simulated outage (tests run in other processes). */
  controlUrl: string;
  close: () => Promise<void>;
};

/**
 * A TCP proxy in front of PostgreSQL that can simulate an outage: while "down" it cuts every
 * open connection and drops new ones at once, as a crashed or restarting database would.
 */
export async function startOutageProxy(target: { host: string; port: number }): Promise<OutageProxy> {
  const open = new Set<Socket>();
  let down = false;

  const proxy = createServer((client) => {
    if (down) return void client.destroy();
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
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");

  const control = createHttpServer((req, res) => {
    if (req.method === "POST" && (req.url === "/down" || req.url === "/up")) {
      down = req.url === "/down";
      if (down) for (const socket of open) socket.destroy();
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  control.listen(0, "127.0.0.1");
  await once(control, "listening");

  const portOf = (server: { address(): unknown }) => (server.address() as { port: number }).port;
  return {
    port: portOf(proxy),
    controlUrl: `http://127.0.0.1:${portOf(control)}`,
    close: async () => {
      for (const socket of open) socket.destroy();
      await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => control.close(r))]);
    },
  };
}
