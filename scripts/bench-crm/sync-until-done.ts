import type { CrmConnector } from "../../src/server/crm/crm-connector";
import type { CrmSyncTrigger } from "../../src/server/crm/sync/request-sync";
import { runConnectionSync, type SyncResult } from "../../src/server/crm/sync/run-connection-sync";
import type { PublishJobs } from "../../src/server/infra/jobs/catalog";
import { handlerPublisher } from "../../src/server/infra/outbox/publishers";

export type SyncRunSummary = { runs: number; results: Array<Extract<SyncResult, { runId: string }>>; otherJobs: number };

/** A run is "stuck" past this many continuations: something loops instead of finishing. */
const MAX_RUNS = 100;

/**
 * Runs the engine as the queue would: the `CONNECTED` run first, then every `crm-sync-connection`
 * continuation it publishes (the time budget ends a long run and queues the next one), until a
 * run finishes without one. The publisher is the job handler's (follow-ups through `publish`,
 * events on the in-process realtime bus); jobs other than continuations (retrain-scorer) are
 * counted and not run. A run that stops early (a CRM failure) ends the loop: the figures show it.
 */
export async function syncUntilDone(workspaceId: string, connectionId: string, connector: CrmConnector): Promise<SyncRunSummary> {
  const queued: CrmSyncTrigger[] = ["CONNECTED"];
  let otherJobs = 0;
  const publish: PublishJobs = async (name, items) => {
    for (const item of items) {
      const payload = item.payload as { connectionId?: unknown; trigger?: unknown };
      if (name === "crm-sync-connection" && payload.connectionId === connectionId) queued.push(payload.trigger as CrmSyncTrigger);
      else otherJobs += 1;
    }
    return items.map(() => ({ id: null, deduplicated: false }));
  };
  const publisher = handlerPublisher(publish);
  const results: SyncRunSummary["results"] = [];
  while (queued.length > 0) {
    if (results.length >= MAX_RUNS) throw new Error(`more than ${MAX_RUNS} runs for one connection`);
    const trigger = queued.shift() as CrmSyncTrigger;
    const result = await runConnectionSync(workspaceId, connectionId, trigger, { publisher, connector });
    if (!("runId" in result)) throw new Error(`the engine did not run: ${result.status}${"reason" in result ? ` (${result.reason})` : ""}`);
    results.push(result);
    if (result.error) break;
  }
  return { runs: results.length, results, otherJobs };
}
