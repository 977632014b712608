import { createJobRegistry, defineBatchJob, defineJob, type JobPayload, type JobName } from "../queue/define-job";
import { processMessages } from "../pipeline/process-message";
import { sendReplies } from "../pipeline/send-reply";
import { applyRetention } from "../pipeline/apply-retention";
import { processMessagePayload, retentionPayload, sendReplyPayload } from "./payloads";

/**
 * Every background job: name -> payload schema -> handler, with its retry policy. The message
 * pipeline's jobs take batches (the local queue hands over up to `batchSize` at once; QStash
 * delivers one per request), so their database work is shared across the batch.
 */
export const jobRegistry = createJobRegistry([
  defineBatchJob({ name: "process-message", schema: processMessagePayload, batchSize: 50, handleBatch: processMessages, retry: { limit: 4, backoffSeconds: 2 }, timeoutSeconds: 120 }),
  defineBatchJob({ name: "send-reply", schema: sendReplyPayload, batchSize: 50, handleBatch: sendReplies, retry: { limit: 5, backoffSeconds: 5 }, timeoutSeconds: 60 }),
  defineJob({ name: "retention", schema: retentionPayload, handler: async () => void (await applyRetention()), retry: { limit: 3, backoffSeconds: 60 }, timeoutSeconds: 900 }),
]);

export type AppJobName = JobName<typeof jobRegistry>;
export type AppJobPayload<N extends AppJobName> = JobPayload<typeof jobRegistry, N>;
