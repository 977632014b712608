import { createJobCatalog, type JobName, type JobPayload } from "../queue/define-job";
import type { PublishItem, PublishResult } from "../queue/queue-port";
import { processMessagePayload, retentionPayload, sendReplyPayload, sweepOutboxPayload, pollChannelPayload, pollChannelsPayload, refreshTokensPayload, crmSyncPayload, crmSyncConnectionPayload, retrainScorerPayload, notifyWaitingDraftsPayload, notificationDigestPayload } from "./payloads";

/**
 * Every background job's contract: name -> payload schema, retry policy, timeout, batch size.
 * Publishing code (the queue port, `publishJob`/`publishJobs`) types itself against this table
 * only. Handlers are bound to these names in `bind-handlers.ts`, which only the worker start-up
 * and the QStash job route import, so a handler can publish without an import loop.
 *
 * The message pipeline's jobs take batches (the local queue hands over up to `batchSize` at
 * once; QStash delivers one per request), so their database work is shared across the batch.
 */
export const jobCatalog = createJobCatalog([
  { name: "process-message", schema: processMessagePayload, batchSize: 50, retry: { limit: 4, backoffSeconds: 2 }, timeoutSeconds: 120 },
  { name: "send-reply", schema: sendReplyPayload, batchSize: 50, retry: { limit: 5, backoffSeconds: 5 }, timeoutSeconds: 60 },
  { name: "retention", schema: retentionPayload, retry: { limit: 3, backoffSeconds: 60 }, timeoutSeconds: 900 },
  { name: "sweep-outbox", schema: sweepOutboxPayload, retry: { limit: 1, backoffSeconds: 30 }, timeoutSeconds: 120 },
  { name: "refresh-tokens", schema: refreshTokensPayload, retry: { limit: 1, backoffSeconds: 30 }, timeoutSeconds: 240 },
  { name: "poll-channels", schema: pollChannelsPayload, retry: { limit: 1, backoffSeconds: 30 }, timeoutSeconds: 60 },
  // Sequential platform calls with 10 s timeouts each (bounded pages per run); transient failures retried with backoff.
  { name: "poll-channel", schema: pollChannelPayload, retry: { limit: 3, backoffSeconds: 30 }, timeoutSeconds: 180 },
  { name: "crm-sync", schema: crmSyncPayload, retry: { limit: 1, backoffSeconds: 30 }, timeoutSeconds: 60 },
  // A run stops itself at its time budget (4 minutes) and re-queues; CRM failures are recorded, not thrown, so retries are for crashes only.
  { name: "crm-sync-connection", schema: crmSyncConnectionPayload, retry: { limit: 2, backoffSeconds: 60 }, timeoutSeconds: 300 },
  { name: "retrain-scorer", schema: retrainScorerPayload, retry: { limit: 2, backoffSeconds: 60 }, timeoutSeconds: 600 },
  { name: "notify-waiting-drafts", schema: notifyWaitingDraftsPayload, retry: { limit: 1, backoffSeconds: 60 }, timeoutSeconds: 120 },
  // A mail the port refused fails the run, so it is retried; a member's digest already SENT that day is skipped.
  { name: "notification-digest", schema: notificationDigestPayload, retry: { limit: 3, backoffSeconds: 300 }, timeoutSeconds: 600 },
]);

export type AppJobCatalog = typeof jobCatalog;
export type AppJobName = JobName<AppJobCatalog>;
export type AppJobPayload<N extends AppJobName> = JobPayload<AppJobCatalog, N>;

/** Many jobs of one name in one round trip; results in item order. */
export type PublishJobs = <N extends AppJobName>(name: N, items: ReadonlyArray<PublishItem<AppJobPayload<N>>>) => Promise<PublishResult[]>;

/** What the binding hands every handler: how to publish follow-up jobs. */
export interface JobHandlerContext {
  readonly publish: PublishJobs;
}
