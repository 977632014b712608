import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { createJobRegistry, defineJob } from "@/server/infra/queue/define-job";
import { createLocalQueue, type LocalQueue } from "@/server/infra/queue/local-queue";
import { recordHooks, waitFor } from "@/../tests/helpers/queue/record-hooks";

/** The embedded default: pg-boss over PGlite served on a local port (few connections). */
const MAX_CONNECTIONS = 3;

const calls: Array<{ id: string; attempt: number }> = [];
const processMessage = defineJob({
  name: "process-message",
  schema: z.object({ id: z.string() }),
  retry: { limit: 1, backoffSeconds: 1 },
  handler: async ({ id }, ctx) => {
    calls.push({ id, attempt: ctx.attempt });
    if (id.startsWith("fail")) throw new Error("always fails");
  },
});
const hooks = recordHooks();

let pglite: PGlite;
let server: PGLiteSocketServer;
const registry = createJobRegistry([processMessage]);
let queue: LocalQueue<typeof registry>;

beforeAll(async () => {
  pglite = await PGlite.create();
  server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: MAX_CONNECTIONS });
  await server.start();
  queue = createLocalQueue({
    connectionString: `postgres://postgres@${server.getServerConn()}/postgres`,
    registry,
    hooks,
    log: pino({ level: "silent" }),
    maxConnections: MAX_CONNECTIONS,
    concurrency: 1,
  });
  await queue.start();
}, 60_000);

afterAll(async () => {
  await queue?.stop();
  await server?.stop();
  await pglite?.close();
});

describe("local queue over the PGlite socket server", () => {
  it("runs, dedups and dead-letters jobs within a small connection budget", async () => {
    const first = await queue.publish("process-message", { id: "ok-1" }, { dedupId: "ok-1" });
    const again = await queue.publish("process-message", { id: "ok-1" }, { dedupId: "ok-1" });
    expect(again).toEqual({ id: first.id, deduplicated: true });
    await waitFor(() => calls.some((c) => c.id === "ok-1"), "handler over PGlite");

    await queue.publish("process-message", { id: "fail-1" });
    await waitFor(() => hooks.dead.length === 1, "dead letter over PGlite", 15_000);
    expect(hooks.dead[0]).toMatchObject({ name: "process-message", payload: { id: "fail-1" }, attempts: 2 });
    expect(calls.filter((c) => c.id === "ok-1")).toHaveLength(1);
    expect(calls.filter((c) => c.id === "fail-1").map((c) => c.attempt)).toEqual([1, 2]);
    expect(server.getStats().activeConnections).toBeLessThanOrEqual(MAX_CONNECTIONS);
  }, 30_000);
});
