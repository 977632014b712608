import { afterAll, beforeAll, describe, it } from "vitest";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { stopQueue } from "@/server/infra/runtime/queue";
import { startCutProxy, type CutProxy } from "../helpers/tcp-cut-proxy";
import type { RouteServer } from "../helpers/serve-route-handlers";
import { createFaultWorkspace, META_SECRET, serveApp, type FaultWorkspace } from "./fault-app";
import { formatTable, settle } from "./figures";
import { startIsolatedPipeline, type IsolatedPipeline, type SeededWorkspace } from "./isolated-pipeline";
import { crossTenant } from "./scenarios/cross-tenant";
import { databaseOutage } from "./scenarios/database-outage";
import { forwardedForRotation } from "./scenarios/forwarded-for-rotation";
import { llmOutage } from "./scenarios/llm-outage";
import { concurrentRedeliveries } from "./scenarios/redeliveries";
import { webhookFuzz } from "./scenarios/webhook-fuzz";
import { workerKilled } from "./scenarios/worker-killed";

/**
 * The fault and abuse suite (issue 11): real HTTP servers in front of the app's route handlers,
 * the run's PostgreSQL (reached through a proxy this file can cut), a database of its own for
 * the child app processes whose workers get killed, LLM fakes, and Redis for the limiter.
 * Scenarios run in order, each records its figures, and one table is printed at the end
 * (`npm run test:faults`, and in `npm test`).
 */

// Before anything opens a connection: this process reaches PostgreSQL only through the proxy.
const target = new URL(process.env.DATABASE_URL!);
const proxy: CutProxy = await startCutProxy({ host: target.hostname, port: Number(target.port || 5432) });
const ownerUrl = process.env.MIGRATE_DATABASE_URL!;
process.env.DATABASE_URL = proxy.via(process.env.DATABASE_URL!);
process.env.MIGRATE_DATABASE_URL = proxy.via(ownerUrl);
process.env.META_APP_SECRET = META_SECRET;
resetEnvCache();

let app: RouteServer;
let ws: FaultWorkspace;
let isolated: IsolatedPipeline | undefined;
let seeded: SeededWorkspace | undefined;

beforeAll(async () => {
  app = await serveApp();
  // demo.send (reached by the cross-tenant walk) posts its webhook to the app.
  process.env.APP_URL = app.url;
  resetEnvCache();
  ws = await createFaultWorkspace();
});

afterAll(async () => {
  await stopQueue();
  await isolated?.close();
  await app?.close();
  proxy.restore();
  await proxy.close();
  console.log(formatTable());
});

/** A scenario is one test; its row says whether its checks held, and keeps its figures either way. */
function scenario(name: string, run: () => Promise<void>, timeoutMs: number): void {
  it(name, async () => {
    try {
      await run();
      settle(name, true);
    } catch (error) {
      settle(name, false);
      throw error;
    }
  }, timeoutMs);
}

describe.sequential("fault and abuse suite", () => {
  scenario("1. concurrent redeliveries", () => concurrentRedeliveries(app.url, ws), 30_000);
  scenario("2. database stopped during deliveries", () => databaseOutage(app.url, ws, proxy), 90_000);
  scenario("3. queue worker killed mid-batch", async () => {
    isolated = await startIsolatedPipeline();
    seeded = await workerKilled(isolated);
  }, 180_000);
  scenario("4. LLM provider erroring / timing out", async () => {
    isolated ??= await startIsolatedPipeline();
    await llmOutage(isolated, seeded ?? (await isolated.start({ FAULT_SEED_WORKSPACE: "1" })).seeded as SeededWorkspace);
  }, 180_000);
  scenario("5. fuzzed webhook bodies", () => webhookFuzz(app, ws), 180_000);
  scenario("6. cross-tenant attempts with forged ids", () => crossTenant(app.url, ownerUrl), 120_000);
  scenario("7. X-Forwarded-For rotation", () => forwardedForRotation(app.url), 60_000);
});
