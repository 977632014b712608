import { createJobRegistry, defineJob, type JobPayload, type JobName } from "../queue/define-job";
import { processMessage } from "../pipeline/process-message";
import { sendReply } from "../pipeline/send-reply";
import { applyRetention } from "../pipeline/apply-retention";
import { processMessagePayload, retentionPayload, sendReplyPayload } from "./payloads";

/** Every background job: name -> payload schema -> handler, with its retry policy. */
export const jobRegistry = createJobRegistry([
  defineJob({ name: "process-message", schema: processMessagePayload, handler: processMessage, retry: { limit: 4, backoffSeconds: 2 }, timeoutSeconds: 120 }),
  defineJob({ name: "send-reply", schema: sendReplyPayload, handler: sendReply, retry: { limit: 5, backoffSeconds: 5 }, timeoutSeconds: 60 }),
  defineJob({ name: "retention", schema: retentionPayload, handler: async () => void (await applyRetention()), retry: { limit: 3, backoffSeconds: 60 }, timeoutSeconds: 900 }),
]);

export type AppJobName = JobName<typeof jobRegistry>;
export type AppJobPayload<N extends AppJobName> = JobPayload<typeof jobRegistry, N>;
