/**
 * A Leadline app process for fault tests that kill it: the webhook route behind a real HTTP
 * server plus the embedded queue's workers, as `npm run dev` runs them in one process. Its
 * configuration comes from the environment the parent passes (database, LLM chains). With
 * FAULT_SEED_WORKSPACE=1 it first creates a pipeline workspace (Demo channel, knowledge).
 * Prints `READY <url> <workspace json|null>` once it serves; SIGTERM stops it gracefully,
 * SIGKILL is the fault.
 */
import { serveRouteHandlers } from "./serve-route-handlers";

const { POST, GET } = await import("@/app/api/webhooks/[platform]/route");
const { startQueue, stopQueue } = await import("@/server/infra/runtime/queue");
const { disconnectDb } = await import("@/server/infra/db/client");

let seeded: unknown = null;
if (process.env.FAULT_SEED_WORKSPACE === "1") {
  const { createPipelineWorkspace } = await import("./pipeline");
  const ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.5 });
  seeded = { workspaceId: ws.workspaceId, externalId: ws.externalId, secret: ws.secret };
}
await startQueue();
const server = await serveRouteHandlers([{ pattern: "/api/webhooks/:platform", methods: { POST, GET } }]);
process.stdout.write(`READY ${server.url} ${JSON.stringify(seeded)}\n`);

process.once("SIGTERM", () => {
  void (async () => {
    await server.close();
    await stopQueue().catch(() => undefined);
    await disconnectDb().catch(() => undefined);
    process.exit(0);
  })();
});
// The parent died: do not linger as an orphan holding database connections.
process.once("disconnect", () => process.exit(1));
