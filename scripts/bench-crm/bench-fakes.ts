import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { BenchCrm } from "./crm-bench-options";
import type { RateLimit } from "./crm-minimum";
import { readyMessage, replyMessage, type FakeReport, type FakeRequest, type FakesConfig, type FakeTokens } from "./fakes-protocol";

/**
 * The CRM fakes the benchmark syncs to (run in their own process: fakes-process.ts), with the
 * limits they enforce and the figures the theoretical minimum is computed against
 * (docs/crm/hubspot.md, docs/crm/salesforce.md):
 * - HubSpot: an OAuth app may make 110 requests per rolling 10 s per installed portal (the fake
 *   refuses the 111th with HubSpot's 429 body); no daily cap for OAuth apps.
 * - Salesforce: no per-second cap on REST calls, only the org's daily allocation (Developer
 *   Edition 15,000, enforced with REQUEST_LIMIT_EXCEEDED) and 25 long-running concurrent calls.
 *   Leadline paces itself to 10 requests per second, so that is the limit a run is held to.
 * `scale` divides every window (the fakes' and Leadline's pacing alike) to stress the engine.
 */
export type BenchFakes = {
  urls: Record<BenchCrm, string | null>;
  limits: Record<BenchCrm, RateLimit & { label: string }>;
  tokens(crm: BenchCrm): Promise<FakeTokens>;
  report(crm: BenchCrm): Promise<FakeReport>;
  /** Starts measuring the fakes' busy time (read back by `report`). */
  mark(): Promise<void>;
  close(): Promise<void>;
};

export const HUBSPOT_CLIENT = { clientId: "bench-hubspot-client", clientSecret: "bench-hubspot-secret" };
export const SALESFORCE_CLIENT = { clientId: "3MVG9BenchLeadlineConsumerKey00000000000000000000000000000", clientSecret: "BENCH0000SALESFORCE0000CONSUMER0000SECRET000000000000000000000" };
const HUBSPOT_OAUTH_APP_BURST = 110;
const SALESFORCE_DEV_EDITION_DAILY = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;

export async function startBenchFakes(crms: readonly BenchCrm[], scale: number): Promise<BenchFakes> {
  const config: FakesConfig = {
    ...(crms.includes("hubspot") ? { hubspot: { client: HUBSPOT_CLIENT, limits: { burst: HUBSPOT_OAUTH_APP_BURST, windowMs: 10_000 / scale, daily: null } } } : {}),
    ...(crms.includes("salesforce") ? { salesforce: { client: SALESFORCE_CLIENT, dailyAllocation: SALESFORCE_DEV_EDITION_DAILY } } : {}),
  };
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "fakes-process.ts"), JSON.stringify(config)], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const urls = await ready(child);
  const pending = new Map<number, { resolve: (body: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  child.on("message", (raw) => {
    const reply = replyMessage.safeParse(raw);
    if (!reply.success) return;
    const waiter = pending.get(reply.data.id);
    pending.delete(reply.data.id);
    if (reply.data.ok) waiter?.resolve(reply.data.body);
    else waiter?.reject(new Error(`fakes process: ${reply.data.error}`));
  });
  child.once("exit", () => {
    for (const waiter of pending.values()) waiter.reject(new Error("the fakes process exited"));
    pending.clear();
  });
  const ask = (request: FakeRequest) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`fakes process: no answer to ${request.type} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { resolve: (body) => (clearTimeout(timer), resolve(body)), reject: (error) => (clearTimeout(timer), reject(error)) });
      child.send({ id, request });
    });

  return {
    urls,
    limits: {
      hubspot: { label: "HubSpot OAuth app, rolling window per portal", requests: HUBSPOT_OAUTH_APP_BURST, perMs: 10_000 / scale },
      salesforce: { label: "Salesforce: no per-second cap; Leadline's own pacing", requests: 10, perMs: 1_000 / scale },
    },
    tokens: async (crm) => (await ask({ type: "tokens", crm })) as FakeTokens,
    report: async (crm) => (await ask({ type: "report", crm })) as FakeReport,
    mark: async () => void (await ask({ type: "mark" })),
    close: () => stopChild(child),
  };
}

function ready(child: ChildProcess): Promise<Record<BenchCrm, string | null>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the fakes process did not start within 30 s")), REQUEST_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the fakes process exited with code ${code} before it was ready`)));
    child.once("message", (raw) => {
      clearTimeout(timer);
      const message = readyMessage.safeParse(raw);
      if (message.success) resolve(message.data.urls);
      else reject(new Error("the fakes process sent something other than its URLs"));
    });
  });
}

/** Disconnecting makes it close its servers and exit; killed if it has not within 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill("SIGTERM");
  });
}
