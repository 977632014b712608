import type { z } from "zod";
import type { JobHandlerContext } from "../../infra/jobs/catalog";
import type { crmSyncConnectionPayload } from "../../infra/jobs/payloads";
import { logger } from "../../infra/logger";
import { handlerPublisher } from "../../infra/outbox/publishers";
import { runConnectionSync, type SyncResult } from "./run-connection-sync";

/**
 * The `crm-sync-connection` job: one run of one connection. CRM failures are recorded on the
 * connection and the run row and the job succeeds (no retry storm against a CRM that is down);
 * only a crash throws, for the queue to retry.
 */
export async function syncConnectionJob(payload: z.infer<typeof crmSyncConnectionPayload>, jobs: JobHandlerContext): Promise<SyncResult> {
  const result = await runConnectionSync(payload.workspaceId, payload.connectionId, payload.trigger, { publisher: handlerPublisher(jobs.publish) });
  const log = logger.child({ component: "crm-sync", workspaceId: payload.workspaceId, connectionId: payload.connectionId, trigger: payload.trigger });
  if ("runId" in result) log.info({ runId: result.runId, status: result.status, ...result.counts, calls: result.calls, continued: result.continued }, "CRM sync run");
  else log.info({ status: result.status }, "CRM sync not run");
  return result;
}
